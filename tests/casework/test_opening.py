"""Opening early help: with the family's explicit consent, recorded; from triage, from a
request in progress, or directly."""

import pytest
from django.conf import settings

from familyhub.audit.models import AuditEvent
from familyhub.casework import actions
from familyhub.casework.states import MoveRefused, OpenedFrom, Status
from tests.casework.helpers import casework_team, open_case, triage_request
from tests.factories import SupportRequestFactory
from tests.personas import person

pytestmark = pytest.mark.django_db


def test_opening_from_triage_records_consent_history_and_audit():
    triager = person("triage")
    support_request = triage_request()
    case = open_case(by=triager, support_request=support_request)
    assert case.status == Status.OPEN and case.reference.startswith("EH-")
    consent = case.consents.get()
    assert consent.given_by_name == "Sam Parent"
    assert consent.recorded_by == triager
    assert consent.wording_version == settings.CASE_CONSENT_WORDING_VERSION
    assert "Health visiting" in consent.share_with
    assert consent.withdrawn_at is None
    first = case.history.get()
    assert first.to_status == Status.OPEN and support_request.reference in first.note
    assert AuditEvent.objects.filter(object_id=str(case.pk), action="create").exists()
    assert AuditEvent.objects.filter(object_id=str(support_request.pk), action="change").exists()


def test_opening_from_a_request_in_progress():
    practitioner = person("practitioner", team=casework_team())
    support_request = SupportRequestFactory(status="in_progress")
    case = actions.open_case(
        family=support_request.family,
        by=practitioner,
        opened_from=OpenedFrom.REQUEST,
        team=practitioner.profile.team,
        lead=practitioner,
        given_by_name="Sam Parent",
        share_with="School",
        source_request=support_request,
    )
    assert case.lead == practitioner and case.lead_since is not None
    assert case.source_request == support_request


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"given_by_name": " "}, "name of the person in the family who gave consent"),
        ({"share_with": ""}, "Name the agencies"),
        ({"opened_from": "somewhere"}, "Say where this case comes from"),
        ({"opened_from": OpenedFrom.SOCIAL_CARE}, "what children's social care handed over"),
    ],
)
def test_no_case_without_consent_and_its_details(change, message):
    support_request = triage_request()
    details = {
        "family": support_request.family,
        "by": person("triage"),
        "opened_from": OpenedFrom.TRIAGE,
        "team": casework_team(),
        "given_by_name": "Sam Parent",
        "share_with": "School",
        **change,
    }
    with pytest.raises(MoveRefused, match=message):
        actions.open_case(**details)
    assert not support_request.family.cases.exists()


def test_stepped_down_from_social_care_arrives_with_its_history():
    support_request = triage_request()
    case = actions.open_case(
        family=support_request.family,
        by=person("practitioner", team=casework_team()),
        opened_from=OpenedFrom.SOCIAL_CARE,
        team=casework_team(),
        given_by_name="Sam Parent",
        share_with="School",
        history_from_social_care="Child in need plan ended in November.",
    )
    assert case.history_from_social_care == "Child in need plan ended in November."


def test_allocating_and_reassigning_the_lead_is_history():
    case = open_case()
    first, second = (person("practitioner", team=case.team) for _ in range(2))
    manager = person("team_manager", team=case.team)
    case = actions.allocate(case.pk, first, by=manager, expected_version=case.version)
    case = actions.allocate(case.pk, second, by=manager, expected_version=case.version)
    assert case.lead == second
    notes = [c.note for c in case.history.filter(move="allocate")]
    assert len(notes) == 2 and "was" in notes[1]
    with pytest.raises(MoveRefused, match="already the lead"):
        actions.allocate(case.pk, second, by=manager)
