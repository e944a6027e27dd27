"""Who keeps and runs which programme, in one place (least privilege).

- Data managers (and administrators) keep programmes and groups: dates, venues, places,
  facilitators. They never see which families have places (they keep the directory).
- Provider staff run their organisation's programmes: they keep its groups, give places to the
  requests their organisation accepted, and record attendance, completion and scores.
- A facilitator (any staff member named on a group) sees that group's families and records
  attendance, completion and scores; nothing else.
Missing and not yours are answered alike: 404.
"""

from django.db.models import Q
from django.http import Http404

from familyhub.accounts.models import Role
from familyhub.accounts.roles import DATA_ROLES, role_of
from familyhub.programmes.models import Group, Place, Programme

# The roles that reach the programme pages at all (the record decides the rest).
PAGE_ROLES = frozenset(
    {Role.PROVIDER, Role.DATA_MANAGER, Role.ADMINISTRATOR, Role.PRACTITIONER, Role.TEAM_MANAGER}
)


def keeps_all(user) -> bool:
    return role_of(user) in DATA_ROLES


def _own_organisation(user):
    if role_of(user) != Role.PROVIDER:
        return None
    return user.profile.organisation_id


def programmes_for(user):
    programmes = Programme.objects.select_related("service", "service__organisation")
    if keeps_all(user):
        return programmes
    organisation = _own_organisation(user)
    mine = Q(groups__facilitators=user)
    if organisation:
        mine |= Q(service__organisation_id=organisation)
    return programmes.filter(mine).distinct()


def get_programme_for(user, programme_id) -> Programme:
    programme = programmes_for(user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No programme that you can see.")
    return programme


def runs(user, programme) -> bool:
    """Provider staff of the programme's organisation."""
    organisation = _own_organisation(user)
    return bool(organisation) and programme.service.organisation_id == organisation


def may_keep_groups(user, programme) -> bool:
    return keeps_all(user) or runs(user, programme)


def groups_for(user):
    groups = Group.objects.select_related("programme__service__organisation", "venue")
    if keeps_all(user):
        return groups
    organisation = _own_organisation(user)
    mine = Q(facilitators=user)
    if organisation:
        mine |= Q(programme__service__organisation_id=organisation)
    return groups.filter(mine).distinct()


def get_group_for(user, group_id) -> Group:
    group = groups_for(user).filter(pk=group_id).first()
    if group is None:
        raise Http404("No group that you can see.")
    return group


def sees_families(user, group) -> bool:
    """The programme's provider staff and the group's facilitators; not data managers."""
    return runs(user, group.programme) or group.facilitators.filter(pk=user.pk).exists()


def get_place_for(user, place_id) -> Place:
    place = (
        Place.objects.select_related("group__programme__service", "request__family")
        .filter(pk=place_id)
        .first()
    )
    if place is None or not sees_families(user, place.group):
        raise Http404("No place that you can see.")
    return place
