"""One family, one record: every way a request arrives is matched to the records held before a
family record is made (families/matching.py, families/services.save_family_from_answers)."""

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Service
from familyhub.families.duplicates import likely_duplicates
from familyhub.families.keys import contact_key
from familyhub.families.matching import find_family
from familyhub.families.models import Family
from familyhub.referrals.actions import merge_family_records
from familyhub.referrals.models import Draft, StatusChange, SupportRequest
from tests.referrals.helpers import answers, make_request, person, team_in

pytestmark = pytest.mark.django_db

FAMILY = {
    "first_name": "Sam", "last_name": "Parent", "relationship": "mother", "postcode": "me4 4tr",
    "interpreter_needed": "no",
}  # fmt: skip
CHILDREN = {
    "child_1_first_name": "Alex", "child_1_last_name": "Parent",
    "child_1_date_of_birth_0": "4", "child_1_date_of_birth_1": "5",
    "child_1_date_of_birth_2": "2021",
}  # fmt: skip
CONTACT = {
    "contact_email": "sam@example.org", "contact_phone": "07700 900123",
    "preferred_contact": "email", "safe": ["email"],
}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def service():
    return Service.objects.filter(
        access_self_referral=True, access_professional_referral=True, status="active"
    ).first()


def _ask(client, query="", *, family=FAMILY, children=CHILDREN, contact=CONTACT):
    """Fill in every page of a request and send it, as whoever the client is."""
    assert client.post(reverse("referrals:start") + query, {"in_danger": "no"}).status_code == 302
    draft = Draft.objects.latest("created_at")
    pages = [
        ("safety", {"in_danger": "no"}),
        ("consent", {"agree": "on", "given_by_name": "Sam Parent"}),
        ("family", family),
        ("children", children),
        ("worries", {"worries": "Bedtime is a battle."}),
        ("contact", contact),
    ]
    for step, data in pages:
        url = reverse("referrals:step", kwargs={"draft_id": draft.id, "step": step})
        assert client.post(url, data).status_code == 302, step
    client.post(reverse("referrals:submit", args=[draft.id]))
    return SupportRequest.objects.get(idempotency_key=draft.id)


def test_three_routes_for_one_family_make_one_family_record(service):
    from_service_page = _ask(Client(), f"?service={service.id}")
    not_sure = _ask(Client(), "")  # "not sure which service?": early help triage
    practitioner = Client()
    practitioner.force_login(person("practitioner", team=team_in(service.organisation)))
    # A practitioner types the same family a little differently: case, spaces, +44.
    by_practitioner = _ask(
        practitioner,
        f"?service={service.id}",
        family={**FAMILY, "first_name": "SAM", "postcode": "ME44TR"},
        children={**CHILDREN, "child_1_first_name": " alex ", "child_1_last_name": "PARENT"},
        contact={**CONTACT, "contact_phone": "+44 7700 900 123"},
    )

    assert Family.objects.count() == 1
    family = Family.objects.get()
    assert {from_service_page.family_id, not_sure.family_id, by_practitioner.family_id} == {
        family.pk
    }
    assert family.members.filter(first_name__iexact="alex").count() == 1
    assert family.members.filter(relationship="mother").count() == 1
    child = family.members.get(first_name="Alex")
    for support_request in (from_service_page, not_sure, by_practitioner):
        assert list(support_request.children.all()) == [child]
    # Each time the record was reused, the audit log says so (and why).
    matched = AuditEvent.objects.filter(family_id=family.pk, detail__startswith="a request matched")
    assert matched.count() == 2
    assert "same child, postcode and contact details" in matched.first().detail


def test_the_same_child_with_other_contact_details_is_a_new_record_shown_to_staff(service):
    first = make_request(service)
    other_phone = answers()["contact"] | {"contact_phone": "07700 900999"}
    second = make_request(service, contact=other_phone)
    assert first.family_id != second.family_id
    assert likely_duplicates(second.family) == [first.family]
    assert AuditEvent.objects.filter(
        family_id=second.family_id, detail=f"possibly the same family as {first.family_id}"
    ).exists()


def test_the_same_child_at_another_postcode_is_a_likely_duplicate(service):
    first = make_request(service)
    moved = make_request(service, postcode="ME5 0AA")
    assert moved.family_id != first.family_id
    assert likely_duplicates(moved.family) == [first.family]


def test_the_same_phone_number_for_another_child_is_a_likely_duplicate(service):
    first = make_request(service)
    contact = answers()["contact"] | {"contact_email": "", "contact_phone": "07700900123"}
    sibling = [{"first_name": "Robin", "last_name": "Parent", "date_of_birth": "2019-01-02"}]
    second = make_request(service, children=sibling, contact=contact, postcode="ME7 1AA")
    assert second.family_id != first.family_id
    assert likely_duplicates(second.family) == [first.family]
    assert likely_duplicates(first.family) == [second.family]


def test_a_record_merged_away_is_not_matched(service):
    first = make_request(service)
    second = make_request(service, postcode="ME5 0AA")
    merge_family_records(second.family, first.family, by=person("triage"))
    assert find_family(answers()).family is None  # the kept record is at ME5 0AA now
    assert find_family(answers(postcode="ME5 0AA")).family == second.family


