"""Every URL × every role × own/other family → the expected answer. Nothing leaks.

"denied" is 403 (a page for another role) or 404 (a record that is missing or not yours —
the same answer, so nobody can learn that a reference exists).
"""

import pytest
from django.urls import reverse

from familyhub.directory.models import Organisation, Service
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import Status
from tests.referrals.helpers import make_request, person, team_in

PERSONAS = [
    "anonymous",
    "parent_own",
    "parent_other",
    "practitioner_referrer",
    "practitioner_same_team",
    "practitioner_other_team",
    "provider_own",
    "provider_other",
    "triage",
    "data_manager",
    "analyst",
    "administrator",
]
STAFF_WHO_SEE_IT = {"practitioner_referrer", "practitioner_same_team", "provider_own", "triage"}
INBOX_ROLES = {p for p in PERSONAS if p.startswith(("practitioner", "provider"))} | {"triage"}


@pytest.fixture
def world(db):
    service = Service.objects.filter(
        access_self_referral=True, access_professional_referral=True, status="active"
    ).first()
    other_org = Organisation.objects.exclude(pk=service.organisation_id).first()
    team = team_in(other_org, "School pastoral team")
    people = {
        "anonymous": None,
        "parent_own": person("parent"),
        "parent_other": person("parent"),
        "practitioner_referrer": person("practitioner", team=team),
        "practitioner_same_team": person("practitioner", team=team),
        "practitioner_other_team": person("practitioner", team=team_in(other_org, "Other")),
        "provider_own": person("provider", organisation=service.organisation),
        "provider_other": person("provider", organisation=other_org),
        "triage": person("triage"),
        "data_manager": person("data_manager"),
        "analyst": person("analyst"),
        "administrator": person("administrator"),
    }
    mine = make_request(service, by=people["practitioner_referrer"], who="practitioner")
    mine.family.account_holders.add(people["parent_own"])
    theirs = make_request(
        service, by=people["parent_other"],
        children=[{"first_name": "Other", "last_name": "Child", "date_of_birth": "2019-01-01"}],
        contact={"contact_email": "other.family@example.org", "preferred_contact": "email",
                 "safe_to_email": True},
    )  # fmt: skip
    return {"people": people, "request": mine, "other_request": theirs, "service": service}


def _client(client, world, persona):
    user = world["people"][persona]
    if user is not None:
        client.force_login(user)
    return client


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
    elif expected == "denied":
        assert response.status_code in (403, 404), response.status_code
    elif expected == "redirect":
        assert response.status_code == 302
        assert not response.url.startswith(reverse("accounts:sign_in"))
    else:
        assert response.status_code == 200, response.status_code


def _expected_for_staff_page(persona, allowed):
    if persona == "anonymous":
        return "login"
    return "ok" if persona in allowed else "denied"


@pytest.mark.parametrize("persona", PERSONAS)
def test_inbox(client, world, persona):
    response = _client(client, world, persona).get(reverse("referrals:inbox"))
    _expect(response, _expected_for_staff_page(persona, INBOX_ROLES))
    if response.status_code == 200:
        page = response.content.decode()
        assert (world["request"].reference in page) == (persona in STAFF_WHO_SEE_IT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_staff_request_page(client, world, persona):
    url = reverse("referrals:staff_request", args=[world["request"].reference])
    response = _client(client, world, persona).get(url)
    _expect(response, _expected_for_staff_page(persona, STAFF_WHO_SEE_IT))


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_provider_decision(client, world, persona):
    url = reverse("referrals:move", args=[world["request"].reference, "accept"])
    response = _client(client, world, persona).post(url, {"version": 1})
    allowed = persona == "provider_own"
    _expect(response, "login" if persona == "anonymous" else "redirect" if allowed else "denied")
    status = SupportRequest.objects.get(pk=world["request"].pk).status
    assert status == (Status.ACCEPTED if allowed else Status.SUBMITTED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_triage_queue(client, world, persona):
    response = _client(client, world, persona).get(reverse("referrals:triage"))
    _expect(response, _expected_for_staff_page(persona, {"triage"}))


@pytest.mark.parametrize("persona", PERSONAS)
def test_merging_family_records(client, world, persona):
    url = reverse("referrals:merge_families", args=[world["other_request"].family_id])
    url += f"?into={world['request'].family_id}"
    response = _client(client, world, persona).get(url)
    _expect(response, _expected_for_staff_page(persona, {"triage"}))


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_requests(client, world, persona):
    response = _client(client, world, persona).get(reverse("referrals:my_requests"))
    parents = {"parent_own", "parent_other"}
    _expect(response, _expected_for_staff_page(persona, parents))
    if response.status_code == 200:
        page = response.content.decode()
        assert (world["request"].reference in page) == (persona == "parent_own")
        assert (world["other_request"].reference in page) == (persona == "parent_other")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_familys_request_page(client, world, persona):
    url = reverse("referrals:family_request", args=[world["request"].reference])
    response = _client(client, world, persona).get(url)
    _expect(response, "ok" if persona in STAFF_WHO_SEE_IT | {"parent_own"} else "denied")


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdrawing(client, world, persona):
    url = reverse("referrals:withdraw", args=[world["request"].reference])
    response = _client(client, world, persona).post(url)
    allowed = persona in {"parent_own", "practitioner_referrer"}
    _expect(response, "redirect" if allowed else "denied")
    status = SupportRequest.objects.get(pk=world["request"].pk).status
    assert status == (Status.WITHDRAWN if allowed else Status.SUBMITTED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_family(client, world, persona):
    response = _client(client, world, persona).get(reverse("referrals:my_family"))
    _expect(response, _expected_for_staff_page(persona, {"parent_own", "parent_other"}))
    if response.status_code == 200:
        page = response.content.decode()
        assert ("sam@example.org" in page) == (persona == "parent_own")
        assert ("other.family@example.org" in page) == (persona == "parent_other")


@pytest.mark.parametrize("persona", PERSONAS)
def test_someone_elses_draft(client, world, persona):
    from familyhub.referrals.models import Draft

    draft = Draft.objects.create(service=world["service"], answers={"who": "family"})
    url = reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "family"})
    assert _client(client, world, persona).get(url).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_recording_a_safeguarding_step(client, world, persona):
    flagged = make_request(
        world["service"], by=world["people"]["practitioner_referrer"], who="practitioner",
        worries="Her dad said he would kill us and I am scared to go home.",
    )  # fmt: skip
    assert flagged.safeguarding_concerns
    url = reverse("referrals:safeguarding_step", args=[flagged.reference])
    response = _client(client, world, persona).post(url, {"version": 1, "step": "dsl"})
    # Those who see the request and act on it: its service, triage, the referrer and their team.
    allowed = persona in STAFF_WHO_SEE_IT
    _expect(response, "login" if persona == "anonymous" else "redirect" if allowed else "denied")
    flagged.refresh_from_db()
    assert (flagged.safeguarding_step == "dsl") == allowed
