"""Who sees and enters whose training, and who keeps peer supporters (least privilege).

- Everyone on the staff side who trains (practitioners, provider staff, triage, team managers)
  sees and enters their own training.
- A team manager also enters and sees their team's; provider staff their organisation's staff
  (the manager of the service). Data managers (and administrators) see all and import by CSV.
- Peer supporters are kept by provider staff of the organisation that runs the peer support:
  they recruit, train, match them with their organisation's requests and log contacts. Missing
  and not yours are answered alike: 404.
- The overview (counts by town and agency against need) has no names: the board, strategy
  leads, team managers, analysts and data managers read it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from familyhub.accounts.models import STAFF_ROLES, Role
from familyhub.accounts.roles import DATA_ROLES, role_of
from familyhub.workforce.models import PeerMatch, PeerSupporter

TRAINING_ROLES = frozenset(
    {Role.PRACTITIONER, Role.PROVIDER, Role.TRIAGE, Role.TEAM_MANAGER, *DATA_ROLES}
)
OVERVIEW_ROLES = frozenset(
    {Role.DATA_MANAGER, Role.ANALYST, Role.ADMINISTRATOR, Role.BOARD_MEMBER, Role.STRATEGY_LEAD,
     Role.TEAM_MANAGER}
)  # fmt: skip
PEER_ROLES = frozenset({Role.PROVIDER})


def people_for(user):
    """Those whose training this person may see and enter (themselves first)."""
    people = get_user_model().objects.select_related("profile__organisation")
    role = role_of(user)
    if role in DATA_ROLES:
        return people.filter(profile__role__in=STAFF_ROLES)
    mine = Q(pk=user.pk)
    if role == Role.TEAM_MANAGER and user.profile.team_id:
        mine |= Q(profile__team_id=user.profile.team_id)
    if role == Role.PROVIDER and user.profile.organisation_id:
        mine |= Q(
            profile__organisation_id=user.profile.organisation_id,
            profile__role__in=[Role.PROVIDER, Role.PRACTITIONER, Role.TEAM_MANAGER],
        )
    return people.filter(mine)


def supporters_for(user):
    if role_of(user) != Role.PROVIDER or not user.profile.organisation_id:
        return PeerSupporter.objects.none()
    return PeerSupporter.objects.filter(organisation_id=user.profile.organisation_id)


def get_supporter_for(user, supporter_id) -> PeerSupporter:
    supporter = supporters_for(user).filter(pk=supporter_id).first()
    if supporter is None:
        raise Http404("No peer supporter that you keep.")
    return supporter


def get_match_for(user, match_id) -> PeerMatch:
    match = (
        PeerMatch.objects.select_related("supporter", "request__family")
        .filter(pk=match_id, supporter__in=supporters_for(user))
        .first()
    )
    if match is None:
        raise Http404("No match that you keep.")
    return match
