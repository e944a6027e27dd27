"""Repeat requests: the same children asked about again for the same support.

Two requests are for the same support when they are to the same service, or their needs
overlap. A request's needs are the need it was made for (from the checker: that need and the
narrower needs under it) or, made from a service page with no need recorded, the needs the
service is tagged with. "The same children" are the request's family record and the records
that may be the same family (`families.duplicates.likely_duplicates`). Only open requests and
those sent in the last REPEAT_REQUEST_WINDOW_DAYS count. Each request is listed once.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.directory.models import ServiceTerm
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search.needs import needs_index
from familyhub.families.duplicates import likely_duplicates
from familyhub.families.matching import matching_children
from familyhub.families.models import Family
from familyhub.referrals.access import families_for, requests_for
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import OPEN


def needs_of(*, need=None, service=None) -> set:
    """The need term ids a request is about (see the module's docstring)."""
    if need is not None:
        return set(needs_index().descendants.get(need.pk, {need.pk}))
    if service is not None:
        return set(
            ServiceTerm.objects.filter(
                service=service, taxonomy_term__taxonomy__key=NEEDS
            ).values_list("taxonomy_term_id", flat=True)
        )
    return set()


def _same_support(*, service, needs: set) -> Q:
    """Requests for the same support as a WHERE: the same service, a need whose own needs
    overlap these, or no need and a service tagged with one of them."""
    same = Q(service=service) if service is not None else Q()
    if needs:
        overlapping = [t for t, under in needs_index().descendants.items() if under & needs]
        tagged = ServiceTerm.objects.filter(taxonomy_term_id__in=needs).values("service_id")
        same |= Q(need_id__in=overlapping or needs) | Q(need__isnull=True, service_id__in=tagged)
    return same


def _open_or_recent() -> Q:
    since = timezone.now() - timedelta(days=settings.REPEAT_REQUEST_WINDOW_DAYS)
    return Q(status__in=list(OPEN)) | Q(submitted_at__gte=since)


def repeats_for(family, *, service=None, need=None, exclude=None):
    """Open or recent requests for these children (this record, or one that may be the same
    family) for the same service or need: shown before a request is sent and to staff."""

    same = _same_support(service=service, needs=needs_of(need=need, service=service))
    if not family.pk or not same:
        return SupportRequest.objects.none()
    families = [family, *likely_duplicates(family)]
    found = SupportRequest.objects.filter(family__in=families).filter(same, _open_or_recent())
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.select_related("service").order_by("submitted_at", "id")


def repeats_in_triage(support_requests, duplicates_by_family: dict) -> dict:
    """For a page of the triage queue, in two queries: request id → the other requests for the
    same children (its family and likely duplicates) for the same support, open or recent (as
    `repeats_for`); where a request has no need, any other open request."""
    support_requests = list(support_requests)
    family_ids = {
        request.pk: [
            request.family_id,
            *(f.pk for f in duplicates_by_family.get(request.family_id, [])),
        ]
        for request in support_requests
    }
    by_family: dict = {}
    others = (
        SupportRequest.objects.filter(
            family_id__in={pk for ids in family_ids.values() for pk in ids}
        )
        .filter(_open_or_recent())
        .select_related("service")
        .order_by("submitted_at", "id")
    )
    for other in others:
        by_family.setdefault(other.family_id, []).append(other)
    tags: dict = {}
    service_ids = {o.service_id for group in by_family.values() for o in group if o.service_id}
    service_ids |= {r.service_id for r in support_requests if r.service_id}
    for service_id, term_id in ServiceTerm.objects.filter(
        service_id__in=service_ids, taxonomy_term__taxonomy__key=NEEDS
    ).values_list("service_id", "taxonomy_term_id"):
        tags.setdefault(service_id, set()).add(term_id)
    descendants = needs_index().descendants

    def needs(request) -> set:
        if request.need_id:
            return descendants.get(request.need_id, {request.need_id})
        return tags.get(request.service_id, set())

    found = {}
    for request in support_requests:
        mine = needs(request)
        listed = {}
        for family_id in family_ids[request.pk]:
            for other in by_family.get(family_id, []):
                if other.pk == request.pk:
                    continue
                if mine:
                    same = (request.service_id and other.service_id == request.service_id) or (
                        mine & needs(other)
                    )
                else:
                    same = other.status in OPEN
                if same:
                    listed[other.pk] = other
        found[request.pk] = list(listed.values())
    return found


@dataclass
class RepeatCheck:
    """What the check before sending may show this person: the earlier requests they may see
    already, and how many others there are (a count, where their role may know it)."""

    visible: list = field(default_factory=list)
    others: int = 0

    def __bool__(self) -> bool:
        return bool(self.visible or self.others)

    def __iter__(self):
        return iter(self.visible)

    def __len__(self) -> int:
        return len(self.visible)


# Who the check runs for: the people who ask for support for a family. Anyone else starting a
# request (a provider, an analyst, a data manager) gets no look-up: typing a child's name, date of
# birth and postcode must not become a way to search for families (issue 15).
CHECKED_ROLES = {"parent", "practitioner", "triage"}
COUNT_OTHERS_FOR = {"practitioner"}  # a practitioner may know "there are others elsewhere"


def repeats_before_sending(draft, *, viewer) -> RepeatCheck:
    """Requests already made for these children (same name, date of birth or due date, and
    postcode) for the same service or need, each once: those the viewer may already see, and
    a count of the others for a practitioner. A signed-in family sees its own record's only;
    someone anonymous (they could be anyone) and staff who do not ask for support see nothing.
    Every family looked up is audited."""

    answers = draft.answers
    role = role_of(viewer)
    if role not in CHECKED_ROLES or not answers.get("postcode"):
        return RepeatCheck()
    family_ids = set()
    for child in answers.get("children", []):
        born, due = child.get("date_of_birth"), child.get("due_date")
        matches = matching_children(
            child.get("first_name", ""), child.get("last_name", ""),
            date.fromisoformat(born) if born else None, answers["postcode"],
            due_date=date.fromisoformat(due) if due else None,
        )  # fmt: skip
        family_ids |= {match.family_id for match in matches}
    if role == "parent":
        family_ids &= set(families_for(viewer).values_list("pk", flat=True))
    found = {}
    for family in Family.objects.filter(pk__in=family_ids).order_by("created_at", "pk"):
        audit.record(viewer, "view", family, detail="repeat check before sending a request")
        for other in repeats_for(family, service=draft.service, need=draft.need):
            found.setdefault(other.pk, other)
    seeable = set(requests_for(viewer).filter(pk__in=found).values_list("pk", flat=True))
    ordered = sorted(found.values(), key=lambda r: (r.submitted_at, str(r.pk)))
    return RepeatCheck(
        visible=[r for r in ordered if r.pk in seeable],
        others=len(ordered) - len(seeable) if role in COUNT_OTHERS_FOR else 0,
    )
