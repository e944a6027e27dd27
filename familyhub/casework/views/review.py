"""Recording a review and a team meeting. Reads through `access.get_case_for` (audited);
writes through `reviewing`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from familyhub.casework import access, actions, reviewing
from familyhub.casework.forms import SustainedCheckForm
from familyhub.casework.models import Goal, Review
from familyhub.casework.review_forms import MeetingForm, ReviewForm
from familyhub.casework.states import MoveRefused, Status
from familyhub.casework.views.staff import _form_page


@login_required
def review(request, reference):
    case = access.get_case_for(request, reference)
    if not access.may_act(request.user, case):
        raise PermissionDenied
    goals = list(Goal.objects.filter(plan__case=case))
    form = ReviewForm(
        request.POST or None,
        goals=goals,
        initial={"version": case.version, "review_every_weeks": str(case.review_every_weeks)},
    )
    blocked = "" if case.status == Status.REVIEWING else "Start a review from the case page first."
    if not blocked and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = reviewing.record_review(
                case.pk,
                by=request.user,
                expected_version=data["version"],
                held_on=data["held_on"],
                scores=form.scores(),
                progress=data["progress"],
                decision=data["decision"],
                review_every_weeks=data["review_every_weeks"],
            )
        except MoveRefused as error:
            form.add_error(None, str(error))
        else:
            if recorded.decision == Review.Decision.CONTINUE:
                messages.success(
                    request,
                    f"{case.reference}: review recorded. The plan "
                    "continues; the next review is scheduled.",
                )
                return redirect("casework:case", case.reference)
            messages.success(request, "Review recorded. Now finish what it decided.")
            move = reviewing.DECISION_MOVES[recorded.decision]
            return redirect("casework:move", case.reference, move)
    return _form_page(
        request,
        case,
        form,
        heading="Record the review",
        button="Record the review",
        action=reverse("casework:review", args=[case.reference]),
        explanation=["Ask the family to score each goal again, from 0 to 10."],
        blocked=blocked,
    )


@login_required
def meeting(request, reference):
    case = access.get_case_for(request, reference)
    if not access.may_act(request.user, case):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reviewing.record_meeting(
                case.pk,
                by=request.user,
                held_on=data["held_on"],
                attendees=data["attendees"],
                decisions=data["decisions"],
                actions_agreed=data["actions_agreed"],
            )
        except MoveRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{case.reference}: team meeting recorded.")
            return redirect("casework:case", case.reference)
    return _form_page(
        request,
        case,
        form,
        heading="Record a team around the family meeting",
        button="Record the meeting",
        action=reverse("casework:meeting", args=[case.reference]),
    )


@login_required
def sustained_check(request, reference):
    """The sustained-outcome check, six months after a case ended."""
    case = access.get_case_for(request, reference)
    if not access.may_act(request.user, case):
        raise PermissionDenied
    form = SustainedCheckForm(request.POST or None, initial={"version": case.version})
    due = case.sustained_check_due
    blocked = ""
    if due is None or case.sustained_check_done_at is not None:
        blocked = "There is no sustained-outcome check to record on this case."
    elif due > timezone.localdate():
        blocked = f"The sustained-outcome check is due on {due.day} {due:%B %Y}."
    if not blocked and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_sustained_check(
                case.pk,
                by=request.user,
                sustained=data["sustained"],
                note=data["note"],
                expected_version=data["version"],
            )
        except MoveRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{case.reference}: sustained-outcome check recorded.")
            return redirect("casework:case", case.reference)
    return _form_page(
        request,
        case,
        form,
        heading="Record the sustained-outcome check",
        button="Record the check",
        blocked=blocked,
        action=reverse("casework:sustained_check", args=[case.reference]),
    )
