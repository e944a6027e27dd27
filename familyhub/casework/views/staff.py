"""A case's own pages for staff: the case, its moves, allocating the lead, the team around the
family, and a manager's break-glass look. Thin: every read is `access.get_case_for` (404 for
missing and not-yours alike, audited); every write is an `actions` function."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from familyhub.casework import access, actions, states, telling
from familyhub.casework.family import SAFETY_CONCERN
from familyhub.casework.forms import AddMemberForm, AllocateForm, BreakGlassForm, MoveForm
from familyhub.casework.models import Goal
from familyhub.casework.states import MOVES, MoveRefused, Status
from familyhub.families.safe_contact import no_safe_way

FORM_PAGE = "casework/staff/form_page.html"


def _case_url(case):
    return reverse("casework:case", args=[case.reference])


def _form_page(request, case, form, *, heading, button, action, **extra):
    return render(
        request,
        FORM_PAGE,
        {
            "case": case,
            "form": form,
            "heading": heading,
            "button": button,
            "action": action,
            "caption": f"Early help case {case.reference}",
            "back": _case_url(case),
            "cancel": _case_url(case),
            "error_links": form.error_links() if form.is_bound else [],
            **extra,
        },
    )


def _refused(form, error: MoveRefused):
    form.add_error(None, str(error))


@login_required
def case_page(request, reference):
    case = access.get_case_for(request, reference)
    user = request.user
    acts = access.may_act(user, case)
    today = timezone.localdate()
    family = case.family
    context = {
        "case": case,
        "family": family,
        "people": list(family.members.all()),
        "consent": case.consents.first(),
        "assessment": case.assessments.order_by("-number").first(),
        "plan_goals": Goal.objects.filter(plan__case=case).count(),
        "reviews": case.reviews.all(),
        "family_comments": case.family_comments.all()[:20],
        # A comment the safety layer read as describing harm (casework.family).
        "safety_concern": case.history.filter(move=SAFETY_CONCERN).last(),
        "step_down_services": case.step_down_services.select_related("organisation"),
        "meetings": case.meetings.all(),
        "history": case.history.select_related("by"),
        "members": case.members.filter(removed_at__isnull=True).select_related(
            "user", "family_member"
        ),
        "moves": states.moves_from(case.status) if acts else [],
        "may_act": acts,
        "may_allocate": access.may_allocate(user, case),
        "review_overdue": bool(case.next_review_due and case.next_review_due < today),
        "sustained_check_due_now": bool(
            case.sustained_check_due and case.sustained_check_due <= today
        ),
        "ended": case.status in states.ENDED,
        "consent_withdrawn_means": states.CONSENT_WITHDRAWN_MEANS,
        "no_safe_way": no_safe_way(family),
        "break_glass": not access.cases_for(user).filter(pk=case.pk).exists(),
    }
    return render(request, "casework/staff/case.html", context)


@login_required
def move(request, reference, move):
    case = access.get_case_for(request, reference)
    chosen = MOVES.get(move)
    if chosen is None or chosen.by_stage:
        raise Http404("No such action.")
    if not access.may_act(request.user, case):
        raise PermissionDenied
    services = telling.universal_services_near(case.family) if "services" in chosen.asks else ()
    form = MoveForm(
        request.POST or None, move=chosen, services=services, initial={"version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_case(
                case.pk,
                chosen.name,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.details(),
            )
        except MoveRefused as error:
            _refused(form, error)
        else:
            messages.success(request, str(chosen.done) % {"ref": case.reference})
            return redirect(_case_url(case))
    explanation = [chosen.explanation] if chosen.explanation else []
    points = states.CONSENT_WITHDRAWN_MEANS if chosen.outcome == "consent_withdrawn" else ()
    blocked = ""
    if case.status not in chosen.from_statuses:
        label = Status(case.status).label
        blocked = f"This case is “{label}”, so it cannot be {chosen.past} now."
    return _form_page(
        request,
        case,
        form,
        heading=chosen.heading or chosen.label,
        button=chosen.label,
        warning=chosen.warning,
        action=reverse("casework:move", args=[case.reference, chosen.name]),
        explanation=explanation,
        points=points,
        blocked=blocked,
    )


@login_required
def allocate(request, reference):
    case = access.get_case_for(request, reference)
    if not access.may_allocate(request.user, case):
        raise PermissionDenied
    form = AllocateForm(request.POST or None, team=case.team, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.allocate(
                case.pk,
                form.cleaned_data["person"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except MoveRefused as error:
            _refused(form, error)
        else:
            messages.success(request, f"{case.reference}: lead practitioner allocated.")
            return redirect(_case_url(case))
    heading = "Reassign the lead practitioner" if case.lead_id else "Allocate a lead practitioner"
    return _form_page(
        request,
        case,
        form,
        heading=heading,
        button="Allocate",
        action=reverse("casework:allocate", args=[case.reference]),
    )


@login_required
def add_member(request, reference):
    case = access.get_case_for(request, reference)
    if not access.may_act(request.user, case):
        raise PermissionDenied
    form = AddMemberForm(
        request.POST or None, family=case.family, initial={"version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_member(
                case.pk,
                by=request.user,
                user=data["user"],
                family_member=data["member"],
                agency=data["agency"],
                role_in_team=data["role_in_team"],
                expected_version=data["version"],
            )
        except MoveRefused as error:
            _refused(form, error)
        else:
            messages.success(request, f"{case.reference}: added to the team around the family.")
            return redirect(_case_url(case))
    return _form_page(
        request,
        case,
        form,
        heading="Add someone to the team around the family",
        button="Add to the team",
        action=reverse("casework:add_member", args=[case.reference]),
        explanation=[
            "A practitioner you add sees this case. Add people from "
            "any agency, and people from the family itself."
        ],
    )


@login_required
def remove_member(request, reference, member_id):
    case = access.get_case_for(request, reference)
    if not access.may_act(request.user, case):
        raise PermissionDenied
    if request.method != "POST":
        return redirect(_case_url(case))
    try:
        actions.remove_member(
            case.pk, member_id, by=request.user, expected_version=_version(request)
        )
    except MoveRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{case.reference}: removed from the team around the family.")
    return redirect(_case_url(case))


def _version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a missing or spoilt version is refused as out of date


@login_required
def break_glass(request, reference):
    """A manager outside the case's team asks to see it, with a reason (audited)."""
    case = access.case_for_break_glass(request.user, reference)
    if access.cases_for(request.user).filter(pk=case.pk).exists():
        return redirect(_case_url(case))
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.open_break_glass(request.user, case, form.cleaned_data["reason"])
        return redirect(_case_url(case))
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "heading": "Look at a case outside your team",
            "button": "Look at the case",
            "action": reverse("casework:break_glass", args=[case.reference]),
            "warning": True,
            "caption": f"Early help case {case.reference}",
            "explanation": [
                "This case is not in your team. You may look at it only with a reason: "
                "your name, the time and your reason are recorded and can be audited."
            ],
            "error_links": form.error_links() if form.is_bound else [],
        },
    )
