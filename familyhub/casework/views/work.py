"""Where casework starts and is found: opening early help (from a request, or directly for a
family), a practitioner's caseload and a team manager's allocation queue."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case as When_
from django.db.models import IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.casework import access, actions, states
from familyhub.casework import supporting_families as sf
from familyhub.casework.forms import OpenCaseForm
from familyhub.casework.models import Case
from familyhub.casework.states import MoveRefused, OpenedFrom
from familyhub.referrals.access import families_for, get_request_for

FORM_PAGE = "casework/staff/form_page.html"
CONSENT_WORDS = [
    "Read or explain this to the family before recording their consent:",
    "“With your agreement, a lead practitioner will talk with you about your whole family — "
    "what is going well and what is hard — and write a plan with you. We will share what you "
    "tell us only with the agencies you agree to. You can change your mind at any time.”",
]


def _open(request, *, family, opened_from, source_request=None, back):
    user = request.user
    role = role_of(user)
    own_team = user.profile.team if role == Role.PRACTITIONER else None
    direct = source_request is None
    form = OpenCaseForm(request.POST or None, direct=direct, team=own_team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.open_case(
                family=family,
                by=user,
                opened_from=data.get("opened_from") or opened_from,
                team=own_team or data["team"],
                lead=user if own_team else None,
                given_by_name=data["given_by_name"],
                share_with=data["share_with"],
                source_request=source_request,
                history_from_social_care=data.get("history_from_social_care", ""),
            )
        except MoveRefused as error:
            form.add_error(None, str(error))
        else:
            if own_team:
                messages.success(
                    request, f"Early help opened: {case.reference}. You are the lead practitioner."
                )
                return redirect("casework:case", case.reference)
            messages.success(
                request,
                f"Early help opened: {case.reference}. It is in "
                f"{case.team.name}'s allocation queue.",
            )
            return redirect(back)
    return render(
        request,
        FORM_PAGE,
        {
            "form": form,
            "heading": "Open early help for this family",
            "button": "Open early help",
            "action": request.path,
            "back": back,
            "cancel": back,
            "explanation": CONSENT_WORDS,
            "caption": f"Request {source_request.reference}" if source_request else "Family record",
            "error_links": form.error_links() if form.is_bound else [],
        },
    )


@login_required
def open_from_request(request, reference):
    """From the triage queue ("not sure which service") or a request in progress."""
    support_request = get_request_for(request, reference)  # 404 if not theirs (audited)
    if not access.may_open_from(request.user, support_request):
        raise PermissionDenied
    opened_from = access.early_help_route(support_request)
    if opened_from is None:
        raise Http404("Early help is opened from a triage request or a request in progress.")
    back = reverse("referrals:staff_request", args=[support_request.reference])
    return _open(
        request,
        family=support_request.family,
        opened_from=opened_from,
        source_request=support_request,
        back=back,
    )


@login_required
def open_for_family(request, family_id):
    """A practitioner opens early help directly (or takes a step down from social care)."""
    if role_of(request.user) != Role.PRACTITIONER:
        raise PermissionDenied
    family = families_for(request.user).filter(pk=family_id).first()
    if family is None:
        raise Http404("No family record you can see.")
    audit.record(request.user, "view", family, detail="opening early help")
    return _open(
        request, family=family, opened_from=OpenedFrom.DIRECT, back=reverse("casework:caseload")
    )


def _overdue_first(cases, today):
    overdue = When_(
        When(next_review_due__lt=today, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return cases.annotate(overdue=overdue).order_by("overdue", "next_review_due", "opened_at")


@login_required
def caseload(request):
    """The cases I lead or am in the team of (a manager: their team's too), overdue first."""
    user = request.user
    if role_of(user) not in access.CASE_ROLES:
        raise PermissionDenied
    today = timezone.localdate()
    cases = _overdue_first(
        access.cases_for(user).filter(status__in=list(states.OPEN)), today
    ).prefetch_related("family__members")
    rows = list(cases[:200])
    audit.record_listed(user, rows, detail="listed in a caseload")
    return render(
        request,
        "casework/staff/caseload.html",
        {
            "rows": [_row(case, today, user) for case in rows],
            "manager": role_of(user) == Role.TEAM_MANAGER,
        },
    )


def _row(case, today, user):
    return {
        "case": case,
        "main_contact": case.family.main_contact,
        "overdue": bool(case.next_review_due and case.next_review_due < today),
        "role": "Lead"
        if case.lead_id == user.pk
        else (
            "Manager"
            if case.team_id == getattr(user.profile, "team_id", None)
            and role_of(user) == Role.TEAM_MANAGER
            else "Team member"
        ),
    }


@login_required
def allocation(request):
    """A team manager's queue: the team's open cases with no lead practitioner, oldest first."""
    user = request.user
    if role_of(user) != Role.TEAM_MANAGER:
        raise PermissionDenied
    cases = list(
        Case.objects.filter(
            team_id=user.profile.team_id, lead__isnull=True, status__in=list(states.OPEN)
        )
        .select_related("family")
        .prefetch_related("family__members")
        .order_by("opened_at")
    )
    audit.record_listed(user, cases, detail="listed in the allocation queue")
    today = timezone.localdate()
    return render(
        request,
        "casework/staff/allocation.html",
        {
            "rows": [_row(case, today, user) for case in cases],
            "team": user.profile.team,
        },
    )


@login_required
def supporting_families(request):
    """A team manager's Supporting Families evidence for their team, for a period (and CSV)."""
    user = request.user
    if role_of(user) != Role.TEAM_MANAGER:
        raise PermissionDenied
    today = timezone.localdate()
    start = parse_date(request.GET.get("start", "") or "") or date(today.year, 4, 1)
    if start > today and "start" not in request.GET:
        start = date(today.year - 1, 4, 1)  # the financial year so far
    end = parse_date(request.GET.get("end", "") or "") or today
    error = "The end of the period must be after its start." if end < start else ""
    cases = Case.objects.filter(team_id=user.profile.team_id)
    rows = [] if error else [sf.evidence_for(case) for case in sf.worked_with(cases, start, end)]
    audit.record_listed(user, [row.case for row in rows], detail="Supporting Families evidence")
    if request.GET.get("format") == "csv" and not error:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="supporting-families-{start}-{end}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(["case", "opened", "lead", "headline outcome", "needs", "met", "sustained"])
        for row in rows:
            for outcome in row.outcomes:
                writer.writerow(
                    [
                        row.case.reference,
                        row.case.opened_at.date().isoformat(),
                        row.case.lead.get_full_name(),
                        outcome.label,
                        outcome.needs,
                        outcome.met,
                        row.sustained,
                    ]
                )
        return response
    return render(
        request,
        "casework/staff/supporting_families.html",
        {
            "rows": rows,
            "start": start,
            "end": end,
            "error": error,
            "met_score": sf.MET_SCORE,
            "team": user.profile.team,
        },
    )
