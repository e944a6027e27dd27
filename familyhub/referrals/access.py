"""Who may see and act on which request — in one place.

Provider staff see requests to their organisation's services; practitioners their own and
their team's; early help triage every request (they are the front door); a family only its
own; data managers, analysts and administrators none (analysts see aggregates elsewhere).
"Missing" and "not yours" are answered alike: 404.
"""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.directory.choices import ServiceStatus
from familyhub.families.models import Family
from familyhub.families.queries import held_by
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import MOVES

FAMILY_SESSION_KEY = "tracked_requests"
REFERENCE_PATTERN = re.compile(r"FH-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


def requests_for(user):
    role = role_of(user)
    requests = SupportRequest.objects.select_related(
        "service", "service__organisation", "family", "need", "referrer_team"
    )
    if role == Role.PROVIDER:
        if not user.profile.organisation_id:  # never "IS NULL": that is every triage request
            return requests.none()
        return requests.filter(service__organisation_id=user.profile.organisation_id)
    if role == Role.PRACTITIONER:
        mine = Q(made_by=user)
        if user.profile.team_id:
            mine |= Q(referrer_team_id=user.profile.team_id)
        return requests.filter(mine)
    if role == Role.TRIAGE:
        return requests
    if role == Role.PARENT:
        return requests.filter(family__account_holders=user)
    return requests.none()


UNLOCKED_AT_SESSION_KEY = "tracked_requests_unlocked_at"
MOST_TRACKED = 20


def tracked_ids(session) -> list[str]:
    """Requests a family has unlocked in this browser with their reference and a code."""
    return session.get(FAMILY_SESSION_KEY, [])


def remember_unlocked(session, support_request) -> None:
    """This browser may see this request (its family sent it here, or typed its code)."""
    request_id = str(support_request.id)
    tracked = [pk for pk in tracked_ids(session) if pk != request_id]
    session[FAMILY_SESSION_KEY] = [*tracked, request_id][-MOST_TRACKED:]
    unlocked_at = session.get(UNLOCKED_AT_SESSION_KEY, {})
    unlocked_at[request_id] = timezone.now().isoformat()
    session[UNLOCKED_AT_SESSION_KEY] = {
        pk: at for pk, at in unlocked_at.items() if pk in session[FAMILY_SESSION_KEY]
    }


def unlocked_just_now(session, support_request) -> bool:
    """Unlocked in this browser within the code's lifetime. Adding a request to an account
    needs this: a browser someone else used days ago must not hand their family's record to
    whoever signs in on it next."""
    at = session.get(UNLOCKED_AT_SESSION_KEY, {}).get(str(support_request.id))
    if at is None:
        return False
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        return False
    return timezone.now() - when <= timedelta(minutes=settings.TRACKING_CODE_MINUTES)


def get_request_for(request, reference: str) -> SupportRequest:
    """The request with this reference if this person may see it (logged), else 404."""
    user = request.user
    reference = reference.strip().upper()
    if not REFERENCE_PATTERN.fullmatch(reference):
        raise Http404("That is not a request reference.")
    found = requests_for(user).filter(reference=reference).first()
    actor = ""
    # Only a family (signed out, or signed in as a parent) unlocks a request with its code;
    # staff never see a request through a code typed in their browser.
    if found is None and role_of(user) in (None, Role.PARENT):
        found = (
            SupportRequest.objects.select_related("service", "family")
            .filter(reference=reference, id__in=tracked_ids(request.session))
            .first()
        )
        actor = "family (reference and one-time code)"
    if found is None:
        raise Http404("No request with that reference that you can see.")
    audit.record(user, "view", found, actor=actor)
    return found


def may_move(user, support_request, move_name: str, *, family_session=False) -> bool:
    """Whether this person may make this move on this request (whatever its status)."""
    move = MOVES.get(move_name)
    if move is None:
        return False
    role = role_of(user)
    if move.by_family:
        if family_session:
            return True
        if role == Role.PARENT:
            return support_request.family.account_holders.filter(pk=user.pk).exists()
        return role == Role.PRACTITIONER and support_request.made_by_id == user.pk
    if support_request.service_id is None:
        return role == Role.TRIAGE
    return (
        role == Role.PROVIDER
        and support_request.service.organisation_id == user.profile.organisation_id
    )


def families_for(user):
    """Family records this person may see: their own, or those with a request they can see."""

    role = role_of(user)
    if role == Role.PARENT:
        return held_by(user)
    if role == Role.TRIAGE:
        return Family.objects.all()
    if role in (Role.PROVIDER, Role.PRACTITIONER):
        return Family.objects.filter(requests__in=requests_for(user)).distinct()
    return Family.objects.none()


def can_ask_for_support(service, user) -> bool:
    """Whether this person may ask this service for support through Family Hub: families the
    services they may contact themselves; practitioners any that take professional referrals."""
    if service.status != ServiceStatus.ACTIVE:
        return False
    if role_of(user) == Role.PRACTITIONER:
        return service.access_professional_referral or service.access_self_referral
    return service.access_self_referral
