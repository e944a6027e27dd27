"""Misspelt words are corrected against the vocabulary; known and short words never are."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from familyhub.directory.search.spelling import Vocabulary, edit_distance, vocabulary
from familyhub.directory.search.words import (
    ENGLISH,
    POLISH,
    NeedPhrase,
    PhraseBook,
    stems,
    stems_in,
    tokens,
    understand,
)


def phrase(term, text, language=ENGLISH):
    return NeedPhrase(term, term, text, stems_in(language, tokens(text)), language)


BOOK = PhraseBook(
    [
        phrase("sleep", "sleep problems"),
        phrase("sleep", "sleep"),
        phrase("breastfeeding", "breast feeding"),
        phrase("toddlers", "tantrums"),
        phrase("autism", "autism"),
        phrase("young-carers", "young carers"),
        phrase("teenagers", "careers advice"),
        phrase("new-baby", "niemowlę", POLISH),
    ]
)
NEED_WORDS = {
    ENGLISH: {"sleep", "problems", "breast", "feeding", "tantrums", "autism", "young", "carers"}
    | {"careers", "advice", "reading", "bullying"},
    POLISH: {"niemowle", "sen"},
}
SERVICE_WORDS = Counter({"heading": 3, "send": 9, "leading": 1, "sport": 4, "spot": 4})
SERVICE_WORDS.update({"life": 5, "never": 5, "list": 5, "refuge": 2, "pram": 2, "play": 3})
VOCABULARY = Vocabulary(NEED_WORDS, SERVICE_WORDS)


def corrected(text, language=ENGLISH):
    return understand(text, BOOK, language=language, speller=VOCABULARY).corrections


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("slep", "sleep"),
        ("sleap problems", "sleep"),
        ("autisum", "autism"),
        ("tantrms", "tantrums"),
        ("feading", "feeding"),  # not heading or leading: a need's word, same first letter
        ("bulying", "bullying"),
    ],
)
def test_misspelt_words_are_corrected(typed, meant):
    assert corrected(typed) == {typed.split()[0]: meant}


@pytest.mark.parametrize("word", ["wife", "fever", "prem", "lisp", "refugee", "sleap"])
def test_a_word_that_may_be_another_real_word_is_not_turned_into_a_different_one(word):
    # Not life, never, pram, list, refuge; "sleap" alone is sleep or leap, so left alone
    # (with "problems" after it, it makes a need's phrase, and is corrected: above).
    assert corrected(word) == {}


def test_a_corrected_query_finds_its_need():
    understood = understand("slep problems", BOOK, speller=VOCABULARY)
    assert set(understood.needs) == {"sleep"}
    assert understood.content_words == ["sleep", "problems"]
    assert understood.corrected_text == "sleep problems"


def test_the_words_around_choose_between_equally_near_words():
    # "carrers" is one edit from both "carers" and "careers": "young carers" is a need's phrase.
    assert corrected("young carrers") == {"carrers": "carers"}
    assert corrected("carrers advice") == {"carrers": "careers"}


def test_known_words_are_never_changed():
    assert corrected("sleep send sport spot advice") == {}


def test_stems_of_known_words_are_known():
    assert corrected("tantrum sleeping") == {}


def test_short_words_are_never_changed():
    # "sen" is Polish for sleep and English for special educational needs; "adh", "slp" are not
    # words, but three letters is too little to guess from.
    assert corrected("sen adh slp spt") == {}


def test_polish_without_its_accents_is_known():
    assert corrected("niemowle", POLISH) == {}
    understood = understand("niemowle", BOOK, language=POLISH, speller=VOCABULARY)
    assert set(understood.needs) == {"new-baby"}


def test_a_tie_nothing_can_break_is_left_alone():
    vocabulary = Vocabulary({ENGLISH: set()}, Counter({"cards": 2, "cords": 2}))
    assert understand("crds", BOOK, speller=vocabulary).corrections == {}


def test_words_with_digits_are_left_alone():
    assert corrected("2yr 30hours") == {}


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("sleep", "slep", 1), ("wieght", "weight", 1), ("autisum", "autism", 1), ("abc", "xyz", 3)],
)
def test_edit_distance_counts_swaps_as_one_edit(a, b, distance):
    assert edit_distance(a, b, 5) == distance


@given(st.sampled_from(sorted(VOCABULARY.known)), st.sampled_from([ENGLISH, POLISH]))
def test_no_vocabulary_word_is_ever_corrected(word, language):
    assert understand(word, BOOK, language=language, speller=VOCABULARY).corrections == {}


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_a_correction_is_always_a_vocabulary_word_within_the_allowed_edits(word):
    for typed, meant in corrected(word).items():
        assert meant in VOCABULARY.known
        assert len(typed) >= 4 and typed[0] == meant[0]
        assert edit_distance(typed, meant, 3) <= (1 if len(typed) <= 6 else 2)


@pytest.mark.django_db
def test_the_directory_vocabulary_has_both_languages_and_services_words():
    from familyhub.directory.models import Service

    words = vocabulary()
    assert {"sleep", "breastfeeding", "niemowle", "karmienie", "autyzm"} <= words.known
    service = Service.objects.order_by("name").first()
    service.description += " Makatonowy signing sessions."
    service.save()  # a service's new words are known at once
    assert "makatonowy" in vocabulary().known


def test_stems_used_by_the_vocabulary_are_the_search_stems():
    assert stems(["tantrums"]) == stems(["tantrum"])


@pytest.mark.django_db
def test_a_corrected_polish_word_is_shown_with_its_accents():
    from familyhub.directory.search.needs import needs_index

    understood = understand("karmienie piersąą", needs_index().phrases, language=POLISH,
                            speller=vocabulary())  # fmt: skip
    assert understood.corrected_text == "karmienie piersią"
