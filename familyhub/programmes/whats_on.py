"""A programme's group sessions on a place's "What's on here" (places/whats_on.py): each session
of a group that meets at the place, this week and next. Registered from apps.py; the places app
never imports this one."""

from django.urls import reverse
from django.utils.translation import gettext as _

from familyhub.directory.choices import ServiceStatus
from familyhub.places.whats_on import Session
from familyhub.programmes.models import GroupSession


def group_sessions(location, first, last) -> list[Session]:
    rows = (
        GroupSession.objects.filter(
            group__venue=location,
            group__cancelled=False,
            group__programme__service__status=ServiceStatus.ACTIVE,
            on__range=(first, last),
        )
        .select_related("group__programme__service")
        .order_by("on", "group__name")
    )
    return [
        Session(
            day=row.on,
            starts=None,
            ends=None,
            title=row.group.programme.service.name,
            note=_("Session %(number)s of a group, for families with a place")
            % {"number": row.number},
            url=reverse("finder:service", args=[row.group.programme.service_id]),
            source="programmes",
        )
        for row in rows
    ]
