"""Imports reviewed before they are public (issue 14): a record from an outside feed that lacks
the partnership's fields, is outside its area or gives no contact waits for a data manager, is
never public on defaults, and a re-import keeps what the data manager decided."""

import uuid

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import ServiceStatus
from familyhub.directory.search.request import SearchRequest
from familyhub.directory.search.service import search_services
from familyhub.interchange import review
from familyhub.interchange.models import ImportReview, Outcome, ReviewState
from tests.interchange.test_oruk_import_batches import import_records, record
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db

LEVEL_AND_ACCESS = {ref.LEVEL, ref.ACCESS}


def without_partnership_fields(data: dict) -> dict:
    """The record as an outside feed gives it: no level of need, no access route."""
    data["attributes"] = [
        attribute
        for attribute in data["attributes"]
        if not any(
            attribute["taxonomy_term_id"] == str(ref.term_id(key, code))
            for key in LEVEL_AND_ACCESS
            for code in (
                "universal",
                "targeted",
                "specialist",
                "statutory",
                "drop_in",
                "self_referral",
                "professional_referral",
            )
        )  # fmt: skip
    ]
    return data


def in_america(data: dict) -> dict:
    place = data["service_at_locations"][0]["location"]
    place["latitude"], place["longitude"] = 40.71, -74.0
    address = place["addresses"][0]
    address.update(city="New York", state_province="NY", postal_code="10001", country="US")
    return data


def found_in_search(service_id) -> bool:
    hits = search_services(SearchRequest(needs=["sleep"], per_page=100)).hits
    return any(str(hit.service.id) == str(service_id) for hit in hits)


def test_a_feed_record_without_the_partnerships_fields_waits_for_review(tmp_path, client):
    data = without_partnership_fields(record("Quiet nights clinic"))

    run = import_records(tmp_path, [data])

    service = m.Service.objects.get(id=data["id"])
    assert service.status == ServiceStatus.HELD
    assert service.level_of_need == ""  # never filled with a guess
    assert service.access_routes == []
    held = ImportReview.objects.get(service=service)
    assert (held.state, held.reasons, held.feed_status) == (
        ReviewState.WAITING,
        ["no_level", "no_access"],
        "active",
    )
    assert run.results.get().outcome == Outcome.CREATED
    assert "Held for a data manager's review" in " ".join(run.results.get().notes)
    # Not public anywhere: the search, the ORUK API (list and record), the finder.
    assert not found_in_search(data["id"])
    assert client.get(f"/api/oruk/v3/services/{data['id']}").status_code == 404
    listed = client.get("/api/oruk/v3/services", {"per_page": 100}).json()["contents"]
    assert data["id"] not in {item["id"] for item in listed}
    organisation = client.get(f"/api/oruk/v3/organizations/{data['organization']['id']}").json()
    assert organisation["services"] == []
    assert client.get(reverse("finder:service", args=[data["id"]])).status_code == 404


def test_a_complete_record_in_the_area_is_published_at_once(tmp_path, client):
    data = record("Bedtime drop-in")

    import_records(tmp_path, [data])

    service = m.Service.objects.get(id=data["id"])
    assert service.status == ServiceStatus.ACTIVE
    assert (service.level_of_need, service.access_routes) == ("targeted", ["self_referral"])
    assert not ImportReview.objects.filter(service=service).exists()
    assert found_in_search(data["id"])
    assert client.get(f"/api/oruk/v3/services/{data['id']}").status_code == 200


def test_a_record_outside_the_area_waits_unless_it_is_delivered_online(tmp_path):
    away = in_america(record("Far away clinic"))
    online = in_america(record("Online sleep course"))
    online["attributes"].append(
        {"id": str(uuid.uuid4()), "taxonomy_term_id": str(ref.term_id(ref.DELIVERY, "online"))}
    )

    import_records(tmp_path, [away, online])

    assert ImportReview.objects.get(service_id=away["id"]).reasons == ["outside_area"]
    assert m.Service.objects.get(id=away["id"]).status == ServiceStatus.HELD
    assert m.Service.objects.get(id=online["id"]).status == ServiceStatus.ACTIVE


def test_a_record_with_no_way_to_contact_it_waits(tmp_path):
    data = record("Nameless group")
    data["contacts"] = []

    import_records(tmp_path, [data])

    assert ImportReview.objects.get(service_id=data["id"]).reasons == ["no_contact"]


