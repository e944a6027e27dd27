"""Reviews of the plan on a schedule (every 6 to 12 weeks, set per case; overdue when the due
date has passed) and meetings of the team around the family.

A review records the family's new score for every goal and decides: continue (the next review
is scheduled), step down, step up or close — the last three are finished on their move's page,
which asks what they need (`DECISION_MOVES`)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from familyhub.audit import services as audit
from familyhub.casework import actions
from familyhub.casework.locking import lock_case
from familyhub.casework.models import Goal, GoalScore, Meeting, Review
from familyhub.casework.states import ENDED, MoveRefused, Status

# The move each decision leads to (continue is made at once; the others on their own page).
DECISION_MOVES = {
    Review.Decision.CONTINUE: "continue_plan",
    Review.Decision.STEP_DOWN: "step_down",
    Review.Decision.STEP_UP: "step_up",
    Review.Decision.CLOSE: "close",
}
REVIEW_WEEKS = range(6, 13)


def is_overdue(case, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(case.next_review_due and case.next_review_due < today)


def record_review(
    case_id,
    *,
    by,
    expected_version,
    held_on,
    scores: dict,
    progress: str,
    decision: str,
    review_every_weeks: int,
) -> Review:
    """Record a review: a score 0–10 for every goal (by goal id), and the decision."""
    if decision not in DECISION_MOVES:
        raise MoveRefused("Choose what the review decided.")
    if review_every_weeks not in REVIEW_WEEKS:
        raise MoveRefused("Reviews are every 6 to 12 weeks.")
    if held_on is None or held_on > timezone.localdate():
        raise MoveRefused("Enter the date the review was held (today or earlier).")
    with transaction.atomic():
        case = lock_case(case_id, expected_version)
        if case.status != Status.REVIEWING:
            raise MoveRefused("Start a review from the case page first.")
        goals = list(Goal.objects.filter(plan__case=case))
        missing = [goal for goal in goals if scores.get(goal.pk) not in range(0, 11)]
        if missing:
            raise MoveRefused("Give the family's score from 0 to 10 for every goal.")
        now = timezone.now()
        review = Review.objects.create(
            case=case,
            held_on=held_on,
            was_due=case.next_review_due,
            progress=progress,
            decision=decision,
            recorded_by=by,
            recorded_at=now,
        )
        GoalScore.objects.bulk_create(
            GoalScore(goal=goal, score=scores[goal.pk], at=now, review=review, recorded_by=by)
            for goal in goals
        )
        case.review_every_weeks = review_every_weeks
        case.version += 1
        case.save(update_fields=["review_every_weeks", "version"])
        audit.record(by, "change", case, detail=f"review recorded: {decision}")
        if decision == Review.Decision.CONTINUE:
            actions.move_case(case.pk, "continue_plan", by=by, note=progress)
        return review


def record_meeting(
    case_id, *, by, held_on, attendees: str, decisions: str, actions_agreed: str
) -> Meeting:
    if held_on is None:
        raise MoveRefused("Enter the date of the meeting.")
    if not attendees.strip() or not decisions.strip():
        raise MoveRefused("Say who came and what was decided.")
    with transaction.atomic():
        case = lock_case(case_id)
        if case.status in ENDED:
            raise MoveRefused("This case has ended.")
        meeting = Meeting.objects.create(
            case=case,
            held_on=held_on,
            attendees=attendees.strip(),
            decisions=decisions.strip(),
            actions=actions_agreed.strip(),
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        audit.record(by, "change", case, detail="team meeting recorded")
        return meeting
