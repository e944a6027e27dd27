"""Reads of programmes that several pages and apps share (outcomes, the gaps map).

For the outcomes app: `before_and_after(...)` gives each place's scores on its programme's
measure (no names: a place, its programme, group, status and the two scores with their dates),
and `programme_outcomes(programme)` the summary the programme page shows. For the gaps map:
`upcoming_places()` (free places by the town a group meets in, "Online" for online groups) and
`waiting_districts()` (requests waiting for a place, by the postcode district of the family).
For a subject access request: `for_subject_access(family_ids)`, the families' places.
"""

import statistics
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from familyhub.programmes.models import Attendance, GroupSession, Place, PlaceStatus
from familyhub.programmes.places import taking_groups, with_places_taken
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import QUEUE


def group_summaries(programme_ids) -> dict:
    """{programme id: {"groups": upcoming groups, "places": their places, "free": free}}."""
    summaries: dict = {}
    rows = with_places_taken(taking_groups().filter(programme_id__in=programme_ids)).values_list(
        "programme_id", "places", "taken"
    )
    for programme_id, places, taken in rows:
        summary = summaries.setdefault(programme_id, {"groups": 0, "places": 0, "free": 0})
        summary["groups"] += 1
        summary["places"] += places
        summary["free"] += max(places - taken, 0)
    return summaries


def group_places(group) -> list[dict]:
    """The group's places, each with the sessions attended."""
    places = (
        Place.objects.filter(group=group)
        .select_related("request__family")
        .annotate(attended=Count("attendance", filter=Q(attendance__attended=True)))
        .order_by("placed_at", "id")
    )
    return [{"place": place, "family": place.request.family} for place in places]


def session_attendance(session) -> list[dict]:
    marked = set(session.attendance.filter(attended=True).values_list("place_id", flat=True))
    return [
        {"place": place, "family": place.request.family, "attended": place.pk in marked}
        for place in Place.objects.filter(group=session.group)
        .exclude(status=PlaceStatus.LEFT)
        .select_related("request__family")
        .order_by("placed_at", "id")
    ]


@dataclass(frozen=True)
class ProgrammeOutcomes:
    places: int
    completed: int
    left: int
    scored_both: int
    mean_before: float | None
    mean_after: float | None
    improved: int  # families whose score moved the better way

    @property
    def completion_rate(self) -> int | None:
        ended = self.completed + self.left
        return round(100 * self.completed / ended) if ended else None


def before_and_after(programme=None):
    """Each place's scores (for the outcomes app's evaluation of each programme): dicts with
    place, programme, service, group, status, before, before_on, after, after_on,
    measure, higher_is_better. No names, no family."""
    places = Place.objects.select_related("group__programme")
    if programme is not None:
        places = places.filter(group__programme=programme)
    return [
        {
            "place": place.pk,
            "programme": place.group.programme_id,
            "service": place.group.programme.service_id,
            "group": place.group_id,
            "status": place.status,
            "before": place.before_score,
            "before_on": place.before_on,
            "after": place.after_score,
            "after_on": place.after_on,
            "measure": place.group.programme.measure_name,
            "higher_is_better": place.group.programme.higher_is_better,
        }
        for place in places.order_by("group__programme_id", "group_id", "id")
    ]


def programme_outcomes(programme) -> ProgrammeOutcomes:
    rows = before_and_after(programme)
    both = [r for r in rows if r["before"] is not None and r["after"] is not None]
    better = (lambda r: r["after"] > r["before"]) if programme.higher_is_better else (
        lambda r: r["after"] < r["before"]
    )  # fmt: skip
    return ProgrammeOutcomes(
        places=len(rows),
        completed=sum(r["status"] == PlaceStatus.COMPLETED for r in rows),
        left=sum(r["status"] == PlaceStatus.LEFT for r in rows),
        scored_both=len(both),
        mean_before=round(statistics.mean(r["before"] for r in both), 1) if both else None,
        mean_after=round(statistics.mean(r["after"] for r in both), 1) if both else None,
        improved=sum(1 for r in both if better(r)),
    )


def upcoming_places() -> list[tuple[str, int, int]]:
    """(town or "Online", places, free places) for each group that takes families."""
    rows = with_places_taken(taking_groups()).select_related("venue")
    return [(group.town, group.places, max(group.places - group.taken, 0)) for group in rows]


def waiting_districts() -> dict:
    """{postcode district: requests to a programme waiting for a place}."""
    waiting = SupportRequest.objects.filter(
        service__programme__isnull=False, status__in=QUEUE, programme_place__isnull=True
    ).values_list("family__postcode", flat=True)
    counts: dict = {}
    for postcode in waiting:
        district = (postcode or "").upper().split(" ")[0]
        counts[district] = counts.get(district, 0) + 1
    return counts


# --- subject access: everything held about a family's places -------------------------------


def for_subject_access(family_ids) -> list[dict]:
    """Each place the families' requests had in a programme's group: the group, when and
    where it met, the place's status, each session attended or missed, and the scores on the
    programme's measure (plain values: the subject access pack's). Four queries."""
    places = (
        Place.objects.filter(request__family_id__in=family_ids)
        .select_related("request", "group__programme__service", "group__venue")
        .prefetch_related(
            Prefetch("group__sessions", GroupSession.objects.order_by("number")),
            Prefetch("attendance", Attendance.objects.all()),
        )
        .order_by("placed_at", "id")
    )
    rows = []
    for place in places:
        attended = {mark.session_id: mark.attended for mark in place.attendance.all()}
        programme = place.group.programme
        rows.append(
            {
                "request": place.request.reference,
                "programme": programme.service.name,
                "group": place.group.name,
                "where": place.group.where,
                "starts_on": place.group.starts_on,
                "placed_at": place.placed_at,
                "status": str(place.get_status_display()),
                "sessions": [
                    {
                        "number": session.number,
                        "on": session.on,
                        # None: not marked yet (a session to come, or attendance not taken).
                        "attended": attended.get(session.pk),
                    }
                    for session in place.group.sessions.all()
                ],
                "measure": programme.measure_name,
                "before_score": place.before_score,
                "before_on": place.before_on,
                "after_score": place.after_score,
                "after_on": place.after_on,
            }
        )
    return rows