def test_reimporting_a_reviewed_record_keeps_it_published_with_the_reviewed_values(tmp_path):
    manager = person(Role.DATA_MANAGER)
    data = without_partnership_fields(record("Sleep clinic"))
    import_records(tmp_path, [data], name="first.json")
    review.publish(
        data["id"], by=manager, level_of_need="specialist", access_routes=["professional_referral"]
    )

    data["description"] = "Help with bedtimes, now on Saturdays too."
    data["attributes"].append(  # the feed now says otherwise: the reviewed values stand
        {"id": str(uuid.uuid4()), "taxonomy_term_id": str(ref.term_id(ref.LEVEL, "universal"))}
    )
    run = import_records(tmp_path, [data], name="second.json")

    service = m.Service.objects.get(id=data["id"])
    assert run.results.get().outcome == Outcome.UPDATED
    assert service.description == "Help with bedtimes, now on Saturdays too."
    assert service.status == ServiceStatus.ACTIVE
    assert service.level_of_need == "specialist"
    assert service.access_routes == ["professional_referral"]
    assert ImportReview.objects.get(service=service).state == ReviewState.PUBLISHED
    assert found_in_search(data["id"])


def test_a_held_record_is_published_when_a_later_import_gives_what_was_missing(tmp_path):
    complete = record("Sleep clinic")
    import_records(tmp_path, [without_partnership_fields(dict(complete))], name="first.json")
    assert m.Service.objects.get(id=complete["id"]).status == ServiceStatus.HELD

    import_records(tmp_path, [record("Sleep clinic", id=complete["id"])], name="second.json")

    service = m.Service.objects.get(id=complete["id"])
    assert (service.status, service.level_of_need) == (ServiceStatus.ACTIVE, "targeted")
    assert ImportReview.objects.get(service=service).state == ReviewState.PUBLISHED


def test_a_rejected_record_is_skipped_by_later_imports(tmp_path):
    data = without_partnership_fields(record("Not ours"))
    import_records(tmp_path, [data], name="first.json")
    review.reject(data["id"], by=person(Role.DATA_MANAGER), note="A service in Ohio.")

    data["description"] = "Changed."
    run = import_records(tmp_path, [data], name="second.json")

    result = run.results.get()
    assert result.outcome == Outcome.SKIPPED
    assert "rejected this record on review" in result.reasons[0]
    assert m.Service.objects.get(id=data["id"]).status == ServiceStatus.HELD


def test_publishing_needs_the_level_of_need_and_an_access_route(tmp_path):
    data = without_partnership_fields(record("Sleep clinic"))
    import_records(tmp_path, [data])

    with pytest.raises(review.ReviewRefused, match="Choose at least one way"):
        review.publish(
            data["id"], by=person(Role.DATA_MANAGER), level_of_need="targeted", access_routes=[]
        )
    assert m.Service.objects.get(id=data["id"]).status == ServiceStatus.HELD


# --- the data manager's pages ---------------------------------------------------------------


@pytest.fixture
def held(tmp_path):
    data = in_america(without_partnership_fields(record("Transatlantic sleep clinic")))
    import_records(tmp_path, [data])
    return data


def test_the_import_report_points_to_the_review_queue(client, tmp_path):
    client.force_login(person(Role.DATA_MANAGER))
    run = import_records(tmp_path, [without_partnership_fields(record("Sleep clinic"))])

    page = client.get(reverse("interchange:run", args=[run.pk])).content.decode()

    assert "1 record from this source is not public yet" in page
    assert reverse("interchange:review_list") in page


def test_the_review_queue_lists_held_records_with_their_reasons(client, held):
    client.force_login(person(Role.DATA_MANAGER))

    page = client.get(reverse("interchange:review_list")).content.decode()

    assert "Transatlantic sleep clinic" in page
    assert "does not give its level of need" in page
    assert "no place in the partnership&#x27;s area" in page
    assert (
        "1 imported record waiting for review"
        in client.get(reverse("interchange:home")).content.decode()
    )


def test_a_data_manager_publishes_a_held_record_with_the_missing_fields(client, held):
    client.force_login(person(Role.DATA_MANAGER))
    url = reverse("interchange:review", args=[held["id"]])

    missing = client.post(url, {"level_of_need": "targeted"})
    assert missing.status_code == 400
    assert "Choose at least one" in missing.content.decode()
    assert 'value="targeted" checked' in missing.content.decode()  # what was chosen is kept

    done = client.post(url, {"level_of_need": "targeted", "access_routes": ["drop_in"]})

    assert done.status_code == 302
    service = m.Service.objects.get(id=held["id"])
    assert (service.status, service.level_of_need, service.access_routes) == (
        ServiceStatus.ACTIVE,
        "targeted",
        ["drop_in"],
    )
    assert client.get(url).status_code == 404  # no longer waiting


def test_a_data_manager_rejects_a_held_record_with_a_reason(client, held):
    client.force_login(person(Role.DATA_MANAGER))
    url = reverse("interchange:review_reject", args=[held["id"]])

    assert client.post(url, {"note": " "}).status_code == 400
    assert client.post(url, {"note": "Not in Medway."}).status_code == 302

    assert ImportReview.objects.get(service_id=held["id"]).note == "Not in Medway."
    assert m.Service.objects.get(id=held["id"]).status == ServiceStatus.HELD


