from familyhub.directory.search.words import NeedPhrase, stems, tokens, understand


def phrase(term, text):
    return NeedPhrase(term, term, text, stems(tokens(text)))


PHRASES = [
    phrase("sleep-babies", "won't sleep"),
    phrase("sleep-babies", "night waking"),
    phrase("behaviour-toddlers", "tantrums"),
    phrase("parent-mental-health", "feeling low"),
    phrase("perinatal-mental-health", "feeling low since the baby"),
    phrase("autism", "autistic"),
]


def test_words_drop_apostrophes_and_case():
    assert tokens("My baby WON'T sleep!") == ["my", "baby", "wont", "sleep"]


def test_stopwords_and_family_words_are_not_searched_for():
    understood = understand("I think my son might be autistic", PHRASES)
    assert understood.content_words == ["autistic"]
    assert set(understood.needs) == {"autism"}


def test_a_synonym_phrase_points_to_its_need():
    understood = understand("my baby won't sleep", PHRASES)
    assert set(understood.needs) == {"sleep-babies"}
    assert understood.content_words == ["baby", "sleep"]


def test_stems_match_plurals():
    assert set(understand("toddler tantrum", PHRASES).needs) == {"behaviour-toddlers"}


def test_the_longer_phrase_weighs_more():
    needs = understand("feeling low since the baby", PHRASES).needs
    assert needs["perinatal-mental-health"][0] > needs["parent-mental-health"][0]


def test_nothing_to_search_for():
    assert understand("help please", PHRASES).is_empty
