"""A request's page for staff, the safeguarding step, and the moves (every write is
`actions.move_request`; what a move asks and says is `states.Move`'s)."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import (
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import require_role, role_of
from familyhub.families import duplicates
from familyhub.families.models import Family
from familyhub.families.safe_contact import no_safe_way, other_way_for_staff
from familyhub.referrals import actions, overdue, privacy, queries, safeguarding, states, waiting
from familyhub.referrals.access import may_move, requests_for
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.presenting import decline_reason_for_family
from familyhub.referrals.repeats import repeats_for
from familyhub.referrals.staff_forms import (
    STAFF_STATUS_LABELS,
    MoveForm,
    SafeguardingStepForm,
)
from familyhub.referrals.states import MoveRefused
from familyhub.referrals.views.staff_shared import (
    ROLES_WITH_REQUESTS,
    TEMPLATES,
    child_age_in_words,
    status_tag,
    visible_request,
)

# --- 2. a request's page -------------------------------------------------------------------


def _reason_label(change) -> str:
    return states.reason_label(change.to_status, change.reason_code) or change.reason_code


def _actions_for(user, support_request) -> list[dict]:
    """The moves this person may make now, from where the request is."""
    moves = states.moves_from(support_request.status) + states.moves_from(
        support_request.status, by_family=True
    )
    return [
        {"move": move, "one_click": move.one_click}
        for move in moves
        if may_move(user, support_request, move.name)
    ]


def _safe_contact(family: Family) -> list[str]:
    if no_safe_way(family):  # said once, prominently, with the way the family asked for
        return []
    warnings = []
    if not family.voicemail_ok:
        warnings.append(_("Do not leave voicemail"))
    if not family.safe_to_phone:
        warnings.append(_("Not safe to phone"))
    if not family.safe_to_text:
        warnings.append(_("Not safe to text"))
    if not family.safe_to_email:
        warnings.append(_("Not safe to email"))
    return warnings


def _request_context(user, support_request, today: date) -> dict:
    family = support_request.family
    prefetch_related_objects([family], "members")
    children = [
        {"member": child, "age": child_age_in_words(child, today)}
        for child in support_request.children.order_by("date_of_birth", "first_name", "id")
    ]
    history = [
        {
            "change": change,
            "from_label": STAFF_STATUS_LABELS.get(change.from_status, ""),
            "to_label": STAFF_STATUS_LABELS.get(change.to_status, change.to_status),
            "reason": _reason_label(change),
        }
        for change in support_request.history.all()
    ]
    service = support_request.service
    repeats = list(
        repeats_for(family, service=service, need=support_request.need, exclude=support_request)
    )
    # Requests elsewhere are flagged (so the family is not referred again) but not named:
    # which other organisation supports a family is not this person's to know.
    visible = set(
        requests_for(user).filter(pk__in=[r.pk for r in repeats]).values_list("pk", flat=True)
    )
    return {
        "support_request": support_request,
        # Early help casework can be opened from here (familyhub/casework).
        "may_open_early_help": queries.early_help_opening(support_request) is not None,
        "status": status_tag(support_request),
        "flags": overdue.flags(support_request, today),
        "family": family,
        "main_contact": family.main_contact,
        "safe_contact": _safe_contact(family),
        "no_safe_way": no_safe_way(family),
        "other_way": other_way_for_staff(family),
        "notice_url": _notice_url(support_request.consent.privacy_notice_version),
        "children": children,
        "consent": support_request.consent,
        "history": history,
        "wait": waiting.expected_wait(service) if service else None,
        "wait_rule": waiting.RULE,
        "repeats": [
            {"request": other, "status": status_tag(other), "visible": other.pk in visible}
            for other in repeats
        ],
        "actions": _actions_for(user, support_request),
        # Records that may be the same family: triage compares and merges them.
        "possible_same_family": duplicates.likely_duplicates(family)
        if role_of(user) == Role.TRIAGE
        else [],
        "redirected_from": SupportRequest.objects.filter(redirected_to=support_request)
        .select_related("service")
        .first(),
        "decline_reason": support_request.get_decline_reason_display(),
        "reason_for_family": decline_reason_for_family(support_request),
        "outcome": support_request.get_outcome_display(),
    }


def _safeguarding_context(support_request, form=None) -> dict:
    if not support_request.safeguarding_concerns:
        return {}
    return {
        "safeguarding": {
            "concerns": safeguarding.staff_names(support_request.safeguarding_concerns),
            "required_step": safeguarding.required_step(),
            "step": safeguarding.Step(support_request.safeguarding_step).label
            if support_request.safeguarding_step
            else "",
            "step_at": support_request.safeguarding_step_at,
            # Anyone who may see the request may record the step (its service, triage, the
            # referrer and their team): a safeguarding lead is often not the one who decides.
            "can_record": not support_request.safeguarding_step,
            "form": form
            or SafeguardingStepForm(
                initial={"version": support_request.version}, choices=safeguarding.Step.choices
            ),
        }
    }


def _notice_url(version: str) -> str:
    """The privacy notice the family was shown, if it is one of ours (older records are not)."""
    if version in privacy.VERSIONS:
        return reverse("referrals:privacy_notice_version", args=[version])
    return ""


@login_required
def request_page(request, reference):
    require_role(request.user, ROLES_WITH_REQUESTS)
    support_request = visible_request(request, reference)  # 404 if not theirs; audited
    context = _request_context(request.user, support_request, timezone.localdate())
    context |= _safeguarding_context(support_request)
    return render(request, TEMPLATES + "request.html", context)


@login_required
@require_POST
def safeguarding_step(request, reference):
    """Record the step taken about a possible safeguarding concern."""
    require_role(request.user, ROLES_WITH_REQUESTS)
    support_request = visible_request(request, reference)  # 404 if not theirs; audited
    form = SafeguardingStepForm(request.POST, choices=safeguarding.Step.choices)
    if form.is_valid():
        try:
            safeguarding.record_step(
                support_request.id,
                form.cleaned_data["step"],
                note=form.cleaned_data["note"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except MoveRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The safeguarding step is recorded in the history."))
            return redirect("referrals:staff_request", reference=support_request.reference)
    support_request.refresh_from_db()
    context = _request_context(request.user, support_request, timezone.localdate())
    context |= _safeguarding_context(support_request, form)
    context["error_links"] = form.error_links()
    return render(request, TEMPLATES + "request.html", context, status=400)


# --- 3. the moves ----------------------------------------------------------------------------


def _done_message(move, support_request) -> str:
    words = {"ref": support_request.reference}
    if move.passes_on and support_request.redirected_to_id:
        new = support_request.redirected_to
        words |= {"service": new.service.name, "new": new.reference}
    elif move.done_not_told and not queries.family_is_told(support_request):
        return move.done_not_told % words
    return (move.done or _("%(ref)s updated.")) % words


def _date_parts(day: date) -> dict:
    return {
        "expected_start_day": str(day.day),
        "expected_start_month": str(day.month),
        "expected_start_year": str(day.year),
    }


def _version_from(value, default: int) -> int:
    try:
        version = int(value)
    except (TypeError, ValueError):
        return default
    return version if 0 < version < 2_147_483_647 else default


@login_required
def move(request, reference, move):
    chosen = states.MOVES.get(move)
    if chosen is None or chosen.service_closing:  # those are made on the exit plan page
        raise Http404("No such action.")
    require_role(request.user, ROLES_WITH_REQUESTS)
    support_request = visible_request(request, reference)  # 404 if not theirs; audited
    if not may_move(request.user, support_request, chosen.name):
        raise PermissionDenied

    # Putting a family on the waiting list: the date suggested is the one expected wait.
    service = support_request.service
    wait = waiting.expected_wait(service) if "expected_start" in chosen.asks and service else None
    if request.method == "POST":
        form = MoveForm(request.POST, move=chosen, support_request=support_request)
        if form.is_valid():
            try:
                moved = actions.move_request(
                    support_request.id,
                    chosen.name,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.move_details(),
                )
            except MoveRefused as refusal:
                # Nothing changed. Show where the request is now, keep what was typed, and
                # let a retry act on the version now shown.
                support_request.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(support_request.version)
                form.data = data
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _done_message(chosen, moved))
                return redirect("referrals:staff_request", reference=moved.reference)
    else:
        version = _version_from(request.GET.get("version"), support_request.version)
        initial = {"version": version}
        if "expected_start" in chosen.asks and wait:
            initial.update(_date_parts(timezone.localdate() + timedelta(days=wait.days)))
        form = MoveForm(initial=initial, move=chosen, support_request=support_request)

    try:
        states.check_move(support_request.status, chosen.name)
        blocked = ""
    except MoveRefused as refusal:
        blocked = str(refusal)
    return render(
        request,
        TEMPLATES + "move.html",
        {
            "support_request": support_request,
            "status": status_tag(support_request),
            "flags": overdue.flags(support_request),
            "move": chosen,
            "heading": chosen.heading or chosen.label,
            "main_contact": support_request.family.main_contact,
            "family_is_told": queries.family_is_told(support_request),
            "example_date": timezone.localdate() + timedelta(days=28),
            "wait": wait,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
            "blocked": blocked,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
