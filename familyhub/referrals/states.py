"""The loop a request for support goes round — declared once, here, as data.

    submitted → received → accepted / declined / waitlisted / redirected
    accepted or waitlisted → in progress → closed (with an outcome)
    withdrawn by the family at any time while it is open

Everything that changes a request's status asks this module first (`check_move`).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Not accepted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    REDIRECTED = "redirected", _("Passed to another service")
    IN_PROGRESS = "in_progress", _("Support has started")
    CLOSED = "closed", _("Finished")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("The family is not eligible for this service")
    NEEDS_NOT_MATCHED = "needs_not_matched", _("This service does not meet these needs")
    NEEDS_MORE_SUPPORT = "needs_more_support", _("The family needs more specialist support")
    OUT_OF_AREA = "out_of_area", _("The family lives outside the area served")
    ALREADY_SUPPORTED = "already_supported", _("The family already has this support")
    DUPLICATE = "duplicate", _("A duplicate of another request")
    OTHER = "other", _("Another reason (explain it to the family)")


class WithdrawReason(models.TextChoices):
    """Why a family withdrew (optional: they need not say)."""

    NO_LONGER_NEEDED = "no_longer_needed", _("We do not need this help any more")
    HELP_ELSEWHERE = "help_elsewhere", _("We are getting help somewhere else")
    WAIT_TOO_LONG = "wait_too_long", _("The wait is too long")
    NOT_RIGHT_TIME = "not_right_time", _("It is not the right time for us")
    OTHER = "other", _("Another reason")


class Outcome(models.TextChoices):
    NEEDS_MET = "needs_met", _("Needs met")
    PARTLY_MET = "partly_met", _("Needs partly met")
    FAMILY_WITHDREW = "family_withdrew", _("Family withdrew")
    COULD_NOT_CONTACT = "could_not_contact", _("Could not contact the family")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
    STEPPED_UP = "stepped_up", _("Stepped up to more specialist support")
    STEPPED_DOWN = "stepped_down", _("Stepped down to less intensive support")
    SERVICE_CLOSED = "service_closed", _("The service closed")


OPEN = frozenset(
    {Status.SUBMITTED, Status.RECEIVED, Status.ACCEPTED, Status.WAITLISTED, Status.IN_PROGRESS}
)
ENDED = frozenset(Status) - OPEN
AWAITING_DECISION = frozenset({Status.SUBMITTED, Status.RECEIVED})
QUEUE = frozenset({Status.ACCEPTED, Status.WAITLISTED})  # waiting for support to start


# The details a move can ask for on its page, in the order they are asked.
DETAILS = ("reason", "reason_for_family", "suggested_service", "expected_start", "service",
           "outcome")  # fmt: skip
# What a move records on the request when it is made.
SETS = (
    "received_at",  # when it was first received (kept if already set)
    "decided_at",  # when it was first decided (kept if already set)
    "predicted_wait",  # the service's expected wait in days, as the family was shown it
    "expected_start_from_wait",  # its expected start: today plus that wait
    "started_at",
    "ended_at",
)


@dataclass(frozen=True)
class Move:
    """Everything about one move: where it goes from and to, what its page asks and says, what
    it records, and whom it tells. Views, forms, templates and actions read these; nothing
    outside this module asks a move its name to decide what to do."""

    name: str
    label: str  # its button
    to: Status
    from_statuses: frozenset
    heading: str = ""  # its page's heading
    past: str = ""  # "accepted": "it cannot be accepted now", "why it is being declined"
    done: str = ""  # the confirmation to staff; %(ref)s, and %(service)s %(new)s for a pass-on
    done_not_told: str = ""  # the confirmation when the family could not be told
    explanation: str = ""  # a paragraph on its page, before the details
    asks: tuple = ()  # the details its page asks for (from DETAILS)
    needs: tuple = ()  # those it must be given
    reasons: type[models.TextChoices] | None = None  # its coded reasons (required if needed)
    reason_question: str = ""  # the question its page asks for the reason
    reason_error: str = ""  # the error when the reason is missing or not one of the choices
    sets: tuple = ()  # what it records (from SETS)
    outcome: str = ""  # the outcome it records by itself (a family withdrawing)
    by_family: bool = False  # the family (or their referrer) makes it, not the provider
    decision: bool = False  # a decision about the family: none before a safeguarding step
    passes_on: bool = False  # makes a new request to another service from this one
    tells_family: bool = True  # the family and the referrer are told it happened
    tells_service: str = ""  # the message kind the service's mailbox is sent (it did not move it)
    warning: bool = False  # its button is a warning (it ends the request for the family)
    # Only made as part of a service's exit plan (upkeep/closing.py), which tells the family
    # and referrer itself, with the alternatives; never offered on a request's own page.
    service_closing: bool = False

    @property
    def one_click(self) -> bool:
        """Offered as a plain button: nothing to ask, and not the family's own."""
        return not self.asks and not self.by_family