def test_contact_details_are_matched_by_keyed_hash_not_stored_plain(service):
    family = make_request(service).family
    assert family.email_key == contact_key("email", " SAM@example.org ")
    assert family.phone_key == contact_key("phone", "+447700900123")
    assert "sam" not in family.email_key and "7700" not in family.phone_key
    family.contact_phone = ""
    family.save(update_fields=["contact_phone"])
    family.refresh_from_db()
    assert family.phone_key == ""


def test_a_matched_request_adds_to_the_record_and_never_makes_contact_less_safe(service):
    first = make_request(service)  # safe to email and text, not to phone, no voicemail
    family = first.family
    riskier = answers()["contact"] | {
        "safe_to_phone": True, "voicemail_ok": True, "safe_to_text": False,
        "safe_times": "Evenings only",
    }  # fmt: skip
    second = make_request(
        None, contact=riskier, parent={"first_name": "Jo", "last_name": "Parent",
                                       "relationship": "grandparent"},
    )  # fmt: skip
    assert second.family_id == family.pk
    family.refresh_from_db()
    assert not family.safe_to_phone and not family.voicemail_ok  # not switched back on
    assert not family.safe_to_text  # the request said it is not safe: no longer used
    assert family.safe_to_email
    assert family.safe_times == "After 10am\nEvenings only"
    assert family.contact_email == "sam@example.org"
    main = family.main_contact
    assert main.first_name == "Sam"
    assert family.members.filter(first_name="Jo", is_main_contact=False).exists()


def test_a_stranger_who_knows_a_familys_details_cannot_take_their_record(client, service):
    first = _ask(Client(), f"?service={service.id}")
    family = first.family
    stranger = person("parent")
    client.force_login(stranger)
    second = _ask(client, f"?service={service.id}")
    assert second.family_id == family.pk  # the same family's request, on its record
    assert not family.account_holders.filter(pk=stranger.pk).exists()
    # Sending it does not unlock the request (or so the record) in the sender's browser:
    # the family's code goes to the contact on the record.
    page = reverse("referrals:family_request", args=[second.reference])
    assert client.get(page).status_code == 404
    add = reverse("referrals:add_to_account", args=[second.reference])
    assert client.post(add).status_code == 404
    assert not family.account_holders.filter(pk=stranger.pk).exists()
    sent = client.get(reverse("referrals:sent", args=[second.reference])).content.decode()
    assert reverse("referrals:track") in sent and page not in sent
    assert "Alex" not in sent and "sam@example.org" not in sent


def test_a_new_familys_browser_still_sees_its_request_straight_away(client, service):
    support_request = _ask(client, f"?service={service.id}")
    page = reverse("referrals:family_request", args=[support_request.reference])
    assert client.get(page).status_code == 200


def test_triage_sees_a_possible_same_family_on_the_request_page_and_can_say_it_is_not(
    client, service
):
    first = make_request(service)
    second = make_request(service, postcode="ME5 0AA")  # the same child, another postcode
    triage = person("triage")
    client.force_login(triage)
    page = client.get(reverse("referrals:staff_request", args=[second.reference]))
    text = page.content.decode()
    merge = reverse("referrals:merge_families", args=[first.family_id])
    assert "1 likely duplicate" in text and f"{merge}?into={second.family_id}" in text
    compare = client.get(merge, {"into": str(second.family_id)}).content.decode()
    assert "These are different families" in compare

    different = reverse("referrals:different_families", args=[first.family_id])
    assert client.get(different, {"into": str(second.family_id)}).status_code == 405
    response = client.post(different, {"into": str(second.family_id)})
    assert response.status_code == 302
    assert likely_duplicates(second.family) == [] and likely_duplicates(first.family) == []
    assert "They will not be suggested again" in client.get(response.url).content.decode()
    assert AuditEvent.objects.filter(
        family_id=first.family_id, detail=f"not the same family as {second.family_id}"
    ).exists()
    text = client.get(reverse("referrals:staff_request", args=[second.reference])).content
    assert b"likely duplicate" not in text
    # Saying it twice changes nothing; saying it of a record and itself is refused.
    assert client.post(different, {"into": str(second.family_id)}).status_code == 302
    assert client.post(different, {"into": str(first.family_id)}).status_code == 404


def test_only_triage_may_say_two_records_are_different_families(client, service):
    first = make_request(service)
    second = make_request(service, postcode="ME5 0AA")
    client.force_login(person("provider", organisation=service.organisation))
    different = reverse("referrals:different_families", args=[first.family_id])
    assert client.post(different, {"into": str(second.family_id)}).status_code == 403
    assert likely_duplicates(second.family) == [first.family]


def test_joining_two_records_moves_each_request_with_a_history_row():
    service = Service.objects.filter(access_self_referral=True, status="active").first()
    first = make_request(service)
    second = make_request(service, contact={"contact_email": "other@example.org"},
                          postcode="ME1 1AA")  # fmt: skip
    assert first.family_id != second.family_id
    triage = person("triage")
    merge_family_records(first.family, second.family, by=triage)
    second.refresh_from_db()
    assert second.family_id == first.family_id and second.version == 2
    event = StatusChange.objects.filter(request=second).latest("at")
    assert (event.reason_code, event.by) == ("family_records_merged", triage)
    # the same child named twice is one child now, on both requests
    assert set(second.children.values_list("pk", flat=True)) == set(
        first.children.values_list("pk", flat=True)
    )
