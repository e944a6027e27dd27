"""Suggestions from the public ("suggest a change"): who hears of one, and its status until
resolved. Each status change is audited; resolving one needs a note of what was done."""

from django.db import transaction

from familyhub.audit import services as audit
from familyhub.upkeep import telling
from familyhub.upkeep.changes import ChangeRefused
from familyhub.upkeep.models import SuggestedChange

Status = SuggestedChange.Status


def suggestion_received(suggestion: SuggestedChange) -> None:
    """Tell the owning organisation's staff and the data managers (call after saving it)."""
    telling.suggestion_made(suggestion)


@transaction.atomic
def set_status(suggestion_id, *, status: str, note: str, by) -> SuggestedChange:
    suggestion = SuggestedChange.objects.select_for_update().get(pk=suggestion_id)
    note = (note or "").strip()
    if status not in Status.values:
        raise ChangeRefused("Choose the status.")
    if status == Status.RESOLVED and not note:
        raise ChangeRefused("Say what was done, to mark it as resolved.")
    if status == suggestion.status and note == suggestion.resolved_note:
        raise ChangeRefused(f"It is already '{suggestion.get_status_display().lower()}'.")
    before = suggestion.status
    suggestion.status = status
    suggestion.resolved_note = note
    suggestion.save(update_fields=["status", "resolved_note"])
    audit.record(by, "change", suggestion, detail=f"status {before} → {status}")
    return suggestion
