"""The filters' WHERE clause is compiled once for each set of filter values
(compiled_filters.py): what is kept is exactly what compiling afresh gives."""

import pytest
from django.http import QueryDict

from familyhub.directory.search import compiled_filters
from familyhub.directory.search.needs import forget_needs_index
from familyhub.directory.search.ranking import where_of
from familyhub.directory.search.request import SearchInputError, build_search_request
from familyhub.directory.search.service import filtered_services

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"age": "2"},
    {"age": "3", "need": "sleep", "free": "true"},
    {"access": "drop_in", "level": "universal", "delivery": "online,phone"},
    {"language": "pl", "day": "MO", "no_diagnosis": "true", "modified_after": "2020-01-01"},
]


def _request(params):
    query = QueryDict(mutable=True)
    query.update(params)
    return build_search_request(query)


@pytest.mark.parametrize("params", FILTERS)
def test_the_kept_clause_is_the_one_compiled_afresh(params):
    request = _request(params)
    expected = where_of(filtered_services(request), "default")
    first = compiled_filters.compiled_where(request, "default", filtered_services)
    again = compiled_filters.compiled_where(request, "default", filtered_services)
    assert first == again == expected


def test_words_place_and_page_share_a_clause_and_every_filter_has_its_own():
    plain = _request({"text": "sleep", "postcode": "ME4 4TR", "page": "2"})
    assert compiled_filters.filter_key(plain) == compiled_filters.filter_key(_request({}))
    keys = {compiled_filters.filter_key(_request(params)) for params in FILTERS}
    assert len(keys) == len(FILTERS)
    clauses = {
        compiled_filters.compiled_where(_request(p), "default", filtered_services)[0]
        for p in FILTERS
    }
    assert len(clauses) == len(FILTERS)


def test_an_unknown_need_is_refused_every_time():
    request = _request({"need": "sleep"})
    request.needs = ["no-such-need"]
    for _ in range(2):
        with pytest.raises(SearchInputError):
            compiled_filters.compiled_where(request, "default", filtered_services)


def test_a_rebuilt_needs_index_compiles_again():
    request = _request({"need": "sleep"})
    compiled_filters.compiled_where(request, "default", filtered_services)
    calls = []

    def build(request):
        calls.append(request)
        return filtered_services(request)

    compiled_filters.compiled_where(request, "default", build)
    assert calls == []
    forget_needs_index()
    compiled_filters.compiled_where(request, "default", build)
    assert calls == [request]
