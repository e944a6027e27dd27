"""Reads about requests that several views share (writes are in actions.py)."""

from familyhub.families.safe_contact import message_route
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import OPEN, Status


def may_see_after_sending(draft) -> bool:
    """Whether the browser that sent a family's request may go on to see it (and so add it to
    an account) without a one-time code. Not when the request was matched to a family record
    already held: whoever sent it may only know the family's details, and the record is not
    theirs to take; the family's code goes to the contact on the record."""
    return draft.answers.get("family_record") != "matched"


def family_is_told(support_request: SupportRequest) -> bool:
    """Whether changes to this request reach the family as messages."""
    return message_route(support_request.family) is not None


def early_help_opening(support_request: SupportRequest) -> str | None:
    """Whether early help casework can open from this request, and how: "triage" (an open "not
    sure which service" request), "request" (a request in progress: the family needs more than
    one service), or None. Casework names the two in `casework.states.OpenedFrom`."""
    if support_request.service_id is None and support_request.status in OPEN:
        return "triage"
    if support_request.service_id is not None and support_request.status == Status.IN_PROGRESS:
        return "request"
    return None
