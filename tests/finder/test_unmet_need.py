import pytest

from familyhub.directory.search.request import SearchRequest
from familyhub.finder.models import SearchRecord
from familyhub.finder.unmet_need import record_if_few, without_contact_details


def test_contact_details_are_taken_out_of_search_words():
    text = "help for jo@example.com call 07700 900123 at ME4 4TR please"
    cleaned = without_contact_details(text)
    assert "example.com" not in cleaned
    assert "900123" not in cleaned
    assert "4TR" not in cleaned
    assert cleaned.startswith("help for")


@pytest.mark.django_db
def test_a_search_that_found_little_is_kept_without_anything_personal():
    request = SearchRequest(
        text="dad groups email me on jo@example.com",
        postcode="ME4 4TR",
        radius_miles=5,
        age=3,
        free_only=True,
    )
    record = record_if_few(request, 1)
    assert record is not None
    saved = SearchRecord.objects.get(pk=record.pk)
    assert saved.postcode_district == "ME4"
    assert "example.com" not in saved.text
    assert saved.filters == {"age": 3, "radius_miles": 5, "free_only": True}
    assert saved.result_count == 1
    assert not hasattr(saved, "searched_at")


@pytest.mark.django_db
def test_searches_that_found_enough_or_later_pages_are_not_kept():
    assert record_if_few(SearchRequest(text="sleep"), 3) is None
    assert record_if_few(SearchRequest(text="sleep", page=2), 0) is None
    assert SearchRecord.objects.count() == 0
