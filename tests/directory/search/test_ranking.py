"""The ranking statement written as SQL (ranking.py) gives exactly the order and total of the
ORM's `matching_services`, the definition it replaces on the search path."""

import pytest
from django.http import QueryDict

from familyhub.directory.search.request import SearchRequest, build_search_request
from familyhub.directory.search.service import matching_services, search_services

pytestmark = pytest.mark.django_db

REQUESTS = [
    {},
    {"text": "toddler tantrums", "postcode": "ME4 4TR", "age": "2"},
    {"text": "my baby won't sleep", "postcode": "ME7 1AB", "age": "0", "radius": "10"},
    {"text": "I think my son might be autistic", "postcode": "ME2 4AA", "radius": "20"},
    {"text": "feeling low since the baby", "postcode": "ME5 9AA", "age": "0"},
    {"text": "help with breastfeeding"},
    {"text": "help with breastfeeding", "postcode": "ME8 0AA", "radius": "3"},
    {"text": "baby", "free": "true", "delivery": "online,phone"},
    {"text": "bullied", "postcode": "ME4 4TR", "radius": "30"},
    {"text": "sleep", "access": "drop_in", "level": "universal"},
    {"text": "speech", "language": "pl", "day": "MO"},
    {"text": "zzzz qqqq"},
    {"postcode": "ME7 1NX", "radius": "3", "need": "sleep"},
    {"postcode": "ME4 4TR", "radius": "40"},
    {"postcode": "ME4 4TR", "age": "4", "no_diagnosis": "true"},
    {"need": "sleep", "age": "1"},
    {"text": "parenting", "modified_after": "2020-01-01"},
]


def _request(params, **extra):
    query = QueryDict(mutable=True)
    query.update({**params, **{key: str(value) for key, value in extra.items()}})
    return build_search_request(query)


@pytest.mark.parametrize("params", REQUESTS)
def test_the_ranking_statement_orders_and_counts_as_the_orm_does(params):
    request = _request(params, per_page=100)
    expected = list(matching_services(request).values_list("pk", flat=True))
    results = search_services(request)
    assert [hit.service.pk for hit in results.hits] == expected[:100]
    assert results.total == len(expected)


@pytest.mark.parametrize("page", [1, 2, 3, 50])
def test_every_page_is_the_orms_slice_and_past_the_last_the_total_still_comes(page):
    params = {"text": "baby", "postcode": "ME4 4TR", "radius": "30"}
    expected = list(matching_services(_request(params)).values_list("pk", flat=True))
    results = search_services(_request(params, page=page, per_page=3))
    assert [hit.service.pk for hit in results.hits] == expected[(page - 1) * 3 : page * 3]
    assert results.total == len(expected)


@pytest.mark.parametrize("params", [{"text": "baby"}, {"text": "baby", "postcode": "ME4 4TR"}, {}])
def test_no_statuses_at_all_finds_nothing_as_the_orm_does(params):
    request = _request(params)
    request = SearchRequest(**{**request.__dict__, "statuses": []})
    assert list(matching_services(request)) == []
    results = search_services(request)
    assert (results.hits, results.total) == ([], 0)
