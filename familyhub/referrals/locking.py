"""Taking a request to change it: the row locked, and refused if it changed since the page the
person acted on was shown (its version). Every writer of a request starts here."""

from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import MoveRefused


def lock_request(request_id, expected_version: int | None = None) -> SupportRequest:
    """Call inside a transaction. Two people acting at once: one wins, the other is told."""
    support_request = SupportRequest.objects.select_for_update().get(pk=request_id)
    if expected_version is not None and support_request.version != expected_version:
        raise MoveRefused(
            "Someone else changed this request while you were looking at it. "
            "Check its status below before you try again."
        )
    return support_request
