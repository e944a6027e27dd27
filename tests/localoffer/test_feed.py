"""The Local Offer feed: only SEND services aged 0 to 25, every response meeting the ORUK 3.0
schemas the main API's contract tests use, each service with its Local Offer answers."""

from html import escape

import pytest
from django.urls import reverse

from familyhub.directory.models import Service
from familyhub.directory.search.needs import needs_index
from familyhub.localoffer import actions, queries
from tests.oruk_schemas import ENDPOINT_SCHEMAS
from tests.personas import person

pytestmark = pytest.mark.django_db


def _send_term_ids():
    index = needs_index()
    return (
        index.descendants[index.by_code["send"]]
        | index.descendants[index.by_code["neurodiversity"]]
    )


def _all_items(client, url_name, **params):
    items, page = [], 1
    while True:
        body = client.get(reverse(url_name), {"per_page": 10, "page": page, **params}).json()
        items += body["contents"]
        if body["last_page"]:
            return items
        page += 1


def test_the_feed_holds_only_send_services_for_ages_0_to_25(client):
    items = _all_items(client, "localoffer_oruk:services")
    ids = {item["id"] for item in items}
    send_terms = _send_term_ids()
    expected = {
        str(service.pk)
        for service in Service.objects.filter(
            status__in=["active", "inactive", "defunct", "temporarily closed"],
            service_terms__taxonomy_term_id__in=send_terms,
        ).distinct()
        if (service.minimum_age or 0) <= 25
        and (service.maximum_age is None or service.maximum_age >= 0)
    }
    assert ids == expected
    assert len(ids) >= 20  # the demo directory's SEND and neurodiversity services
    sleep_only = Service.objects.get(name="Free wifi and computers at Medway libraries")
    assert str(sleep_only.pk) not in ids


def test_a_send_service_aged_over_25_is_left_out(client):
    service = Service.objects.get(name="SEND advice line (SENDIASS)")
    Service.objects.filter(pk=service.pk).update(minimum_age=26, maximum_age=40)
    ids = {item["id"] for item in _all_items(client, "localoffer_oruk:services")}
    assert str(service.pk) not in ids
    assert client.get(reverse("localoffer_oruk:service", args=[service.pk])).status_code == 404


def test_every_response_meets_the_oruk_schemas(client, oruk):
    details = client.get(reverse("localoffer_oruk:api-details")).json()
    assert oruk.errors(details, ENDPOINT_SCHEMAS["api_details"]) == []
    assert details["openapi_url"].endswith("/api/local-offer/oruk/v3/openapi.json")
    first = client.get(reverse("localoffer_oruk:services"), {"per_page": 7}).json()
    for page in sorted({1, first["total_pages"]}):
        body = client.get(reverse("localoffer_oruk:services"), {"per_page": 7, "page": page})
        errors = oruk.errors(body.json(), ENDPOINT_SCHEMAS["services"])
        assert errors == [], errors[:5]
    full = client.get(reverse("localoffer_oruk:services"), {"per_page": 5, "full": "true"})
    assert oruk.errors(full.json(), ENDPOINT_SCHEMAS["services"]) == []
    for item in first["contents"]:
        record = client.get(reverse("localoffer_oruk:service", args=[item["id"]])).json()
        errors = oruk.errors(record, ENDPOINT_SCHEMAS["service"])
        assert errors == [], (item["id"], errors[:5])
    taxonomies = client.get(reverse("localoffer_oruk:taxonomies")).json()
    assert oruk.errors(taxonomies, ENDPOINT_SCHEMAS["taxonomies"]) == []


def test_a_service_carries_its_answers_to_the_seven_questions(client, oruk):
    service = Service.objects.get(name="SEND advice line (SENDIASS)")
    actions.save_answers(
        service,
        {"who_for": "Parents of children with SEND, aged 0 to 25.", "cost": "Free."},
        by=person("data_manager"),
    )
    record = client.get(reverse("localoffer_oruk:service", args=[service.pk])).json()
    assert record["local_offer"]["questions"] == [
        {"field": "who_for", "question": "Who is this service for?",
         "answer": "Parents of children with SEND, aged 0 to 25."},
        {"field": "cost", "question": "What does it cost the family?", "answer": "Free."},
    ]  # fmt: skip
    assert oruk.errors(record, ENDPOINT_SCHEMAS["service"]) == []
    listed = _all_items(client, "localoffer_oruk:services")
    mine = next(item for item in listed if item["id"] == str(service.pk))
    assert mine["local_offer"]["questions"][1]["answer"] == "Free."


def test_a_need_outside_send_is_a_json_400_and_a_send_need_narrows(client):
    outside = client.get(reverse("localoffer_oruk:services"), {"need": "sleep"})
    assert outside.status_code == 400
    assert "SEND needs only" in outside.content.decode()
    autism = client.get(reverse("localoffer_oruk:services"), {"need": "autism"}).json()
    everything = client.get(reverse("localoffer_oruk:services")).json()
    assert 0 < autism["total_items"] < everything["total_items"]


def test_a_service_outside_the_local_offer_is_a_json_404(client):
    other = Service.objects.get(name="Free wifi and computers at Medway libraries")
    response = client.get(reverse("localoffer_oruk:service", args=[other.pk]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/api/local-offer/oruk/v3/organizations").status_code == 404


def test_the_openapi_document_lists_only_what_the_feed_serves(client):
    document = client.get(reverse("localoffer_oruk:openapi")).json()
    assert "/services" in document["paths"]
    assert "/organizations" not in document["paths"]
    assert document["servers"][0]["url"].endswith("/api/local-offer/oruk/v3")


def test_the_rule_is_one_function(client):
    """The page lists what the feed holds (open services)."""
    page = client.get(reverse("localoffer:index"))
    for service in queries.local_offer_services():
        assert escape(service.name) in page.content.decode()
