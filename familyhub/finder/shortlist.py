"""A family's shortlist of services, kept in the session (a cookie, no account), and shared
as a link that carries only service ids.
"""

import uuid

from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import Service

SESSION_KEY = "shortlist"
MAX_SERVICES = 50


def service_ids(session) -> list[str]:
    return list(session.get(SESSION_KEY, []))


def add(session, service_id) -> bool:
    """Add a service; False if it was already there or the list is full."""
    ids = service_ids(session)
    key = str(service_id)
    if key in ids or len(ids) >= MAX_SERVICES:
        return False
    session[SESSION_KEY] = [*ids, key]
    return True


def remove(session, service_id) -> bool:
    ids = service_ids(session)
    key = str(service_id)
    if key not in ids:
        return False
    session[SESSION_KEY] = [item for item in ids if item != key]
    return True


def add_many(session, ids) -> int:
    return sum(add(session, service_id) for service_id in ids)


def parse_shared(raw: str) -> list[str]:
    """Service ids from a shared link's ?services=a,b; anything that is not an id is ignored."""
    found = []
    for part in (raw or "").split(",")[:MAX_SERVICES]:
        try:
            key = str(uuid.UUID(part.strip()))
        except ValueError:
            continue
        if key not in found:
            found.append(key)
    return found


def services(ids: list[str]) -> list[Service]:
    """The services, in the family's order; ones since removed from the directory drop out."""
    found = (
        Service.objects.filter(id__in=ids)
        .exclude(status=ServiceStatus.HELD)  # imports waiting for review are not public
        .select_related("organisation")
        .prefetch_related(
            "cost_options",
            "schedules",
            "service_at_locations__location__addresses",
            "service_at_locations__schedules",
        )
    )
    by_id = {str(service.id): service for service in found}
    return [by_id[key] for key in ids if key in by_id]
