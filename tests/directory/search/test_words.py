from hypothesis import given
from hypothesis import strategies as st

from familyhub.directory.search.words import NeedPhrase, PhraseBook, stems, tokens, understand


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


def _naive_found(query_stems, phrases):
    """Every phrase checked against every position: what the phrase book must agree with."""
    return [
        phrase
        for phrase in phrases
        if any(
            query_stems[i : i + len(phrase.stems)] == phrase.stems
            for i in range(len(query_stems) - len(phrase.stems) + 1)
        )
    ]


_stem_words = st.sampled_from(["baby", "sleep", "low", "feel", "toddler", "tantrum", "autist"])


@given(
    phrase_stems=st.lists(st.lists(_stem_words, min_size=1, max_size=3), max_size=12),
    query=st.lists(_stem_words, max_size=8),
)
def test_the_phrase_book_finds_exactly_the_phrases_in_the_query(phrase_stems, query):
    phrases = [
        NeedPhrase(f"term-{n}", f"Term {n}", " ".join(words), tuple(words))
        for n, words in enumerate(phrase_stems)
    ]
    book = PhraseBook(phrases)
    assert book.found_in(tuple(query)) == _naive_found(tuple(query), phrases)


def test_understanding_is_the_same_from_a_phrase_book_or_a_list():
    text = "feeling low since the baby and she won't sleep"
    assert understand(text, PhraseBook(PHRASES)).needs == understand(text, PHRASES).needs
