"""No N+1: the public results page and the ORUK services list make the same, small number of
queries however many services are on the page; and an identical search since the directory
last changed (familyhub.directory.search.cached) makes fewer still."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _queries(client, url, params, *, again=False) -> int:
    """Queries for the page: a search not asked before (the caches of the postcode, the
    taxonomy and the filters' options warm), or (`again`) the same search again."""
    # Warm the caches the first request fills; page 2 is another search.
    client.get(url, params if again else {**params, "page": "2"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


RESULTS_PAGES = [
    {"q": "toddler tantrums", "postcode": "ME4 4TR", "age": "2"},
    {"q": "help with breastfeeding"},
    {"postcode": "ME7 1NX", "free": "1", "no_referral": "1"},
    {},
]


@pytest.mark.parametrize("params", RESULTS_PAGES)
def test_the_results_page_makes_the_same_few_queries_for_a_short_or_full_page(
    client, params, monkeypatch
):
    from familyhub.finder import search_form

    monkeypatch.setattr(search_form, "PER_PAGE", 2)
    few = _queries(client, "/services/", params)
    monkeypatch.setattr(search_form, "PER_PAGE", 20)
    many = _queries(client, "/services/", params)
    assert many == few, f"{many} queries for 20 results, {few} for 2: an N+1"
    # The directory's version; ranked, then the page loaded (see search_services); one of them
    # reads programmes' groups for the one wait (decision 0037).
    assert many <= 11


@pytest.mark.parametrize("params", RESULTS_PAGES)
def test_the_same_search_again_reads_only_the_version_and_the_waits(client, params, monkeypatch):
    from familyhub.finder import search_form

    monkeypatch.setattr(search_form, "PER_PAGE", 2)
    few = _queries(client, "/services/", params, again=True)
    monkeypatch.setattr(search_form, "PER_PAGE", 20)
    many = _queries(client, "/services/", params, again=True)
    # The directory's version, and the expected waits (the queues, the recent starts, the
    # programmes' groups): they follow the referrals, so they are read for every page.
    assert many == few == 4


@pytest.mark.parametrize(
    "params",
    [{"search": "toddler tantrums", "postcode": "ME4 4TR"}, {"search": "sleep"}, {}],
)
def test_the_oruk_services_list_makes_the_same_few_queries_for_any_page_size(client, params):
    few = _queries(client, "/api/oruk/v3/services", {**params, "per_page": "2"})
    many = _queries(client, "/api/oruk/v3/services", {**params, "per_page": "50"})
    assert many == few, f"{many} queries for 50 services, {few} for 2: an N+1"
    assert many <= 17
    again = _queries(client, "/api/oruk/v3/services", {**params, "per_page": "50"}, again=True)
    assert again == 1  # the directory's version
