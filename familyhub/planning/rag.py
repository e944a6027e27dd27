"""The delivery plan's RAG rating, worked out by one stated rule (decision 0034).

The rule, in order (the first that applies gives the rating):

1. Complete: the action's status is "complete" → BLUE ("Complete").
2. Overdue: today is after its deadline and it is not complete → RED.
3. No recent progress: it has started and its latest progress update (or, with none, its start)
   is more than STALE_AFTER_DAYS days old → AMBER.
4. Behind with the deadline near: the deadline is within DUE_SOON_DAYS days and the progress
   recorded is less than expected (the share of the time from start to deadline that has passed,
   as a percentage) → AMBER.
5. Otherwise → GREEN (on track; an action not started yet is green until its start has passed
   by STALE_AFTER_DAYS days without an update).

A strategy lead may override the rating, always with a reason; the rating shown is the override
while it stands. Every change of the worked-out or the shown rating is kept (RagChange).
This module is plain: the rule takes values, not records, so it is tested branch by branch.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

STALE_AFTER_DAYS = 60
DUE_SOON_DAYS = 30


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")
    BLUE = "blue", _("Complete")


# GOV.UK tag colours for each rating (the words are always shown with the colour).
TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
}


@dataclass(frozen=True)
class Rating:
    rag: str
    why: str  # which branch of the rule, in words


def expected_progress(start: date | None, deadline: date | None, today: date) -> int:
    """The share of the time from start to deadline that has passed, as a whole percentage."""
    if start is None or deadline is None or deadline <= start:
        return 100 if deadline is not None and today >= deadline else 0
    passed = (today - start).days / (deadline - start).days
    return max(0, min(100, round(passed * 100)))


def rate(
    *,
    complete: bool,
    start: date | None,
    deadline: date | None,
    progress: int,
    latest_update: date | None,
    today: date,
) -> Rating:
    """The rating by the rule in this module's opening."""
    if complete:
        return Rating(Rag.BLUE, str(_("Complete")))
    if deadline is not None and today > deadline:
        return Rating(Rag.RED, str(_("Past its deadline and not complete")))
    since = latest_update or start
    if since is not None and since <= today and (today - since).days > STALE_AFTER_DAYS:
        return Rating(
            Rag.AMBER,
            str(_("No progress update for more than %(days)s days")) % {"days": STALE_AFTER_DAYS},
        )
    if deadline is not None and (deadline - today).days <= DUE_SOON_DAYS:
        expected = expected_progress(start, deadline, today)
        if progress < expected:
            return Rating(
                Rag.AMBER,
                str(_("Due within %(days)s days and %(done)s%% done, %(expected)s%% expected"))
                % {"days": DUE_SOON_DAYS, "done": progress, "expected": expected},
            )
    return Rating(Rag.GREEN, str(_("On track")))
