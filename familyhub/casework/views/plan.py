"""The family plan page: goals, actions and scores. Reads through `access.get_case_for`
(audited); writes through `planning` (row lock and version check)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from familyhub.casework import access, planning
from familyhub.casework.plan_forms import ActionForm, ActionStatusForm, GoalForm
from familyhub.casework.states import ENDED, MoveRefused, Status

WRITABLE = frozenset({Status.PLANNING, Status.ACTIVE, Status.REVIEWING})


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _save(request, plan, needs, section):
    """Save one section: (message, None) or (None, the form with its errors)."""
    by = request.user
    if section == "goal":
        form = GoalForm(request.POST, needs=needs, auto_id="goal-%s")
        if not form.is_valid():
            return None, form
        data = form.cleaned_data
        planning.add_goal(
            plan.pk,
            by=by,
            expected_version=data["version"],
            words=data["words"],
            needs=form.chosen_needs(),
            start_score=data["start_score"],
        )
        return "Goal added.", None
    if section == "action":
        goal_id = request.POST.get("goal", "")
        goal_id = goal_id if goal_id.isdigit() else "0"
        form = ActionForm(request.POST, auto_id=f"action-{goal_id}-%s")
        if not form.is_valid():
            return None, form
        data = form.cleaned_data
        planning.add_action(
            plan.pk,
            data["goal"],
            by=by,
            expected_version=data["version"],
            what=data["what"],
            who=data["who"],
            by_when=data["by_when"],
        )
        return "Action added.", None
    if section == "status":
        form = ActionStatusForm(request.POST)
        if not form.is_valid():
            raise MoveRefused("Choose how the action is going.")
        data = form.cleaned_data
        planning.set_action_status(
            plan.pk, data["action"], by=by, expected_version=data["version"], status=data["status"]
        )
        return "Action updated.", None
    if section == "agree":
        planning.agree(plan.pk, by=by, expected_version=_version(request))
        return "Plan agreed. The case is active and its first review is scheduled.", None
    raise MoveRefused("There is no such part of the plan.")


@login_required
def plan_page(request, reference):
    case = access.get_case_for(request, reference)
    acts = access.may_act(request.user, case)
    plan = planning.plan_for(case)
    needs = planning.needs_to_plan_for(case)
    failed, failed_section, error = None, "", ""
    if request.method == "POST":
        if not acts:  # team members read; the lead and the team's managers write
            raise PermissionDenied
        failed_section = request.POST.get("section", "")
        try:
            done, failed = _save(request, plan, needs, failed_section)
        except MoveRefused as refused:
            error = str(refused)
        else:
            if failed is None:
                messages.success(request, done)
                return redirect(reverse("casework:plan", args=[case.reference]))
    plan.refresh_from_db()
    posted = request.POST if request.method == "POST" else None
    goal_form = (
        failed
        if isinstance(failed, GoalForm)
        else GoalForm(
            posted if failed_section == "goal" else None,
            needs=needs,
            initial={"version": plan.version},
            auto_id="goal-%s",
        )
    )
    goals = []
    for goal in plan.goals.prefetch_related("needs", "actions", "scores"):
        start, latest = planning.latest_scores(goal)
        mine = (
            posted is not None
            and failed_section == "action"
            and (posted.get("goal") == str(goal.pk))
        )
        action_form = (
            failed
            if isinstance(failed, ActionForm) and mine
            else ActionForm(
                posted if mine else None,
                initial={"version": plan.version, "goal": goal.pk},
                auto_id=f"action-{goal.pk}-%s",
            )
        )
        goals.append(
            {
                "goal": goal,
                "start": start,
                "latest": latest,
                "scores": list(goal.scores.all()),
                "action_form": action_form,
                "actions": list(goal.actions.all()),
            }
        )
    errors = [("main-content", error)] if error else []
    if failed is not None:
        errors += failed.error_links()
    editable = acts and case.status in WRITABLE
    return render(
        request,
        "casework/staff/plan.html",
        {
            "case": case,
            "plan": plan,
            "goals": goals,
            "goal_form": goal_form,
            "needs": needs,
            "editable": editable,
            "error_links": errors,
            "ended": case.status in ENDED,
            "can_agree": editable and case.status == Status.PLANNING,
            "missing": planning.missing_to_agree(plan),
            "progress": ActionStatusForm.base_fields["status"].choices,
        },
    )
