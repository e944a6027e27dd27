"""When a request is overdue, declared once: each rule is a set of statuses and the date by which
a request in one of them should have moved on. `flags` reads the rules for one request (its
page, a row of a list); `overdue_q` writes the same rules as a WHERE (ordering and filtering the
inbox and the triage queue, the daily reminder of late starts), so the two cannot drift apart.
"""

import operator
from dataclasses import dataclass
from datetime import date
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from familyhub.referrals.states import AWAITING_DECISION, QUEUE, Status


@dataclass(frozen=True)
class Rule:
    flag: str  # what the pages show: "Not received in time", "No decision in time"...
    statuses: frozenset
    due: str  # the request's date field by which it should have moved on


RULES = (
    Rule("receipt", frozenset({Status.SUBMITTED}), "receive_by"),
    Rule("decision", AWAITING_DECISION, "decide_by"),
    # In the queue (accepted or on the waiting list) past its expected start.
    Rule("start", QUEUE, "expected_start"),
)
BY_FLAG = {rule.flag: rule for rule in RULES}


def flags(support_request, today: date | None = None) -> list[str]:
    """The rules this request is overdue by, in order ([] if none)."""
    today = today or timezone.localdate()
    return [
        rule.flag
        for rule in RULES
        if support_request.status in rule.statuses
        and (due := getattr(support_request, rule.due)) is not None
        and due < today
    ]


def is_overdue(support_request, flag: str, today: date | None = None) -> bool:
    return flag in flags(support_request, today)


def overdue_q(today: date, *only: str) -> Q:
    """The same rules as a WHERE (all of them, or only those named)."""
    return reduce(
        operator.or_,
        (
            Q(status__in=list(rule.statuses), **{f"{rule.due}__lt": today})
            for rule in RULES
            if not only or rule.flag in only
        ),
    )
