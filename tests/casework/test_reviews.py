"""Reviews on a schedule with overdue flags, scores that move, and the decision; team meetings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.casework import actions, planning, reviewing
from familyhub.casework.models import Case, Goal, Meeting, Review
from familyhub.casework.states import MoveRefused, Status
from tests.casework.test_plan import assessed_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def active_case():
    lead, case = assessed_case()
    plan = planning.plan_for(case)
    need = planning.needs_to_plan_for(case)[0]
    goal = planning.add_goal(
        plan.pk,
        by=lead,
        expected_version=plan.version,
        words="Calm bedtimes",
        needs=[need],
        start_score=3,
    )
    plan.refresh_from_db()
    planning.add_action(
        plan.pk,
        goal.pk,
        by=lead,
        expected_version=plan.version,
        what="Routine chart",
        who="Sam",
        by_when=timezone.localdate() + timedelta(weeks=2),
    )
    plan.refresh_from_db()
    planning.agree(plan.pk, by=lead, expected_version=plan.version)
    return lead, Case.objects.get(pk=case.pk), goal


def test_a_review_past_its_date_is_overdue_and_listed_first():
    lead, case, _goal = active_case()
    assert not reviewing.is_overdue(case)
    later = case.next_review_due + timedelta(days=1)
    assert reviewing.is_overdue(case, later)


def test_a_review_that_continues_records_scores_and_schedules_the_next(client):
    lead, case, goal = active_case()
    case = actions.move_case(case.pk, "start_review", by=lead)
    client.force_login(lead)
    url = reverse("casework:review", args=[case.reference])
    today = timezone.localdate()
    held = f"{today.day} {today.month} {today.year}"
    missing = client.post(
        url,
        {
            "version": case.version,
            "held_on": held,
            "decision": "continue",
            "review_every_weeks": "6",
        },
    )
    assert b"Give the family&#x27;s score from 0 to 10" in missing.content
    response = client.post(
        url,
        {
            "version": case.version,
            "held_on": held,
            "decision": "continue",
            "review_every_weeks": "6",
            f"score-{goal.pk}": "7",
            "progress": "Bedtimes calmer most nights.",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ACTIVE and case.review_every_weeks == 6
    assert case.next_review_due == today + timedelta(weeks=6)
    assert planning.latest_scores(Goal.objects.get(pk=goal.pk)) == (3, 7)
    assert Review.objects.get(case=case).decision == "continue"


def test_a_review_deciding_to_step_down_goes_on_to_the_step_down(client):
    lead, case, goal = active_case()
    case = actions.move_case(case.pk, "start_review", by=lead)
    client.force_login(lead)
    today = timezone.localdate()
    response = client.post(
        reverse("casework:review", args=[case.reference]),
        {
            "version": case.version,
            "held_on": f"{today.day} {today.month} {today.year}",
            "decision": "step_down",
            "review_every_weeks": "8",
            f"score-{goal.pk}": "9",
        },
    )
    assert response.url == reverse("casework:move", args=[case.reference, "step_down"])
    assert Case.objects.get(pk=case.pk).status == Status.REVIEWING


def test_no_review_is_recorded_unless_one_was_started(client):
    lead, case, goal = active_case()
    with pytest.raises(MoveRefused, match="Start a review"):
        reviewing.record_review(
            case.pk,
            by=lead,
            expected_version=case.version,
            held_on=timezone.localdate(),
            scores={goal.pk: 5},
            progress="",
            decision="continue",
            review_every_weeks=8,
        )
    client.force_login(lead)
    page = client.get(reverse("casework:review", args=[case.reference]))
    assert page.status_code == 200 and b"Start a review from the case page first" in page.content


def test_a_team_meeting_is_recorded_and_shown(client):
    lead, case, _goal = active_case()
    client.force_login(lead)
    url = reverse("casework:meeting", args=[case.reference])
    bad = client.post(url, {"held_on": "3 13 2026", "attendees": "Sam, school nurse"})
    assert b"Enter a real date" in bad.content and b"Sam, school nurse" in bad.content
    today = timezone.localdate()
    client.post(
        url,
        {
            "held_on": f"{today.day} {today.month} {today.year}",
            "attendees": "Sam, school nurse",
            "decisions": "Try a sleep diary",
            "actions_agreed": "Nurse to visit by Friday",
        },
    )
    assert Meeting.objects.get(case=case).decisions == "Try a sleep diary"
    assert (
        b"Try a sleep diary" in client.get(reverse("casework:case", args=[case.reference])).content
    )
