"""Early help cases under the retention policy (the cases rule), made the real way: a case
opened, assessed, planned, reviewed, met about, commented on, opened by a manager from outside
its team, and closed; then moved back in time. Anonymising removes every piece of free text and
keeps what outcome reporting reads; an open case is never touched; a case handed to children's
social care is kept until the youngest child is 25; a family whose cases are all anonymised is
anonymised under the families rule; a request's peer contact notes go with the request."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.casework import access, actions, family, reviewing, supporting_families
from familyhub.casework.models import (
    AssessedPerson,
    Assessment,
    BreakGlass,
    Case,
    CaseChange,
    CaseConsent,
    FamilyComment,
    Finding,
    Goal,
    GoalScore,
    Meeting,
    PlanAction,
    Review,
)
from familyhub.families.models import Family, FamilyMember
from familyhub.retention import kinds
from familyhub.retention.anonymise import REMOVED
from familyhub.retention.erasure import ErasureRefused, erase_family
from familyhub.retention.models import AnonymisedRecord
from familyhub.retention.policy import load_policy
from familyhub.workforce import records
from familyhub.workforce.models import PeerContact, PeerMatch
from tests.casework.test_reviews import active_case
from tests.personas import person
from tests.programmes.helpers import programme_service
from tests.referrals.helpers import make_request
from tests.retention.helpers import run_at, set_last_activity, withdraw, years

pytestmark = pytest.mark.django_db

T = timezone.make_aware(datetime(2015, 3, 10, 14, 30))
FREE_TEXT = "Words only the family and the team should read."


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def full_case(*, close=True) -> Case:
    """A case with every kind of record on it, closed with an exit plan (unless not)."""
    lead, case, goal = active_case()
    case = actions.move_case(case.pk, "start_review", by=lead)
    reviewing.record_review(
        case.pk, by=lead, expected_version=case.version, held_on=timezone.localdate(),
        scores={goal.pk: 8}, progress=FREE_TEXT, decision="continue", review_every_weeks=8,
    )  # fmt: skip
    reviewing.record_meeting(case.pk, by=lead, held_on=timezone.localdate(),
                             attendees="Sam Parent; health visitor", decisions=FREE_TEXT,
                             actions_agreed=FREE_TEXT)  # fmt: skip
    family.comment(case.pk, by=None, text=FREE_TEXT)
    access.open_break_glass(person("team_manager"), Case.objects.get(pk=case.pk), FREE_TEXT)
    AssessedPerson.objects.filter(assessment__case=case).update(notes=FREE_TEXT, voice=FREE_TEXT)
    Case.objects.filter(pk=case.pk).update(history_from_social_care=None)
    if close:
        actions.move_case(case.pk, "close", by=lead, outcome="needs_met", exit_plan=FREE_TEXT)
    return Case.objects.get(pk=case.pk)


def ended_at(case, at) -> Case:
    Case.objects.filter(pk=case.pk).update(closed_at=at, status_changed_at=at)
    return Case.objects.get(pk=case.pk)


def due_cases(moment):
    return set(kinds.KINDS["cases"].due(load_policy(), moment).values_list("pk", flat=True))


def test_a_closed_case_past_its_period_loses_every_free_text_and_keeps_the_outcome_figures():
    case = ended_at(full_case(), T)
    evidence_before = supporting_families.evidence_for(case).outcomes
    assessment = Assessment.objects.get(case=case)
    findings_before = list(Finding.objects.filter(assessment=assessment)
                           .values_list("kind", "domain", "outcome_area"))  # fmt: skip
    scores_before = list(GoalScore.objects.filter(goal__plan__case=case).values_list("score"))
    assert due_cases(T + years(7) - timezone.timedelta(days=1)) == set()  # not yet
    run = run_at(T + years(8))
    assert run.results["cases"]["count"] == 1
    assert AnonymisedRecord.objects.filter(kind="cases", object_id=case.pk).exists()
    case.refresh_from_db()
    # Free text: gone.
    assert case.exit_plan is None and case.history_from_social_care is None
    assert case.handover_concern is None and case.handover_answer is None
    consent = CaseConsent.objects.get(case=case)
    assert consent.given_by_name == "" and consent.share_with == ""
    assert all(change.note is None and change.by_id is None
               for change in CaseChange.objects.filter(case=case))  # fmt: skip
    assessment.refresh_from_db()
    assert assessment.family_words is None and assessment.analysis is None
    assert assessment.level_reason is None
    for someone in AssessedPerson.objects.filter(assessment=assessment):
        assert (someone.name, someone.notes, someone.voice) == ("", None, None)
        if someone.date_of_birth:
            assert (someone.date_of_birth.month, someone.date_of_birth.day) == (1, 1)
    assert all(finding.text == REMOVED for finding in Finding.objects.filter(assessment=assessment))
    assert all(goal.words == REMOVED for goal in Goal.objects.filter(plan__case=case))
    assert all(
        (a.what, a.who) == (REMOVED, "") for a in PlanAction.objects.filter(goal__plan__case=case)
    )
    assert all(review.progress is None for review in Review.objects.filter(case=case))
    meeting = Meeting.objects.get(case=case)
    assert (meeting.attendees, meeting.decisions, meeting.actions) == (REMOVED, REMOVED, None)
    assert all(comment.text is None for comment in FamilyComment.objects.filter(case=case))
    assert BreakGlass.objects.get(case=case).reason == REMOVED
    # What outcome reporting reads: kept.
    assert (case.status, case.outcome, case.lead_id is not None) == ("closed", "needs_met", True)
    assert case.closed_at.day == 1 and case.closed_at.month == 3  # by month
    assert assessment.level_of_need == "2" and assessment.stage == "completed"
    assert list(Finding.objects.filter(assessment=assessment)
                .values_list("kind", "domain", "outcome_area")) == findings_before  # fmt: skip
    assert list(GoalScore.objects.filter(goal__plan__case=case).values_list("score")) == (
        scores_before
    )
    assert Review.objects.get(case=case).decision == "continue"
    assert supporting_families.evidence_for(case).outcomes == evidence_before
    # Done once: a second run finds nothing more.
    assert run_at(T + years(8)).results["cases"]["count"] == 0


def test_an_open_case_is_never_touched_however_old():
    case = full_case(close=False)
    Case.objects.filter(pk=case.pk).update(opened_at=T, status_changed_at=T)
    assert run_at(T + years(30)).results["cases"]["count"] == 0
    case.refresh_from_db()
    assert Review.objects.get(case=case).progress == FREE_TEXT
    assert not AnonymisedRecord.objects.filter(kind="cases", object_id=case.pk).exists()
    # Even with a closing date set by mistake, an open status keeps it.
    Case.objects.filter(pk=case.pk).update(closed_at=T)
    assert case.pk not in due_cases(T + years(30))


def test_a_case_handed_to_childrens_social_care_is_kept_until_the_youngest_child_is_25():
    case = ended_at(full_case(), T)
    Case.objects.filter(pk=case.pk).update(outcome="stepped_up", handover_concern=FREE_TEXT)
    youngest = (
        FamilyMember.objects.filter(family=case.family_id, relationship="child")
        .order_by("-date_of_birth")
        .first()
    )
    assert youngest and youngest.date_of_birth
    twenty_fifth = timezone.make_aware(
        datetime.combine(date(youngest.date_of_birth.year + 25, youngest.date_of_birth.month,
                              youngest.date_of_birth.day), datetime.min.time())
    )  # fmt: skip
    assert case.pk not in due_cases(T + years(8))
    assert case.pk not in due_cases(twenty_fifth - timezone.timedelta(days=2))
    assert case.pk in due_cases(twenty_fifth + timezone.timedelta(days=2))
    # The family cannot have it erased on request either.
    with pytest.raises(ErasureRefused) as refused:
        erase_family(case.family, person("administrator"), "The family asked us to.")
    assert any("children's social care" in reason for reason in refused.value.reasons)


def test_a_family_whose_cases_are_all_anonymised_is_anonymised_under_the_families_rule():
    case = ended_at(full_case(), T)
    family_record = case.family
    for request in family_record.requests.all():
        request.refresh_from_db()
        if request.status not in ("withdrawn", "closed", "declined", "redirected"):
            request = withdraw(request)
        set_last_activity(request, T, family_too=False)
    Family.objects.filter(pk=family_record.pk).update(updated_at=T)
    run = run_at(T + years(8))
    assert run.results["cases"]["count"] == 1
    assert run.results["families"]["count"] == 1
    family_record.refresh_from_db()
    assert family_record.contact_email is None


def test_a_family_with_a_case_still_kept_is_not_anonymised():
    case = ended_at(full_case(), T + years(3))  # ended later: the case is kept to 2025 + 7
    for request in case.family.requests.all():
        set_last_activity(request, T, family_too=False)
    Family.objects.filter(pk=case.family_id).update(updated_at=T)
    run = run_at(T + years(8))
    assert run.results["cases"]["count"] == 0 and run.results["families"]["count"] == 0


def test_an_erasure_anonymises_the_familys_ended_cases():
    case = full_case()
    for request in case.family.requests.all():
        request.refresh_from_db()
        if request.status not in ("withdrawn", "closed", "declined", "redirected"):
            withdraw(request)
    erasure = erase_family(case.family, person("administrator"), "The family asked us to.")
    assert erasure.erased["early help cases"] == 1
    assert Review.objects.get(case=case).progress is None


def test_anonymising_a_request_removes_its_peer_contact_notes_and_who_matched():
    service = programme_service()
    provider = person("provider", organisation=service.organisation)
    support_request = withdraw(make_request(service))
    supporter = records.recruit(organisation=service.organisation, name="Bernie Foster",
                                town="Chatham", recruited_on=date(2014, 1, 1))  # fmt: skip
    supporter = records.record_training(supporter, course=None, trained_on=date(2014, 2, 1))
    peer_match = records.match(supporter, support_request, by=provider,
                               started_on=date(2014, 3, 1))  # fmt: skip
    records.log_contact(peer_match, on=date(2014, 3, 2), way="phone", notes=FREE_TEXT,
                        by=provider)  # fmt: skip
    set_last_activity(support_request, T)
    assert run_at(T + years(8)).results["requests"]["count"] == 1
    contact = PeerContact.objects.get()
    assert (contact.notes, contact.logged_by_id, contact.way) == (None, None, "phone")
    assert PeerMatch.objects.get().matched_by_id is None


def test_the_retention_page_states_the_cases_rule(client):
    client.force_login(person("administrator"))
    page = client.get(reverse("retention:due")).content.decode()
    assert "Early help cases" in page
    assert "youngest child in the family is 25" in page
