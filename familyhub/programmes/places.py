"""Places in a programme's groups: the only writer of places, attendance, completion and scores,
and the wait a programme's groups give (decision 0037).

**Who takes a place.** A request for the programme's service that is in the queue (accepted or
on the waiting list: `referrals.states.QUEUE`) and has no place yet. `fill_free_places` gives a
group's free places to those requests, the earliest decided first; `place_request` gives one
request a place in one group (the provider choosing). The group's row is locked
(`SELECT ... FOR UPDATE`) while its places are counted and given, so two people filling the
same group at once never give more places than it has; a request holds at most one place (a
unique key), so two groups cannot both take it.

**Which groups take families.** Those not cancelled whose first session is today or later.

**The wait.** For a new request to a programme, the places ahead of it are the free places of
the upcoming groups, in date order, less the requests already waiting for one: the new family's
place is the (waiting + 1)th free place, and the wait is the weeks until that group's first
session. When every planned group is full, the wait is the ordinary one (referrals/waiting.py)
but never shorter than the weeks to the last planned group. The one wait reads this through
`group_waits` (declared by name in apps.py), so every page shows the same figure.

**Asking for feedback.** When a family completes, every function an app declares as
`programme_place_completed` on its AppConfig (a dotted path) is called with the place's id once
the change is committed: the feedback app asks the family through it (this app never imports
feedback; see decision 0037).

**Completing.** A family completes when they attended at least the programme's share of the
group's sessions (`Programme.completion_share`, two thirds unless the programme says
otherwise); a place can be marked "left" at any time.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from familyhub.audit import services as audit
from familyhub.programmes.models import (
    TAKING_A_PLACE,
    Attendance,
    Group,
    GroupSession,
    Place,
    PlaceStatus,
)
from familyhub.referrals.actions import record_event
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import QUEUE


class PlaceRefused(Exception):
    """A place that cannot be given or changed, with a message to show."""


@dataclass(frozen=True)
class GroupWait:
    weeks: int | None  # to the group with the next free place for a new request; None: all full
    starts_on: date | None  # that group's first session
    at_least_weeks: int  # to the last planned group's first session (when all are full)
    free_places: int  # in upcoming groups
    waiting: int  # requests in the queue without a place


def _weeks_until(day: date, today: date) -> int:
    return max(math.ceil((day - today).days / 7), 0)


def taking_groups(today: date | None = None):
    """Groups that take families: not cancelled, first session today or later."""
    today = today or timezone.localdate()
    return Group.objects.filter(cancelled=False, starts_on__gte=today)


def with_places_taken(groups):
    return groups.annotate(
        taken=Count("places_taken", filter=Q(places_taken__status__in=TAKING_A_PLACE))
    )


def waiting_for_a_place(service_id):
    """Requests for the service in the queue without a place: earliest decided first."""
    return (
        SupportRequest.objects.filter(
            service_id=service_id, status__in=QUEUE, programme_place__isnull=True
        )
        .select_related("family")
        .order_by("decided_at", "submitted_at", "id")
    )


def group_waits(service_ids=None, today: date | None = None) -> dict:
    """{service id: GroupWait} for the services with upcoming groups (all of them if no ids
    are given), in one query."""
    today = today or timezone.localdate()
    unplaced = (
        SupportRequest.objects.filter(
            service_id=OuterRef("programme__service_id"),
            status__in=QUEUE,
            programme_place__isnull=True,
        )
        .order_by()
        .values("service_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    groups = with_places_taken(taking_groups(today))
    if service_ids is not None:
        groups = groups.filter(programme__service_id__in=list(service_ids))
    rows = (
        groups.annotate(waiting=Coalesce(Subquery(unplaced, output_field=IntegerField()), Value(0)))
        .order_by("programme__service_id", "starts_on", "id")
        .values_list("programme__service_id", "starts_on", "places", "taken", "waiting")
    )
    by_service: dict = {}
    for service_id, starts_on, places, taken, waiting in rows:
        by_service.setdefault(service_id, []).append((starts_on, max(places - taken, 0), waiting))
    waits = {}
    for service_id, groups_in_order in by_service.items():
        waiting = groups_in_order[0][2]
        ahead = waiting
        found = None
        for starts_on, free, _waiting in groups_in_order:
            if ahead < free:
                found = starts_on
                break
            ahead -= free
        waits[service_id] = GroupWait(
            weeks=_weeks_until(found, today) if found else None,
            starts_on=found,
            at_least_weeks=_weeks_until(groups_in_order[-1][0], today),
            free_places=sum(free for _s, free, _w in groups_in_order),
            waiting=waiting,
        )
    return waits


# --- writing -------------------------------------------------------------------------------


@transaction.atomic
def create_group(programme, *, name, starts_on, sessions, places, venue=None, online=False,
                 every_days=7, facilitators=(), by=None) -> Group:  # fmt: skip
    """A group and its sessions, one every `every_days` from the first."""
    if not online and venue is None:
        raise PlaceRefused(_("Choose a venue, or say the group meets online"))
    group = Group.objects.create(
        programme=programme, name=name, starts_on=starts_on, places=places,
        venue=None if online else venue, online=online,
    )  # fmt: skip
    group.facilitators.set(facilitators)
    GroupSession.objects.bulk_create(
        GroupSession(group=group, number=n + 1, on=starts_on + timedelta(days=every_days * n))
        for n in range(sessions)
    )
    return group


def _lock_group(group_id) -> Group:
    group = (
        Group.objects.select_for_update().select_related("programme").filter(pk=group_id).first()
    )
    if group is None:
        raise PlaceRefused(_("That group no longer exists."))
    return group


def _taken(group) -> int:
    return group.places_taken.filter(status__in=TAKING_A_PLACE).count()


def _give(group, support_request, *, by, now) -> Place:
    try:
        with transaction.atomic():
            place = Place.objects.create(
                group=group, request=support_request, placed_at=now, placed_by=by
            )
    except IntegrityError as error:
        raise PlaceRefused(_("This family already has a place in a group.")) from error
    record_event(
        support_request, "group_place", by=by,
        note=_("%(group)s, first session %(date)s") % {
            "group": group.name, "date": group.starts_on.strftime("%d %B %Y")},
    )  # fmt: skip
    audit.record(by, "change", support_request, detail=f"place in group {group.pk}")
    return place


def place_request(group_id, request_id, *, by) -> Place:
    """Give one request a place in one group (the provider's choice)."""
    with transaction.atomic():
        group = _lock_group(group_id)
        support_request = SupportRequest.objects.select_for_update().filter(pk=request_id).first()
        if support_request is None or support_request.service_id != group.programme.service_id:
            raise PlaceRefused(_("That request is not for this programme."))
        if support_request.status not in QUEUE:
            raise PlaceRefused(
                _("Only a request that has been accepted or is on the waiting list can take a "
                  "place.")
            )  # fmt: skip
        if group.cancelled or group.starts_on < timezone.localdate():
            raise PlaceRefused(_("This group has started or is cancelled: it takes no one new."))
        if _taken(group) >= group.places:
            raise PlaceRefused(_("This group is full."))
        return _give(group, support_request, by=by, now=timezone.now())


def fill_free_places(group_id, *, by) -> list[Place]:
    """Give the group's free places to the requests waiting for one, earliest decided first."""
    with transaction.atomic():
        group = _lock_group(group_id)
        if group.cancelled or group.starts_on < timezone.localdate():
            raise PlaceRefused(_("This group has started or is cancelled: it takes no one new."))
        free = group.places - _taken(group)
        if free <= 0:
            return []
        waiting = list(
            waiting_for_a_place(group.programme.service_id).select_for_update(of=("self",))[:free]
        )
        now = timezone.now()
        return [_give(group, support_request, by=by, now=now) for support_request in waiting]


@transaction.atomic
def record_attendance(session, attended_place_ids, *, by) -> int:
    """Who came to one session (every place in the group: attended or not)."""
    now = timezone.now()
    attended = {int(pk) for pk in attended_place_ids}
    places = list(session.group.places_taken.select_related("request"))
    for place in places:
        Attendance.objects.update_or_create(
            place=place, session=session,
            defaults={"attended": place.pk in attended, "recorded_by": by, "recorded_at": now},
        )  # fmt: skip
    audit.record_listed(by, [p.request for p in places], detail=f"attendance {session.pk}")
    return len([p for p in places if p.pk in attended])


def sessions_needed(place) -> int:
    count = place.group.sessions.count()
    return math.ceil(count * place.group.programme.completion_share) if count else 0


def sessions_attended(place) -> int:
    return place.attendance.filter(attended=True).count()


def _lock_place(place_id, expected_version) -> Place:
    place = (
        Place.objects.select_for_update()
        .select_related("group__programme", "request")
        .filter(pk=place_id)
        .first()
    )
    if place is None:
        raise PlaceRefused(_("That place no longer exists."))
    if expected_version is not None and place.version != expected_version:
        raise PlaceRefused(
            _("Someone changed this place while you were looking at it. Check it and try again.")
        )
    return place


def record_scores(place_id, *, before=None, before_on=None, after=None, after_on=None, by,
                  expected_version=None) -> Place:  # fmt: skip
    """The family's scores on the programme's measure, before and after."""
    with transaction.atomic():
        place = _lock_place(place_id, expected_version)
        programme = place.group.programme
        for score in (before, after):
            if score is not None and not (
                programme.measure_lowest <= score <= programme.measure_highest
            ):
                raise PlaceRefused(
                    _("A score on %(measure)s is from %(low)s to %(high)s.") % {
                        "measure": programme.measure_name, "low": programme.measure_lowest,
                        "high": programme.measure_highest}
                )  # fmt: skip
        place.before_score, place.before_on = before, before_on if before is not None else None
        place.after_score, place.after_on = after, after_on if after is not None else None
        place.version += 1
        place.save()
        audit.record(by, "change", place.request, detail=f"scores for place {place.pk}")
        return place


def record_completion(place_id, status, *, by, expected_version=None) -> Place:
    """Completed (only with enough sessions attended), left, or back to having a place."""
    with transaction.atomic():
        place = _lock_place(place_id, expected_version)
        if status not in PlaceStatus.values:
            raise PlaceRefused(_("Choose whether the family completed the programme or left."))
        if status == PlaceStatus.COMPLETED:
            needed, attended = sessions_needed(place), sessions_attended(place)
            if attended < needed:
                raise PlaceRefused(
                    _("To complete, a family attends at least %(needed)s sessions: this family "
                      "attended %(attended)s.") % {"needed": needed, "attended": attended}
                )  # fmt: skip
        place.status = status
        place.version += 1
        place.save()
        audit.record(by, "change", place.request, detail=f"place {place.pk} {status}")
        if status == PlaceStatus.COMPLETED:
            for hook in completion_hooks():
                transaction.on_commit(lambda hook=hook, pk=place.pk: hook(pk))
        return place


COMPLETION_HOOK = "programme_place_completed"


def completion_hooks() -> list:
    """The functions apps declare to hear that a family completed a programme (feedback)."""
    return [
        import_string(getattr(config, COMPLETION_HOOK))
        for config in apps.get_app_configs()
        if getattr(config, COMPLETION_HOOK, None)
    ]
