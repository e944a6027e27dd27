"""Recording who looked at or changed what. Called by the access helpers and the actions."""

import uuid

from familyhub.audit.models import AuditEvent


def _family_id_of(obj):
    """The family a record is about: itself, for a family record."""
    return getattr(obj, "family_id", None) or (
        obj.pk if obj.__class__.__name__ == "Family" else None
    )


def record(user, action: str, obj, *, detail: str = "", actor: str = "") -> AuditEvent:
    """Log one view or change of `obj` (a family record or a request for support)."""
    family_id = _family_id_of(obj)
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        actor=actor[:120],
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        family_id=family_id,
        detail=detail[:200],
    )


def trail_for_family(family_id):
    return AuditEvent.objects.filter(family_id=family_id).select_related("user")


def record_listed(user, objects, *, detail: str) -> None:
    """Log that these records were shown in a list (names and ages are personal data too):
    one row each, so every family's trail shows it, written in one statement."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=user if user is not None and user.is_authenticated else None,
            action="view",
            object_type=obj._meta.model_name,
            object_id=str(obj.pk),
            family_id=_family_id_of(obj),
            detail=detail[:200],
        )
        for obj in objects
    )


def record_search(user, *, detail: str, found=(), found_detail: str = "") -> AuditEvent:
    """Log a search of family records, including one that found nothing: one event for the
    search (say what it was by, never the words searched for) and one view of each record it
    found, so every family's trail shows it."""
    event = AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=AuditEvent.Action.VIEW,
        object_type="search",
        object_id=uuid.uuid4().hex,
        detail=detail[:200],
    )
    record_listed(user, found, detail=f"{found_detail or detail} ({event.object_id[:8]})")
    return event
