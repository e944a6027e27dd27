"""Polish queries find the same services as their English meaning; the page's language decides
what a word both languages use means ("sen": sleep on /pl/, SEND on /en/)."""

import pytest
from django.utils import translation

from familyhub.directory import reference_data as ref
from familyhub.directory.search import polish
from familyhub.directory.search.request import SearchRequest
from familyhub.directory.search.service import search_services
from familyhub.directory.search.words import tokens

pytestmark = pytest.mark.django_db


def found(text, language="en-gb", per_page=50):
    with translation.override(language):
        return search_services(SearchRequest(text=text, per_page=per_page))


def tagged(hit, code):
    term = ref.term_id(ref.NEEDS, code)
    return any(link.taxonomy_term_id == term for link in hit.service.service_terms.all())


def ids(results, top=None):
    return {hit.service.id for hit in results.hits[:top]}


@pytest.mark.parametrize(
    ("polish_words", "english_words"),
    [
        ("karmienie piersią", "breast feeding"),
        ("autyzm", "autism"),
        ("depresja poporodowa", "postnatal depression"),
        ("przemoc domowa", "domestic abuse"),
        ("rzucanie palenia", "stop smoking"),
    ],
)
def test_a_polish_query_finds_what_its_english_meaning_finds(polish_words, english_words):
    in_polish, in_english = found(polish_words, "pl"), found(english_words)
    assert in_english.total > 0
    # The same need is understood, and the English search's first five are all found.
    assert set(in_english.understanding.needs) <= set(in_polish.understanding.needs)
    assert ids(in_english, 5) <= ids(in_polish)


def test_polish_queries_work_on_english_pages_too():
    assert ids(found("karmienie piersią"), 5) == ids(found("karmienie piersią", "pl"), 5)


def test_polish_with_or_without_its_accents_is_the_same_query():
    with_accents, without = found("niemowlę nie śpi", "pl"), found("niemowle nie spi", "pl")
    assert with_accents.total > 0
    assert ids(with_accents) == ids(without)
    assert all(tagged(hit, "sleep") or tagged(hit, "sleep-babies") for hit in with_accents.hits[:3])


def test_sen_on_a_polish_page_is_sleep_not_send():
    results = found("sen", "pl")
    assert results.total > 0
    assert results.matched_needs == ["Sleep"]
    for hit in results.hits:
        assert not tagged(hit, "send") or tagged(hit, "sleep-children") or tagged(hit, "sleep")
    assert not any("SEND" in hit.service.name for hit in results.hits)


def test_sen_on_an_english_page_still_means_special_educational_needs():
    results = found("sen")
    assert "Special educational needs and disability" in results.matched_needs


def test_a_polish_stop_word_is_not_an_english_need_on_a_polish_page():
    # "dla" is "for"; in English DLA is a benefit.
    assert found("dentysta dla dziecka", "pl").matched_needs == ["Teeth and oral health"]


def test_the_words_a_polish_phrase_took_are_not_searched_in_english_text():
    understood = found("sen", "pl").understanding
    assert "sen" not in understood.content_words


@pytest.mark.parametrize(
    ("word", "stem"),
    [("piersią", "piers"), ("piersi", "piers"), ("zachowaniem", "zachow"),
     ("zachowanie", "zachow"), ("sen", "sen"), ("snu", "snu"), ("szkoły", "szkol")],
)  # fmt: skip
def test_the_polish_stemmer_takes_one_ending_off(word, stem):
    assert polish.stem(tokens(word)[0]) == stem


def test_every_need_has_a_polish_name_and_description():
    entries = ref.polish_needs()
    assert entries and all(entry["name"] and entry["description"] for entry in entries.values())
    assert all(entry["synonyms"] for entry in entries.values())


def test_a_need_no_service_has_stands_for_its_broader_need_too():
    # No demonstration service is tagged for bullying; its broader need is children's feelings.
    results = found("bullied")
    assert results.matched_needs == ["Bullying and staying safe online"]
    assert results.total > 0
    assert all(tagged(hit, "child-mental-health") or tagged(hit, "worries-anxiety")
               or tagged(hit, "low-mood-self-harm") or tagged(hit, "bereavement")
               for hit in results.hits[:5])  # fmt: skip
    assert found("nękanie w szkole", "pl").total > 0
