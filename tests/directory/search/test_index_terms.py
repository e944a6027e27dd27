"""SQLite: a service's own terms (index_terms.py) hold a word exactly when the full-text index
finds the service by it, in its text and in its name."""

import pytest
from django.db import connection

from familyhub.directory.models import Service
from familyhub.directory.search.index_terms import has_term_sql, term_of, terms_of
from familyhub.directory.search.text_match import fts_matches
from tests import factories as f

pytestmark = pytest.mark.django_db

WORDS = ["baby", "sleeping", "feeling", "low", "autism", "breastfeeding", "cafe", "0", "zzzz"]


def _keys(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's full-text index only")
@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("in_name_only", [False, True])
def test_a_services_terms_hold_a_word_when_the_index_finds_it(word, in_name_only):
    f.ServiceFactory(name="Café for sleeping babies", description="Feeling low? Naïve 0–5s")
    matches = _keys(*fts_matches(word, in_name_only=in_name_only))
    condition, params = has_term_sql("search_terms", word, in_name_only=in_name_only)
    holding = _keys(f"SELECT search_key FROM directory_service WHERE {condition}", params)
    assert holding == matches
    assert Service.objects.filter(search_terms__isnull=True).count() == 0


def test_words_the_index_splits_are_left_to_the_index():
    assert term_of("babies") == "babi"
    assert term_of("won't") is None and has_term_sql("t", "won't", in_name_only=False) is None


def test_terms_mark_the_names_and_leave_nothing_out():
    (terms,) = terms_of([("Baby café", "baby cafe\nmeet other parents")])
    assert terms.startswith(" ") and terms.endswith(" ")
    assert set(terms.split()) == {"babi", "cafe", "meet", "other", "parent", "^babi", "^cafe"}
    assert terms_of([]) == [] and terms_of([("", "")]) == [" "]
