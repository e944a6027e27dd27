"""The loop an early help case goes round — declared once, here, as data.

    open → assessing → planning → active ⇄ reviewing
    reviewing → stepped down (to universal services) / closed (with a coded outcome)
    assessing, planning, active or reviewing → stepped up (handed to children's social care,
        waiting for its answer) → closed as stepped up, or back to active if not taken
    consent withdrawn by the family at any time while the case is open

Everything that changes a case's status asks this module first (`check_move`). What consent
withdrawn means is declared here too (`CONSENT_WITHDRAWN_MEANS`) and shown on the case page.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("Opened")
    ASSESSING = "assessing", _("Assessment in progress")
    PLANNING = "planning", _("Writing the family plan")
    ACTIVE = "active", _("Plan in place")
    REVIEWING = "reviewing", _("Being reviewed")
    STEPPED_UP = "stepped_up", _("Handed to children's social care: waiting for an answer")
    STEPPED_DOWN = "stepped_down", _("Stepped down to universal services")
    CLOSED = "closed", _("Closed")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")


class ClosureOutcome(models.TextChoices):
    """Coded outcomes a case closes with (for reporting)."""

    NEEDS_MET = "needs_met", _("Needs met")
    PARTLY_MET = "partly_met", _("Needs partly met")
    STEPPED_UP = "stepped_up", _("Stepped up to children's social care")
    STEPPED_DOWN = "stepped_down", _("Stepped down to universal services")
    MOVED_AWAY = "moved_away", _("The family moved away")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The family withdrew consent")
    COULD_NOT_ENGAGE = "could_not_engage", _("The family could not engage")


class OpenedFrom(models.TextChoices):
    TRIAGE = "triage", _("Early help triage (no service chosen)")
    REQUEST = "request", _("A request in progress: the family needs more than one service")
    DIRECT = "direct", _("Opened directly by a practitioner")
    SOCIAL_CARE = "social_care", _("Stepped down from children's social care")


OPEN = frozenset(
    {
        Status.OPEN,
        Status.ASSESSING,
        Status.PLANNING,
        Status.ACTIVE,
        Status.REVIEWING,
        Status.STEPPED_UP,
    }
)
ENDED = frozenset(Status) - OPEN
WORKING = frozenset({Status.ASSESSING, Status.PLANNING, Status.ACTIVE, Status.REVIEWING})

# The details a move can ask for, in the order asked.
DETAILS = (
    "services",
    "outcome",
    "exit_plan",
    "concern",
    "known",
    "consent_to_step_up",
    "no_consent_reason",
    "answer",
    "note",
)

CONSENT_WITHDRAWN_MEANS = (
    _("The assessment and the plan stop where they are; nothing more is added to them."),
    _("Nothing more is shared with the team around the family, and its members are told."),
    _("The case is closed with the outcome “the family withdrew consent”."),
    _(
        "What was recorded is kept as the council's records policy says, and the family may ask "
        "to see it."
    ),
    _(
        "If a child is at risk of significant harm, a referral to children's social care can "
        "still be made without consent, as the law allows."
    ),
)


@dataclass(frozen=True)
class Move:
    """Everything about one move; nothing outside this module asks a move its name."""

    name: str
    label: str  # its button
    to: Status
    from_statuses: frozenset
    heading: str = ""
    past: str = ""  # "it cannot be <past> now"
    done: str = ""  # the confirmation to staff
    explanation: str = ""
    asks: tuple = ()  # details its page asks for (from DETAILS)
    needs: tuple = ()  # those it must be given
    outcome: str = ""  # the closure outcome it records by itself
    ends: bool = False  # the case is over: closed_at set, sustained-outcome check due
    opens_handover: bool = False  # a handover to children's social care starts
    answers_handover: bool = False  # children's social care's answer is recorded
    tells_family: bool = False  # the family is sent word (by the safe way they chose)
    by_stage: bool = False  # made by finishing a stage (the assessment), not from the moves list
    warning: bool = False

    @property
    def one_click(self) -> bool:
        return not self.asks


MOVES = {
    move.name: move
    for move in [
        Move(
            "start_assessment",
            _("Start the assessment"),
            Status.ASSESSING,
            frozenset({Status.OPEN}),
            heading=_("Start the whole-family assessment"),
            past=_("assessed"),
            done=_("%(ref)s: assessment started."),
            by_stage=True,
        ),
        Move(
            "complete_assessment",
            _("Assessment completed"),
            Status.PLANNING,
            frozenset({Status.ASSESSING}),
            past=_("moved to planning"),
            done=_("%(ref)s: assessment completed. Now write the plan with the family."),
            by_stage=True,
        ),
        Move(
            "agree_plan",
            _("The plan is agreed"),
            Status.ACTIVE,
            frozenset({Status.PLANNING}),
            heading=_("Record that the family plan is agreed"),
            past=_("given an agreed plan"),
            done=_("%(ref)s: plan agreed. The first review is scheduled."),
            by_stage=True,
        ),
        Move(
            "start_review",
            _("Start a review"),
            Status.REVIEWING,
            frozenset({Status.ACTIVE}),
            heading=_("Start a review of the plan"),
            past=_("reviewed"),
            done=_("%(ref)s: review started."),
        ),
        Move(
            "continue_plan",
            _("Continue with the plan"),
            Status.ACTIVE,
            frozenset({Status.REVIEWING}),
            heading=_("Continue with the plan"),
            past=_("continued"),
            done=_("%(ref)s: the plan continues. Next review scheduled."),
            asks=("note",),
            by_stage=True,
        ),
        Move(
            "step_up",
            _("Step up to children's social care"),
            Status.STEPPED_UP,
            WORKING,
            heading=_("Step up to children's social care"),
            past=_("stepped up"),
            done=_(
                "%(ref)s: handover sent to children's social care. It stays open until they answer."
            ),
            explanation=_(
                "A structured handover: what is known, the concern, and the family's "
                "consent or why it is not needed."
            ),
            asks=("concern", "known", "consent_to_step_up", "no_consent_reason"),
            needs=("concern", "known", "consent_to_step_up"),
            opens_handover=True,
            warning=True,
        ),
        Move(
            "social_care_accepted",
            _("Children's social care took the case"),
            Status.CLOSED,
            frozenset({Status.STEPPED_UP}),
            heading=_("Record that children's social care took the case"),
            past=_("closed as stepped up"),
            done=_("%(ref)s: closed, stepped up."),
            asks=("answer", "exit_plan"),
            needs=("answer", "exit_plan"),
            outcome=ClosureOutcome.STEPPED_UP,
            ends=True,
            answers_handover=True,
        ),
        Move(
            "social_care_declined",
            _("Children's social care did not take the case"),
            Status.ACTIVE,
            frozenset({Status.STEPPED_UP}),
            heading=_("Record that children's social care did not take the case"),
            past=_("returned to early help"),
            done=_("%(ref)s: early help continues with the plan."),
            asks=("answer",),
            needs=("answer",),
            answers_handover=True,
        ),
        Move(
            "step_down",
            _("Step down to universal services"),
            Status.STEPPED_DOWN,
            frozenset({Status.REVIEWING}),
            heading=_("Step down to universal services"),
            past=_("stepped down"),
            done=_("%(ref)s: stepped down."),
            asks=("services", "exit_plan"),
            needs=("services", "exit_plan"),
            outcome=ClosureOutcome.STEPPED_DOWN,
            ends=True,
            tells_family=True,
        ),
        Move(
            "close",
            _("Close with an outcome"),
            Status.CLOSED,
            WORKING | {Status.OPEN},
            heading=_("Close this case with an outcome"),
            past=_("closed"),
            done=_("%(ref)s: closed."),
            asks=("outcome", "exit_plan"),
            needs=("outcome", "exit_plan"),
            ends=True,
            tells_family=True,
            warning=True,
        ),
        Move(
            "withdraw_consent",
            _("The family withdrew consent"),
            Status.CONSENT_WITHDRAWN,
            OPEN - {Status.STEPPED_UP},
            heading=_("Record that the family withdrew consent"),
            past=_("ended by withdrawn consent"),
            done=_("%(ref)s: consent withdrawn."),
            asks=("note",),
            outcome=ClosureOutcome.CONSENT_WITHDRAWN,
            ends=True,
            warning=True,
        ),
    ]
}

# The outcomes a person chooses when closing (the others are recorded by their own move).
CHOSEN_OUTCOMES = [
    (code, label)
    for code, label in ClosureOutcome.choices
    if code not in {move.outcome for move in MOVES.values() if move.outcome}
]


class MoveRefused(Exception):
    """A move not allowed from where the case is, or with a detail missing: a message to show."""


def check_move(status: str, move_name: str) -> Move:
    move = MOVES.get(move_name)
    if move is None:
        raise MoveRefused(f"There is no action called “{move_name}”.")
    if status not in move.from_statuses:
        label = Status(status).label
        raise MoveRefused(f"This case is “{label}”, so it cannot be {move.past} now.")
    return move


def moves_from(status: str) -> list[Move]:
    """The moves offered on a case's page from this status."""
    return [m for m in MOVES.values() if status in m.from_statuses and not m.by_stage]
