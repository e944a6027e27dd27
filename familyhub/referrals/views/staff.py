"""The staff side of requests for support: the inbox (provider staff), "my requests"
(practitioners), a request's page, the moves, the early help triage queue and merging duplicate
family records.

Thin: every read is scoped by `access` (404 for missing and not-yours alike, 403 for a page of
a role the person does not have); every write is `actions.move_request` or
`actions.merge_family_records`.
"""

import re
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import require_role, role_of
from familyhub.audit import services as audit
from familyhub.casework.access import early_help_route
from familyhub.directory.models import Service
from familyhub.families import services as family_services
from familyhub.families.models import Family, FamilyMember
from familyhub.families.safe_contact import no_safe_way
from familyhub.referrals import actions, overdue, privacy, safeguarding, states, waiting
from familyhub.referrals.access import families_for, get_request_for, may_move, requests_for
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.presenting import (
    TAG_COLOURS,
    decline_reason_for_family,
    other_way_for_staff,
)
from familyhub.referrals.repeats import repeats_for, repeats_in_triage
from familyhub.referrals.staff_forms import (
    ANY_OPEN,
    NO_SERVICE,
    STAFF_STATUS_LABELS,
    InboxFilterForm,
    MergeForm,
    MoveForm,
    SafeguardingStepForm,
)
from familyhub.referrals.states import OPEN, MoveRefused

PAGE_SIZE = 25
ROLES_WITH_REQUESTS = frozenset({Role.PROVIDER, Role.PRACTITIONER, Role.TRIAGE})
TEMPLATES = "referrals/staff/"


REFERENCE_SHAPE = re.compile(r"[A-Za-z0-9-]{1,20}")


def _visible_request(request, reference) -> SupportRequest:
    """The request if this person may see it (the view is audited), else 404 — a malformed
    reference included, before it reaches the database."""
    if not REFERENCE_SHAPE.fullmatch(reference):
        raise Http404("No request with that reference that you can see.")
    return get_request_for(request, reference)


# --- shared bits -------------------------------------------------------------------------