_DECIDED = ("received_at", "decided_at")

MOVES = {
    move.name: move
    for move in [
        Move(
            "receive", _("Mark as received"), Status.RECEIVED, frozenset({Status.SUBMITTED}),
            heading=_("Mark this request as received"), past=_("marked as received"),
            done=_("%(ref)s marked as received."), sets=("received_at",), tells_family=False,
        ),
        Move(
            "accept", _("Accept"), Status.ACCEPTED, AWAITING_DECISION,
            heading=_("Accept this request"), past=_("accepted"),
            done=_("%(ref)s accepted. The family has been told."),
            done_not_told=_("%(ref)s accepted. No message was sent: the family has no safe way "
                            "to receive one. Contact them as they asked."),
            sets=(*_DECIDED, "predicted_wait", "expected_start_from_wait"), decision=True,
        ),
        Move(
            "decline", _("Decline"), Status.DECLINED, AWAITING_DECISION | {Status.WAITLISTED},
            heading=_("Decline this request"), past=_("declined"),
            done=_("%(ref)s declined. The family has been told."),
            done_not_told=_("%(ref)s declined. No message was sent: the family has no safe way "
                            "to receive one. Contact them as they asked."),
            asks=("reason", "reason_for_family", "suggested_service"), needs=("reason",),
            reasons=DeclineReason, reason_question=_("Why is the request being declined?"),
            reason_error=_("Choose why the request is being declined"),
            sets=(*_DECIDED, "ended_at"), decision=True, warning=True,
        ),
        Move(
            "waitlist", _("Add to the waiting list"), Status.WAITLISTED,
            AWAITING_DECISION | {Status.ACCEPTED},
            heading=_("Add this family to the waiting list"), past=_("put on the waiting list"),
            done=_("%(ref)s added to the waiting list. The family has been told."),
            done_not_told=_("%(ref)s added to the waiting list. No message was sent: the family "
                            "has no safe way to receive one. Contact them as they asked."),
            asks=("expected_start",), needs=("expected_start",),
            sets=(*_DECIDED, "predicted_wait"), decision=True,
        ),
        Move(
            "redirect", _("Pass to another service"), Status.REDIRECTED, AWAITING_DECISION,
            heading=_("Pass this request to another service"), past=_("passed to another service"),
            done=_("%(ref)s passed to %(service)s. Its new reference is %(new)s."),
            explanation=_("The request, with the family's consent and answers, is passed to the "
                          "service you choose as a new request. This one is closed as "
                          "redirected."),
            asks=("service",), needs=("service",), sets=(*_DECIDED, "ended_at"),
            decision=True, passes_on=True,
        ),
        Move(
            "start", _("Support has started"), Status.IN_PROGRESS,
            frozenset({Status.ACCEPTED, Status.WAITLISTED}),
            heading=_("Record that support has started"), past=_("started"),
            done=_("Support has started for %(ref)s."), sets=("started_at",), decision=True,
        ),
        Move(
            "close", _("Close with an outcome"), Status.CLOSED,
            frozenset({Status.ACCEPTED, Status.WAITLISTED, Status.IN_PROGRESS}),
            heading=_("Close this request with an outcome"), past=_("closed"),
            done=_("%(ref)s closed."), asks=("outcome",), needs=("outcome",),
            sets=("ended_at",), decision=True,
        ),
        Move(
            "withdraw", _("Withdraw the request"), Status.WITHDRAWN, OPEN,
            heading=_("Withdraw this request"), past=_("withdrawn"), done=_("%(ref)s withdrawn."),
            asks=("reason",), reasons=WithdrawReason,
            reason_question=_("Why is the family withdrawing it? (optional)"),
            reason_error=_("Choose one of the reasons, or none"), sets=("ended_at",),
            outcome=Outcome.FAMILY_WITHDREW, by_family=True, tells_service="request_withdrawn",
            warning=True,
        ),
        # The exit plan when a service closes: each open request is passed on or closed.
        Move(
            "pass_on_closing", _("Pass to another service (this one is closing)"),
            Status.REDIRECTED, OPEN, past=_("passed to another service"),
            done=_("%(ref)s passed to %(service)s. Its new reference is %(new)s."),
            needs=("service",), sets=(*_DECIDED, "ended_at"), decision=True, passes_on=True,
            tells_family=False, service_closing=True,
        ),
        Move(
            "close_service_closed", _("Close: the service is closing"), Status.CLOSED, OPEN,
            past=_("closed"), done=_("%(ref)s closed."), needs=("outcome",), sets=("ended_at",),
            decision=True, tells_family=False, service_closing=True,
        ),
    ]
}  # fmt: skip

