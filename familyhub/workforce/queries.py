"""The workforce against need, by town and by agency (no names): what the overview shows.

- Trained practitioners: people with at least one training record that has not expired; a
  person counts once, in the town of their latest record ("mostly works in").
- Peer supporters: those trained and supporting families, by the town they live in.
- Need: requests for support made in the past year, by the town of the family's postcode
  district (gaps.mapping.DISTRICT_TOWNS; outside Medway or unknown: Medway-wide).

For a subject access request: `for_subject_access(family_ids)`, the families' peer support
(the supporter by first name, and each contact's notes).
"""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from familyhub.directory.choices import MEDWAY_TOWNS
from familyhub.gaps.mapping import DISTRICT_TOWNS
from familyhub.referrals.models import SupportRequest
from familyhub.workforce.models import (
    Course,
    PeerContact,
    PeerMatch,
    PeerStatus,
    PeerSupporter,
    TrainingRecord,
)
from familyhub.workforce.records import EXPIRING_DAYS

MEDWAY_WIDE = "Medway-wide"
PLACES = [*MEDWAY_TOWNS, MEDWAY_WIDE]
NEED_LOOK_BACK_DAYS = 365


def current_records(today=None):
    today = today or timezone.localdate()
    return TrainingRecord.objects.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def _latest_town_and_agency(records):
    """{person id: (town, agency)} from each person's latest current record."""
    people = {}
    rows = records.order_by("person_id", "-completed_on", "-id").values_list(
        "person_id", "works_in", "person__profile__organisation__name"
    )
    for person_id, town, agency in rows:
        people.setdefault(person_id, (town, agency or "—"))
    return people


def need_by_town(today=None) -> dict:
    today = today or timezone.localdate()
    since = today - timedelta(days=NEED_LOOK_BACK_DAYS)
    counts = dict.fromkeys(PLACES, 0)
    postcodes = SupportRequest.objects.filter(submitted_at__date__gte=since).values_list(
        "family__postcode", flat=True
    )
    for postcode in postcodes:
        district = (postcode or "").upper().split(" ")[0]
        counts[DISTRICT_TOWNS.get(district, MEDWAY_WIDE)] += 1
    return counts


def by_town(today=None) -> list[dict]:
    people = _latest_town_and_agency(current_records(today))
    peers = dict(
        PeerSupporter.objects.filter(status=PeerStatus.ACTIVE)
        .values_list("town")
        .annotate(n=Count("id"))
        .values_list("town", "n")
    )
    need = need_by_town(today)
    rows = []
    for place in PLACES:
        trained = sum(1 for town, _agency in people.values() if town == place)
        requests = need.get(place, 0)
        rows.append({
            "place": place, "trained": trained, "peers": peers.get(place, 0),
            "need": requests,
            "per_worker": round(requests / (trained + peers.get(place, 0)), 1)
            if trained + peers.get(place, 0) else None,
        })  # fmt: skip
    return rows


def by_agency(today=None) -> list[dict]:
    people = _latest_town_and_agency(current_records(today))
    counts: dict = {}
    for _town, agency in people.values():
        counts[agency] = counts.get(agency, 0) + 1
    return [{"agency": a, "trained": n} for a, n in sorted(counts.items(), key=lambda x: -x[1])]


def by_course(today=None) -> list[dict]:
    today = today or timezone.localdate()
    soon = today + timedelta(days=EXPIRING_DAYS)
    unexpired = Q(records__expires_on__isnull=True) | Q(records__expires_on__gte=today)
    courses = Course.objects.annotate(
        current=Count("records__person", distinct=True, filter=unexpired),
        expiring=Count("records", filter=Q(records__expires_on__gte=today,
                                           records__expires_on__lte=soon)),
        expired=Count("records", filter=Q(records__expires_on__lt=today)),
    )  # fmt: skip
    return list(courses)


# --- subject access: the families' peer support ---------------------------------------------


def supporter_name_for_family(supporter) -> str:
    """A peer supporter is a volunteer, known to the family by their first name: the pack gives
    that, never their surname or phone number (decision 0049)."""
    return (supporter.name or "").split(" ")[0]


def for_subject_access(family_ids) -> list[dict]:
    """Each peer supporter matched with the families' requests, and each contact with its
    notes (plain values: the subject access pack's). Two queries."""
    matches = (
        PeerMatch.objects.filter(request__family_id__in=family_ids)
        .select_related("request", "supporter__organisation")
        .prefetch_related(Prefetch("contacts", PeerContact.objects.order_by("on", "logged_at")))
        .order_by("started_on", "id")
    )
    return [
        {
            "request": peer_match.request.reference,
            "supporter": supporter_name_for_family(peer_match.supporter),
            "organisation": peer_match.supporter.organisation.name,
            "started_on": peer_match.started_on,
            "ended_on": peer_match.ended_on,
            "contacts": [
                {
                    "on": contact.on,
                    "way": str(contact.get_way_display()),
                    "notes": contact.notes or "",
                    "danger_recognised": contact.danger_recognised,
                }
                for contact in peer_match.contacts.all()
            ],
        }
        for peer_match in matches
    ]
