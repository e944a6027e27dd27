"""The family plan: goals in the family's words linked to the assessment's needs, actions (who,
by when, how it is going), and the family's own 0–10 score for each goal at the start and at
each review. Every write locks the plan's row and checks its version: two people editing at once
lose nothing (the second is told, and what they typed is kept on their page)."""

from django.db import transaction
from django.utils import timezone

from familyhub.audit import services as audit
from familyhub.casework import actions
from familyhub.casework.framework import FindingKind
from familyhub.casework.models import Assessment, Goal, GoalScore, Plan, PlanAction
from familyhub.casework.states import ENDED, MoveRefused, Status

SCORES = range(0, 11)


def plan_for(case) -> Plan:
    plan, _created = Plan.objects.get_or_create(case=case, defaults={"updated_at": timezone.now()})
    return plan


def needs_to_plan_for(case):
    """The needs of the latest completed assessment, which goals are linked to."""
    latest = case.assessments.filter(stage=Assessment.Stage.COMPLETED).order_by("-number").first()
    if latest is None:
        return []
    return list(latest.findings.filter(kind=FindingKind.NEED))


def _lock(plan_id, expected_version) -> Plan:
    plan = Plan.objects.select_for_update().select_related("case").get(pk=plan_id)
    if plan.case.status in ENDED:
        raise MoveRefused("This case has ended: its plan cannot change now.")
    if plan.case.status in (Status.OPEN, Status.ASSESSING):
        raise MoveRefused("Complete the assessment before writing the plan.")
    if expected_version is not None and plan.version != expected_version:
        raise MoveRefused(
            "Someone else changed this plan while you were writing. What you typed is below: "
            "check the plan and save again."
        )
    return plan


def _saved(plan, by, what):
    plan.version += 1
    plan.updated_at = timezone.now()
    plan.save(update_fields=["version", "updated_at"])
    audit.record(by, "change", plan.case, detail=f"plan: {what}")


def _check_score(score):
    if score is None or score not in SCORES:
        raise MoveRefused("Give the family's score from 0 to 10.")


def add_goal(plan_id, *, by, expected_version, words, needs, start_score) -> Goal:
    if not (words or "").strip():
        raise MoveRefused("Write the goal in the family's words.")
    _check_score(start_score)
    with transaction.atomic():
        plan = _lock(plan_id, expected_version)
        allowed = {need.pk for need in needs_to_plan_for(plan.case)}
        if not needs or any(need.pk not in allowed for need in needs):
            raise MoveRefused("Link the goal to at least one need from the assessment.")
        now = timezone.now()
        goal = Goal.objects.create(plan=plan, words=words.strip(), added_at=now, added_by=by)
        goal.needs.set(needs)
        GoalScore.objects.create(goal=goal, score=start_score, at=now, recorded_by=by)
        _saved(plan, by, "goal added")
        return goal


def add_action(plan_id, goal_id, *, by, expected_version, what, who, by_when) -> PlanAction:
    if not (what or "").strip() or not (who or "").strip() or by_when is None:
        raise MoveRefused("Say what will be done, who will do it and by when.")
    with transaction.atomic():
        plan = _lock(plan_id, expected_version)
        goal = plan.goals.filter(pk=goal_id).first()
        if goal is None:
            raise MoveRefused("That goal is not in this plan.")
        action = PlanAction.objects.create(
            goal=goal,
            what=what.strip(),
            who=who.strip(),
            by_when=by_when,
            updated_at=timezone.now(),
        )
        _saved(plan, by, "action added")
        return action


def set_action_status(plan_id, action_id, *, by, expected_version, status) -> None:
    if status not in PlanAction.Progress.values:
        raise MoveRefused("Choose how the action is going.")
    with transaction.atomic():
        plan = _lock(plan_id, expected_version)
        updated = PlanAction.objects.filter(pk=action_id, goal__plan=plan).update(
            status=status, updated_at=timezone.now()
        )
        if not updated:
            raise MoveRefused("That action is not in this plan.")
        _saved(plan, by, "action updated")


def missing_to_agree(plan) -> list[str]:
    goals = list(plan.goals.prefetch_related("actions"))
    if not goals:
        return ["Add at least one goal."]
    if any(not goal.actions.all() for goal in goals):
        return ["Give every goal at least one action."]
    return []


def agree(plan_id, *, by, expected_version) -> Plan:
    """The family and the lead agree the plan: the case becomes active, its first review due."""
    with transaction.atomic():
        plan = _lock(plan_id, expected_version)
        missing = missing_to_agree(plan)
        if missing:
            raise MoveRefused(" ".join(missing))
        actions.move_case(plan.case_id, "agree_plan", by=by)
        plan.agreed_at = timezone.now()
        plan.save(update_fields=["agreed_at"])
        _saved(plan, by, "agreed")
        return plan


def latest_scores(goal) -> tuple[int | None, int | None]:
    """(the score at the start, the latest score)."""
    scores = list(goal.scores.all())
    if not scores:
        return None, None
    return scores[0].score, scores[-1].score