def test_only_data_managers_review_imports(client, held):
    client.force_login(person(Role.PROVIDER))

    assert client.get(reverse("interchange:review_list")).status_code == 403
    assert client.get(reverse("interchange:review", args=[held["id"]])).status_code == 403


def test_a_record_published_by_a_later_import_follows_the_feed_again(tmp_path):
    complete = record("Sleep clinic")
    import_records(tmp_path, [without_partnership_fields(dict(complete))], name="first.json")
    import_records(tmp_path, [record("Sleep clinic", id=complete["id"])], name="second.json")

    changed = record("Sleep clinic", id=complete["id"], description="Now for specialists.")
    changed["attributes"][1]["taxonomy_term_id"] = str(ref.term_id(ref.LEVEL, "specialist"))
    import_records(tmp_path, [changed], name="third.json")

    # Nobody reviewed it: the feed's own level of need stands.
    assert m.Service.objects.get(id=complete["id"]).level_of_need == "specialist"


@pytest.fixture
def held_with_unknowns(tmp_path):
    """A record that says nothing of how it is delivered (no place, no delivery attribute),
    with no description of itself or of its organisation."""
    data = without_partnership_fields(record("Mystery support line"))  # (it gives no delivery)
    data["service_at_locations"] = []  # nor a place where it could be given in person
    data["description"] = ""
    data["organization"]["description"] = ""
    run = import_records(tmp_path, [data])
    assert run.results.get().outcome == Outcome.CREATED
    return data


def test_what_a_feed_does_not_say_is_left_unknown_and_waits(held_with_unknowns):
    service = m.Service._base_manager.get(id=held_with_unknowns["id"])

    assert service.delivery_modes == [] and service.description == ""
    assert service.organisation.description == ""
    assert set(service.review.reasons) >= {
        "no_level",
        "no_access",
        "no_delivery",
        "no_description",
        "no_org_description",
    }


def test_publishing_asks_only_for_what_the_feed_did_not_give(client, held_with_unknowns, held):
    client.force_login(person(Role.DATA_MANAGER))
    url = reverse("interchange:review", args=[held_with_unknowns["id"]])

    page = client.get(url).content.decode()
    other = client.get(reverse("interchange:review", args=[held["id"]])).content.decode()
    missing = client.post(url, {"level_of_need": "universal", "access_routes": ["self_referral"]})

    assert 'name="delivery_modes"' in page and 'name="organisation_description"' in page
    # (The form's own field: every page also has a <meta name="description">.)
    field = 'id="description" name="description"'
    assert field in page
    assert 'name="delivery_modes"' not in other and field not in other
    assert missing.status_code == 400
    body = missing.content.decode()
    assert "Choose at least one: in person, online or phone" in body
    assert "Enter a description of the organisation that runs it" in body
    assert m.Service._base_manager.get(id=held_with_unknowns["id"]).status == ServiceStatus.HELD


def test_a_data_manager_publishes_what_the_feed_did_not_give(client, held_with_unknowns):
    client.force_login(person(Role.DATA_MANAGER))
    url = reverse("interchange:review", args=[held_with_unknowns["id"]])

    done = client.post(
        url,
        {
            "level_of_need": "universal",
            "access_routes": ["self_referral"],
            "delivery_modes": ["phone"],
            "description": "A helpline for parents.",
            "organisation_description": "A Medway charity.",
        },
    )

    assert done.status_code == 302
    service = m.Service.objects.select_related("organisation").get(id=held_with_unknowns["id"])
    assert (service.status, service.delivery_modes) == (ServiceStatus.ACTIVE, ["phone"])
    assert service.description == "A helpline for parents."
    assert service.organisation.description == "A Medway charity."


def test_a_reimport_keeps_what_the_data_manager_set(client, held_with_unknowns, tmp_path):
    client.force_login(person(Role.DATA_MANAGER))
    client.post(
        reverse("interchange:review", args=[held_with_unknowns["id"]]),
        {
            "level_of_need": "universal",
            "access_routes": ["self_referral"],
            "delivery_modes": ["phone"],
            "description": "A helpline for parents.",
            "organisation_description": "A Medway charity.",
        },
    )
    again = dict(held_with_unknowns, name="Mystery support line (renamed)")

    run = import_records(tmp_path, [again], name="again.json")

    assert run.results.get().outcome == Outcome.UPDATED
    service = m.Service.objects.select_related("organisation").get(id=again["id"])
    assert service.name == "Mystery support line (renamed)"
    assert (service.status, service.delivery_modes) == (ServiceStatus.ACTIVE, ["phone"])
    assert service.description == "A helpline for parents."
    assert service.organisation.description == "A Medway charity."
    assert "The feed does not give its delivery, description: kept this directory's." not in (
        run.results.get().notes
    )  # reviewed: said once, as what the data manager set
    assert any("as a data manager set them on review" in n for n in run.results.get().notes)