def _overdue_first(requests, today: date):
    rank = Case(
        When(overdue.overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return requests.annotate(overdue_rank=rank).order_by("overdue_rank", "submitted_at", "id")


def _children_prefetch():
    return Prefetch(
        "children", queryset=FamilyMember.objects.order_by("date_of_birth", "first_name", "id")
    )


def age_in_words(born: date | None, today: date) -> str:
    if born is None:
        return ""
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    if months < 0:
        return _("not born yet")
    if months < 24:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    years = months // 12
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def child_age_in_words(member, today: date) -> str:
    """A child's age, or for a baby not born yet "expected baby, due 9 July 2027"."""
    if member.is_expected:
        due = date_format(member.due_date, "j E Y")
        return _("expected baby, due %(date)s") % {"date": due}
    return age_in_words(member.date_of_birth, today)


def _status(support_request) -> dict:
    return {
        "label": STAFF_STATUS_LABELS.get(support_request.status, support_request.status),
        "tag": TAG_COLOURS.get(support_request.status, "grey"),
    }


def _page(request, items):
    """One page of requests. The page's ids are chosen first (ordering on the request table
    alone), then only those rows are read with their family, service and children: with tens
    of thousands of open requests, joining every one of them before the limit was the cost."""
    page = Paginator(items.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    rows = {row.pk: row for row in items.filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids]
    return page


def _page_links(page) -> list:
    """GOV.UK pagination items: page numbers with ellipses."""
    if page.paginator.num_pages <= 1:
        return []
    return [
        {"number": number, "ellipsis": number == page.paginator.ELLIPSIS}
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]


# --- 1. the inbox / my requests -------------------------------------------------------------


@login_required
def inbox(request):
    user = request.user
    require_role(user, ROLES_WITH_REQUESTS)
    role = role_of(user)
    today = timezone.localdate()
    requests = requests_for(user)

    if role == Role.PROVIDER:
        services = Service.objects.filter(organisation_id=user.profile.organisation_id)
    else:
        services = Service.objects.filter(
            pk__in=requests.filter(service__isnull=False).values("service_id")
        )
    services = list(services.order_by("name", "id").only("id", "name"))
    form = InboxFilterForm(
        request.GET or None, services=services, include_no_service=role != Role.PROVIDER
    )
    chosen = form.filters()
    if chosen.get("service") == NO_SERVICE:
        requests = requests.filter(service__isnull=True)
    elif chosen.get("service"):
        requests = requests.filter(service_id=chosen["service"])
    if chosen.get("status") == ANY_OPEN:
        requests = requests.filter(status__in=list(OPEN))
    elif chosen.get("status"):
        requests = requests.filter(status=chosen["status"])
    if chosen.get("overdue"):
        requests = requests.filter(overdue.overdue_q(today))
    requests = _overdue_first(requests, today).prefetch_related(_children_prefetch())

    page = _page(request, requests)
    audit.record_listed(request.user, page.object_list, detail="listed in the inbox")
    rows = [
        {
            "request": support_request,
            "status": _status(support_request),
            "flags": overdue.flags(support_request, today),
            "no_safe_way": no_safe_way(support_request.family),
            "children": [
                {"name": child.first_name, "age": child_age_in_words(child, today)}
                for child in support_request.children.all()
            ],
        }
        for support_request in page
    ]
    titles = {
        Role.PROVIDER: _("Requests for support"),
        Role.PRACTITIONER: _("My requests for support"),
        Role.TRIAGE: _("All requests for support"),
    }
    return render(
        request,
        TEMPLATES + "inbox.html",
        {
            "title": titles[role],
            "role": role,
            "form": form,
            "rows": rows,
            "page": page,
            "page_links": _page_links(page),
            "filtered": chosen != {"status": ANY_OPEN},
            "is_triage": role == Role.TRIAGE,
        },
        status=400 if form.errors else 200,
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
        "may_open_early_help": early_help_route(support_request) is not None,
        "status": _status(support_request),
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
            {"request": other, "status": _status(other), "visible": other.pk in visible}
            for other in repeats
        ],
        "actions": _actions_for(user, support_request),
        # Records that may be the same family: triage compares and merges them.
        "possible_same_family": family_services.likely_duplicates(family)
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
    support_request = _visible_request(request, reference)  # 404 if not theirs; audited
    context = _request_context(request.user, support_request, timezone.localdate())
    context |= _safeguarding_context(support_request)
    return render(request, TEMPLATES + "request.html", context)


@login_required
@require_POST
def safeguarding_step(request, reference):
    """Record the step taken about a possible safeguarding concern."""
    require_role(request.user, ROLES_WITH_REQUESTS)
    support_request = _visible_request(request, reference)  # 404 if not theirs; audited
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
    elif move.done_not_told and not actions.family_is_told(support_request):
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
    support_request = _visible_request(request, reference)  # 404 if not theirs; audited
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
            "status": _status(support_request),
            "flags": overdue.flags(support_request),
            "move": chosen,
            "heading": chosen.heading or chosen.label,
            "main_contact": support_request.family.main_contact,
            "family_is_told": actions.family_is_told(support_request),
            "example_date": timezone.localdate() + timedelta(days=28),
            "wait": wait,
            "form": form,
            "error_links": form.error_links() if form.is_bound else [],
            "blocked": blocked,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- 4. the early help triage queue --------------------------------------------------------


@login_required
def triage_queue(request):
    require_role(request.user, {Role.TRIAGE})
    today = timezone.localdate()
    requests = requests_for(request.user).filter(service__isnull=True, status__in=list(OPEN))
    requests = _overdue_first(requests, today).prefetch_related(
        _children_prefetch(), "family__members"
    )
    page = _page(request, requests)
    audit.record_listed(request.user, page.object_list, detail="listed in the triage queue")
    duplicates = family_services.likely_duplicates_of({r.family for r in page})
    repeats_by_request = repeats_in_triage(page, duplicates)
    rows = []
    for support_request in page:
        family = support_request.family
        repeats = repeats_by_request[support_request.pk]
        rows.append(
            {
                "request": support_request,
                "status": _status(support_request),
                "flags": overdue.flags(support_request, today),
                "main_contact": family.main_contact,
                "no_safe_way": no_safe_way(family),
                "children": [
                    {"name": child.first_name, "age": child_age_in_words(child, today)}
                    for child in support_request.children.all()
                ],
                "duplicates": duplicates.get(family.pk, []),
                "repeats": [{"request": other, "status": _status(other)} for other in repeats],
            }
        )
    return render(
        request,
        TEMPLATES + "triage.html",
        {"rows": rows, "page": page, "page_links": _page_links(page)},
    )


# --- 5. merging duplicate family records ---------------------------------------------------


def _merge_problem(keep: Family, duplicate: Family) -> str:
    if keep.pk == duplicate.pk:
        return _("A family record cannot be merged into itself.")
    if duplicate.merged_into_id:
        return _("This record has already been merged into another record.")
    if keep.merged_into_id:
        return _(
            "The record to keep has itself been merged into another record. Merge into that "
            "record instead."
        )
    return ""


def _family_summary(family: Family) -> dict:
    members = sorted(family.members.all(), key=lambda m: (m.is_child, m.date_of_birth or date.min))
    return {"family": family, "members": members, "requests": family.request_count}


@login_required
def merge_families(request, family_id):
    require_role(request.user, {Role.TRIAGE})
    visible = families_for(request.user).annotate(request_count=Count("requests", distinct=True))
    visible = visible.prefetch_related("members")
    duplicate = get_object_or_404(visible, pk=family_id)
    target = MergeForm(request.POST if request.method == "POST" else request.GET)
    if not target.is_valid():
        raise Http404("Choose the record to merge into.")
    keep = get_object_or_404(visible, pk=target.cleaned_data["into"])
    problem = _merge_problem(keep, duplicate)

    if request.method == "POST" and not problem:
        try:
            actions.merge_family_records(keep, duplicate, by=request.user)
        except ValueError as refusal:  # e.g. someone else merged one of them a moment ago
            problem = str(refusal)
        else:
            messages.success(
                request,
                _("The family records were merged. Their requests are now on one record."),
            )
            return redirect("referrals:triage")
    if request.method != "POST":
        audit.record(request.user, "view", duplicate, detail="compared for merging")
        audit.record(request.user, "view", keep, detail="compared for merging")
    return render(
        request,
        TEMPLATES + "merge.html",
        {
            "duplicate": _family_summary(duplicate),
            "keep": _family_summary(keep),
            "problem": problem,
        },
        status=400 if problem and request.method == "POST" else 200,
    )


@login_required
@require_POST
def different_families(request, family_id):
    """Triage compared two records and they are different families: stop suggesting them."""
    require_role(request.user, {Role.TRIAGE})
    visible = families_for(request.user)
    one = get_object_or_404(visible, pk=family_id)
    target = MergeForm(request.POST)
    if not target.is_valid():
        raise Http404("Choose the record to compare with.")
    other = get_object_or_404(visible, pk=target.cleaned_data["into"])
    if one.pk == other.pk:
        raise Http404("A record is the same family as itself.")
    family_services.mark_different_families(one, other, by=request.user)
    messages.success(
        request, _("Noted: these are different families. They will not be suggested again.")
    )
    return redirect("referrals:triage")
