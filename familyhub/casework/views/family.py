"""The family's own pages: its plan in plain words, comments, asking for a review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import is_parent, roles_required
from familyhub.casework import family, planning
from familyhub.casework.access import CASE_REFERENCE
from familyhub.casework.models import FamilyComment, Goal
from familyhub.casework.states import ENDED, MoveRefused
from familyhub.safety.help import kind_names, what_to_do_now


@roles_required(Role.PARENT)
def family_plan(request):
    cases = list(family.cases_for_family(request.user)[:5])
    family.seen_by_family(request.user, cases)
    shown = []
    for case in cases:
        goals = []
        for goal in Goal.objects.filter(plan__case=case).prefetch_related("actions", "scores"):
            start, latest = planning.latest_scores(goal)
            goals.append(
                {
                    "goal": goal,
                    "start": start,
                    "latest": latest,
                    "actions": list(goal.actions.all()),
                }
            )
        shown.append(
            {
                "case": case,
                "goals": goals,
                "ended": case.status in ENDED,
                "in_plain_words": family.IN_PLAIN_WORDS[case.status],
                "services": list(case.step_down_services.all()),
                "comments": list(case.family_comments.all()[:10]),
            }
        )
    typed = request.session.pop("casework_comment", "")  # kept when it could not be saved
    return render(request, "casework/family/plan.html", {"shown": shown, "typed": typed})


def _own_case(request, reference):
    if not is_parent(request.user) or not CASE_REFERENCE.fullmatch(reference or ""):
        raise Http404
    case = family.cases_for_family(request.user).filter(reference=reference).first()
    if case is None:
        raise Http404
    return case


@login_required
@require_POST
def family_comment(request, reference):
    case = _own_case(request, reference)
    kind = (
        FamilyComment.Kind.REVIEW_ASKED
        if request.POST.get("kind") == "review_asked"
        else FamilyComment.Kind.COMMENT
    )
    try:
        saved = family.comment(
            case.pk, by=request.user, text=request.POST.get("text", ""), kind=kind
        )
    except MoveRefused as refused:
        messages.error(request, str(refused))
        request.session["casework_comment"] = request.POST.get("text", "")[: family.MOST_COMMENT]
    else:
        messages.success(
            request,
            _("Thank you. Your lead practitioner will see it.")
            if kind == FamilyComment.Kind.COMMENT
            else _("Thank you. Your lead practitioner will be in touch to arrange a review."),
        )
        # What a family writes may disclose harm (the one safety layer, read as it was saved):
        # what to do now first.
        disclosure = saved.disclosure
        if disclosure:
            return render(
                request,
                "casework/family/what_to_do_now.html",
                {
                    "safety_help": what_to_do_now(disclosure),
                    "safety_kinds": kind_names(disclosure),
                    "quick_exit": True,
                },
            )
    return redirect("casework:family_plan")
