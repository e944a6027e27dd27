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


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    to: Status
    from_statuses: frozenset
    by_family: bool = False  # the family (or their referrer) makes it, not the provider
    needs: tuple = ()  # details the move must be given
    reasons: type[models.TextChoices] | None = None  # its coded reasons (required if needed)
    tells_service: str = ""  # the message kind the service's mailbox is sent (it did not move it)
    # A move with another's effects (the details it checks and sets, a new request for a
    # redirect): that move's name. Empty: its own.
    like: str = ""
    # Only made as part of a service's exit plan (upkeep/closing.py), which tells the family
    # and referrer itself, with the alternatives; never offered on a request's own page.
    service_closing: bool = False

    @property
    def effect(self) -> str:
        return self.like or self.name


MOVES = {
    move.name: move
    for move in [
        Move("receive", _("Mark as received"), Status.RECEIVED, frozenset({Status.SUBMITTED})),
        Move("accept", _("Accept"), Status.ACCEPTED, AWAITING_DECISION),
        Move(
            "decline",
            _("Decline"),
            Status.DECLINED,
            AWAITING_DECISION | {Status.WAITLISTED},
            needs=("reason",),
            reasons=DeclineReason,
        ),
        Move(
            "waitlist",
            _("Add to the waiting list"),
            Status.WAITLISTED,
            AWAITING_DECISION | {Status.ACCEPTED},
            needs=("expected_start",),
        ),
        Move(
            "redirect",
            _("Pass to another service"),
            Status.REDIRECTED,
            AWAITING_DECISION,
            needs=("service",),
        ),
        Move(
            "start",
            _("Support has started"),
            Status.IN_PROGRESS,
            frozenset({Status.ACCEPTED, Status.WAITLISTED}),
        ),
        Move(
            "close",
            _("Close with an outcome"),
            Status.CLOSED,
            frozenset({Status.ACCEPTED, Status.WAITLISTED, Status.IN_PROGRESS}),
            needs=("outcome",),
        ),
        Move(
            "withdraw",
            _("Withdraw the request"),
            Status.WITHDRAWN,
            OPEN,
            by_family=True,
            reasons=WithdrawReason,
            tells_service="request_withdrawn",
        ),
        # The exit plan when a service closes: each open request is passed on or closed.
        Move(
            "pass_on_closing",
            _("Pass to another service (this one is closing)"),
            Status.REDIRECTED,
            OPEN,
            needs=("service",),
            like="redirect",
            service_closing=True,
        ),
        Move(
            "close_service_closed",
            _("Close: the service is closing"),
            Status.CLOSED,
            OPEN,
            needs=("outcome",),
            like="close",
            service_closing=True,
        ),
    ]
}


class MoveRefused(Exception):
    """A move that is not allowed from where the request is, with a message to show."""


def check_move(status: str, move_name: str) -> Move:
    move = MOVES.get(move_name)
    if move is None:
        raise MoveRefused(f"There is no action called “{move_name}”.")
    if status not in move.from_statuses:
        done = past_tense(move.name)
        raise MoveRefused(f"This request is “{Status(status).label}”, so it cannot be {done} now.")
    return move


def reason_label(to_status: str, code: str) -> str:
    """The words for a coded reason recorded with a move to this status ("" if none)."""
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


def past_tense(name: str) -> str:
    return {
        "receive": "marked as received",
        "accept": "accepted",
        "decline": "declined",
        "waitlist": "put on the waiting list",
        "redirect": "passed to another service",
        "start": "started",
        "close": "closed",
        "withdraw": "withdrawn",
        "pass_on_closing": "passed to another service",
        "close_service_closed": "closed",
    }[name]