# Things that happen to a request without a move, kept in its history (the status stays).
HISTORY_EVENTS = {
    "redirected": _("Passed on from another request"),
    "safeguarding_flagged": _("Possible safeguarding concern flagged"),
    "safeguarding_step": _("Safeguarding step recorded"),
    "family_records_merged": _("The family's two records were joined"),
    "service_records_merged": _("The service's duplicate record was merged"),
    "group_place": _("Given a place in a programme group"),
}

# Outcomes grouped for reporting: support given, ended without it, or moved on elsewhere.
OUTCOME_GROUPS = {
    "supported": frozenset({Outcome.NEEDS_MET, Outcome.PARTLY_MET, Outcome.STEPPED_DOWN}),
    "ended_without_support": frozenset(
        {Outcome.FAMILY_WITHDREW, Outcome.COULD_NOT_CONTACT, Outcome.NO_LONGER_NEEDED}
    ),
    "moved_on": frozenset({Outcome.STEPPED_UP, Outcome.SERVICE_CLOSED}),
}


def outcome_group(outcome: str) -> str:
    """The reporting group of an outcome ("" for none)."""
    return next((group for group, members in OUTCOME_GROUPS.items() if outcome in members), "")


class MoveRefused(Exception):
    """A move that is not allowed from where the request is, with a message to show."""


def check_move(status: str, move_name: str) -> Move:
    move = MOVES.get(move_name)
    if move is None:
        raise MoveRefused(f"There is no action called “{move_name}”.")
    if status not in move.from_statuses:
        raise MoveRefused(
            f"This request is “{Status(status).label}”, so it cannot be {move.past} now."
        )
    return move


def reason_label(to_status: str, code: str) -> str:
    """The words for a coded reason recorded with a move to this status, or for an event in
    the history ("" if none)."""
    if code in HISTORY_EVENTS:
        return HISTORY_EVENTS[code]
    for move in MOVES.values():
        if move.to == to_status and move.reasons is not None:
            return dict(move.reasons.choices).get(code, "")
    return ""


def moves_from(status: str, *, by_family: bool = False) -> list[Move]:
    """The moves open from this status, for the provider (or for the family)."""
    return [
        move
        for move in MOVES.values()
        if status in move.from_statuses and move.by_family == by_family and not move.service_closing
    ]
