"""The casework pages: opening early help from the triage queue, from a request in progress and
directly; moving a case (an out-of-date page keeps what was typed); allocating; the team; the
caseload (overdue reviews first) and the allocation queue."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.casework import actions
from familyhub.casework.models import Case
from familyhub.casework.states import OpenedFrom, Status
from tests.casework.helpers import casework_team, open_case, triage_request
from tests.factories import SupportRequestFactory
from tests.personas import person

pytestmark = pytest.mark.django_db

CONSENT = {
    "given_by_name": "Sam Parent",
    "agreed": "on",
    "share_with": "Health visiting, Greenway Primary School",
}


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def test_the_triage_queue_and_the_request_page_offer_early_help(client):
    support_request = triage_request()
    client.force_login(person("triage"))
    link = reverse("casework:open_from_request", args=[support_request.reference])
    assert link in client.get(reverse("referrals:triage")).content.decode()
    page = client.get(reverse("referrals:staff_request", args=[support_request.reference]))
    assert link in page.content.decode()


def test_triage_opens_early_help_with_consent_into_a_teams_allocation_queue(client):
    team = casework_team()
    manager = person("team_manager", team=team)
    support_request = triage_request()
    client.force_login(person("triage"))
    url = reverse("casework:open_from_request", args=[support_request.reference])
    page = client.get(url)
    assert b"You can change your mind at any time" in page.content
    missing = client.post(url, {"given_by_name": "Sam Parent", "team": team.pk})
    assert missing.status_code == 200
    assert b"Confirm the family agreed" in missing.content
    assert b"Sam Parent" in missing.content  # what was typed is kept
    assert not Case.objects.exists()
    response = client.post(url, {**CONSENT, "team": team.pk})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.opened_from == OpenedFrom.TRIAGE and case.lead is None and case.team == team
    assert case.consents.get().given_by_name == "Sam Parent"
    client.force_login(manager)
    queue = client.get(reverse("casework:allocation")).content.decode()
    assert case.reference in queue


def test_a_provider_opens_early_help_from_a_request_in_progress(client):
    team = casework_team()
    person("team_manager", team=team)
    support_request = SupportRequestFactory(status="in_progress")
    client.force_login(person("provider", organisation=support_request.service.organisation))
    url = reverse("casework:open_from_request", args=[support_request.reference])
    assert client.post(url, {**CONSENT, "team": team.pk}).status_code == 302
    assert Case.objects.get().opened_from == OpenedFrom.REQUEST


def test_early_help_is_not_opened_from_a_request_that_is_not_in_progress(client):
    support_request = SupportRequestFactory(status="accepted")
    client.force_login(person("provider", organisation=support_request.service.organisation))
    url = reverse("casework:open_from_request", args=[support_request.reference])
    assert client.get(url).status_code == 404


def test_a_practitioner_opens_early_help_directly_and_leads_it(client):
    practitioner = person("practitioner", team=casework_team())
    support_request = SupportRequestFactory(by=practitioner, answers={"who": "practitioner"})
    client.force_login(practitioner)
    url = reverse("casework:open_for_family", args=[support_request.family_id])
    no_history = client.post(url, {**CONSENT, "opened_from": OpenedFrom.SOCIAL_CARE})
    assert b"what children&#x27;s social care handed over" in no_history.content
    response = client.post(
        url,
        {
            **CONSENT,
            "opened_from": OpenedFrom.SOCIAL_CARE,
            "history_from_social_care": "Child in need plan ended.",
        },
    )
    case = Case.objects.get()
    assert response.url == reverse("casework:case", args=[case.reference])
    assert case.lead == practitioner and case.opened_from == OpenedFrom.SOCIAL_CARE
    assert b"Child in need plan ended." in client.get(response.url).content


def test_a_move_made_on_an_out_of_date_page_is_refused_keeping_what_was_typed(client):
    lead = person("practitioner", team=casework_team())
    case = open_case(lead=lead, team=lead.profile.team)
    client.force_login(lead)
    url = reverse("casework:move", args=[case.reference, "close"])
    stale = case.version
    actions.move_case(case.pk, "start_assessment")
    response = client.post(
        url,
        {
            "version": stale,
            "outcome": "could_not_engage",
            "exit_plan": "Leaflet for the family hub.",
        },
    )
    assert response.status_code == 200
    assert b"Someone else changed this case" in response.content
    assert b"Leaflet for the family hub." in response.content
    assert Case.objects.get(pk=case.pk).status == Status.ASSESSING
    case.refresh_from_db()
    done = client.post(
        url,
        {
            "version": case.version,
            "outcome": "could_not_engage",
            "exit_plan": "Leaflet for the family hub.",
        },
    )
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).outcome == "could_not_engage"


def test_a_manager_allocates_and_the_lead_adds_the_team(client):
    team = casework_team()
    manager, lead = person("team_manager", team=team), person("practitioner", team=team)
    school = person("practitioner", team=casework_team("School"), email="head@school.example")
    case = open_case(team=team)
    client.force_login(manager)
    url = reverse("casework:allocate", args=[case.reference])
    assert b"Choose the lead practitioner" in client.post(url, {"version": case.version}).content
    assert client.post(url, {"version": case.version, "lead": lead.pk}).status_code == 302
    client.force_login(lead)
    case.refresh_from_db()
    add = reverse("casework:add_member", args=[case.reference])
    unknown = client.post(add, {"version": case.version, "email": "nobody@example.org"})
    assert b"no practitioner with that email" in unknown.content
    added = client.post(
        add,
        {
            "version": case.version,
            "email": "HEAD@school.example",
            "agency": "Greenway Primary",
            "role_in_team": "Attendance",
        },
    )
    assert added.status_code == 302
    client.force_login(school)
    page = client.get(reverse("casework:case", args=[case.reference]))
    assert page.status_code == 200 and b"Greenway Primary" in page.content


def test_the_caseload_puts_overdue_reviews_first(client):
    lead = person("practitioner", team=casework_team())
    later, overdue = (open_case(lead=lead, team=lead.profile.team) for _ in range(2))
    today = timezone.localdate()
    Case.objects.filter(pk=later.pk).update(next_review_due=today + timedelta(days=3))
    Case.objects.filter(pk=overdue.pk).update(next_review_due=today - timedelta(days=3))
    client.force_login(lead)
    content = client.get(reverse("casework:caseload")).content.decode()
    assert content.index(overdue.reference) < content.index(later.reference)
    assert "Review overdue" in content
