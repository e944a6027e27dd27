"""Taking a case to change it: the row locked, and refused if it changed since the page the
person acted on was shown (its version). Every writer of a case starts here."""

from familyhub.casework.models import Case
from familyhub.casework.states import MoveRefused


def lock_case(case_id, expected_version: int | None = None) -> Case:
    """Call inside a transaction. Two people acting at once: one wins, the other is told."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if expected_version is not None and case.version != expected_version:
        raise MoveRefused(
            "Someone else changed this case while you were looking at it. "
            "Check it below before you try again."
        )
    return case
