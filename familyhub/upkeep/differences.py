"""What a proposal changes, or what changed between two versions, field by field as the staff
pages show it (label, before, after as text), from the one shape `changes.snapshot()` makes."""

from dataclasses import dataclass

from familyhub.directory.models import Service
from familyhub.upkeep.changes import FIELD_LABELS, SERVICE_FIELDS
from familyhub.upkeep.models import ProposedChange, ServiceVersion


@dataclass(frozen=True)
class FieldDiff:
    label: str
    before: str
    after: str


def _shown(name: str, value) -> str:
    if value in (None, ""):
        return "(empty)"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    field = Service._meta.get_field(name) if name in SERVICE_FIELDS else None
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def describe_schedule(row: dict) -> str:
    days = row.get("byday") or "any day"
    times = ""
    if row.get("opens_at") or row.get("closes_at"):
        times = f" {str(row.get('opens_at') or '')[:5]}–{str(row.get('closes_at') or '')[:5]}"
    note = f" ({row['description']})" if row.get("description") else ""
    return f"{days}{times}{note}"


def _places_text(data: dict) -> str:
    names = [place["name"] for place in data.get("places", [])]
    names += [
        f"{place['name']}, {place['address_1']}, {place['city']} {place['postal_code']} (new)"
        for place in data.get("new_places", [])
    ]
    return "; ".join(names) or "(none)"


def diff(before: dict | None, after: dict) -> list[FieldDiff]:
    """Field by field, only what changes: (label, before, after) as text."""
    before = before or {"service": {}, "schedules": [], "places": [], "new_places": []}
    rows = []
    for name in SERVICE_FIELDS:
        old, new = before["service"].get(name), after["service"].get(name)
        if (old in (None, "")) and (new in (None, "")):
            continue
        if old != new:
            rows.append(FieldDiff(FIELD_LABELS[name], _shown(name, old), _shown(name, new)))
    old_times = "; ".join(describe_schedule(row) for row in before.get("schedules", []))
    new_times = "; ".join(describe_schedule(row) for row in after.get("schedules", []))
    if old_times != new_times:
        rows.append(FieldDiff("When it runs", old_times or "(none)", new_times or "(none)"))
    old_places, new_places = _places_text(before), _places_text(after)
    if old_places != new_places:
        rows.append(FieldDiff("Places", old_places, new_places))
    return rows


def diff_for(change: ProposedChange) -> list[FieldDiff]:
    """What a proposal changes, against the version it was made from."""
    if change.service_id is None or change.kind == ProposedChange.Kind.NEW:
        return diff(None, change.data)
    base = ServiceVersion.objects.filter(
        service_id=change.service_id, number=change.base_version
    ).first()
    return diff(base.data if base else None, change.data)
