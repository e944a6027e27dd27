"""Who sees and acts on which early help case — in one place.

A case is seen by its lead practitioner, the members of the team around the family who have an
account (practitioners from any agency), and the managers of the team it belongs to. Nobody
else: "missing" and "not yours" are answered alike, 404. A team manager outside the team may
look with a reason (break-glass): recorded, audited, and open to them for a short time. Every
view of a case is audited. The family sees its own plan on its own pages (`family_case_for`).
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.casework.models import BreakGlass, Case
from familyhub.casework.states import OpenedFrom
from familyhub.referrals.access import requests_for
from familyhub.referrals.queries import early_help_opening

CASE_REFERENCE = re.compile(r"EH-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")
# Roles whose people may lead, join or manage a case.
CASE_ROLES = frozenset({Role.PRACTITIONER, Role.PROVIDER, Role.TEAM_MANAGER})
OPENERS = frozenset({Role.TRIAGE, Role.PRACTITIONER, Role.PROVIDER})


def _manages(user, case) -> bool:
    return role_of(user) == Role.TEAM_MANAGER and user.profile.team_id == case.team_id


def cases_for(user):
    """The cases this person may see (without break-glass)."""
    role = role_of(user)
    if role not in CASE_ROLES:
        return Case.objects.none()
    mine = Q(lead=user) | Q(members__user=user, members__removed_at__isnull=True)
    if role == Role.TEAM_MANAGER and user.profile.team_id:
        mine |= Q(team_id=user.profile.team_id)
    ids = Case.objects.filter(mine).values("pk")
    return Case.objects.filter(pk__in=ids).select_related("family", "team", "lead")


def _by_reference(reference: str):
    reference = (reference or "").strip().upper()
    if not CASE_REFERENCE.fullmatch(reference):
        raise Http404("That is not a case reference.")
    return reference


def break_glass_open(user, case) -> bool:
    return BreakGlass.objects.filter(case=case, user=user, until__gt=timezone.now()).exists()


def get_case_for(request, reference: str) -> Case:
    """The case if this person may see it (the view audited), else 404."""
    user = request.user
    reference = _by_reference(reference)
    case = cases_for(user).filter(reference=reference).first()
    if case is not None:
        audit.record(user, "view", case)
        return case
    if role_of(user) == Role.TEAM_MANAGER:
        case = (
            Case.objects.select_related("family", "team", "lead")
            .filter(reference=reference)
            .first()
        )
        if case is not None and break_glass_open(user, case):
            audit.record(user, "view", case, detail="break-glass")
            return case
    raise Http404("No case with that reference that you can see.")


def case_for_break_glass(user, reference: str) -> Case:
    """The case a manager outside its team asks to look at (404 for anyone else, or missing)."""
    if role_of(user) != Role.TEAM_MANAGER:
        raise Http404("No case with that reference that you can see.")
    case = Case.objects.filter(reference=_by_reference(reference)).first()
    if case is None:
        raise Http404("No case with that reference that you can see.")
    return case


def open_break_glass(user, case, reason: str) -> BreakGlass:
    now = timezone.now()
    until = now + timedelta(minutes=settings.CASE_BREAK_GLASS_MINUTES)
    glass = BreakGlass.objects.create(case=case, user=user, reason=reason, at=now, until=until)
    audit.record(user, "view", case, detail=f"break-glass opened: {reason}")
    return glass


def may_act(user, case) -> bool:
    """Moves, the team and the plan: the lead, or a manager of the case's team."""
    return case.lead_id == user.pk or _manages(user, case)


def may_allocate(user, case) -> bool:
    return _manages(user, case)


def early_help_route(support_request) -> str | None:
    """How early help opens from this request: from triage, from a request in progress, or not
    at all (None); the rule is the request's (referrals.queries.early_help_opening)."""
    opening = early_help_opening(support_request)
    return OpenedFrom(opening) if opening else None


def may_open_from(user, support_request) -> bool:
    """Open early help from a request this person can see (see referrals.access)."""
    if role_of(user) not in OPENERS:
        return False
    return requests_for(user).filter(pk=support_request.pk).exists()


def leads_for(case):
    """Who may be made the lead: practitioners and provider staff (any partner agency)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(profile__role__in=[Role.PRACTITIONER, Role.PROVIDER], is_active=True)
        .select_related("profile", "profile__organisation")
        .order_by("first_name", "last_name", "email")
    )
