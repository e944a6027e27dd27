"""The partnership's annual report: one year (1 April to 31 March) of the delivery plan, the
board's decisions, what parents told us and what is next. The same figures on the page and in
the PDF (reports.annual_pdf).

The rules, stated once:
- A year is named by the calendar year it starts in: 2026 is 1 April 2026 to 31 March 2027.
  Years from FIRST_YEAR (the first delivery plan's) to the current one can be asked for.
- The plan in numbers counts each priority's actions that were in the plan in the year (started
  by its end, and not completed before its start), by their rating and status now. An action's
  completion date is the date of its latest progress update that marked it complete.
- Decisions of the board: decisions and actions agreed at the board's meetings in the year
  ("decisions needed" are not decisions yet); and the dates the plan was reviewed in the year.
- What parents told us: consultations and events that ran in the year (any day of them), with
  how many took part; "You said, we did" entries dated in the year; parent forum meetings by
  town; how many times parents said the charter was not met; and family feedback asked and
  answered in the year (familyhub/feedback/queries.py). Counts of people go through
  familyhub.suppression: a count from 1 to 4 is hidden, and whatever would give it away; a share
  or a median is shown only when the counts it comes from are.
- What is next: actions not complete whose deadline falls in the following year.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familyhub.directory.choices import MEDWAY_TOWNS
from familyhub.feedback import queries as feedback
from familyhub.feedback.models import QUESTIONS
from familyhub.planning.models import (
    Action,
    CharterFeedback,
    Consultation,
    Decision,
    ForumMeeting,
    Group,
    PlanReview,
    Strategy,
    YouSaidWeDid,
)
from familyhub.planning.queries import actions_with_people
from familyhub.planning.rag import Rag
from familyhub.suppression import THRESHOLD, suppress_counts

FIRST_YEAR = 2021
QUESTION_LABELS = {
    "helped": gettext_lazy("Said the support helped"),
    "met_needs": gettext_lazy("Said it met their needs"),
    "respected": gettext_lazy("Felt treated with respect"),
    "would_recommend": gettext_lazy("Would recommend it"),
}


class BadYear(ValueError):
    """A year that cannot be reported on, with the reason in words for the page."""


@dataclass(frozen=True)
class PartnershipYear:
    first: int  # the calendar year it starts in

    @property
    def start(self) -> date:
        return date(self.first, 4, 1)

    @property
    def end(self) -> date:
        return date(self.first + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.first}–{(self.first + 1) % 100:02d}"

    @property
    def following(self) -> "PartnershipYear":
        return PartnershipYear(self.first + 1)

    def moments(self) -> tuple[datetime, datetime]:
        """[1 April 00:00, the next 1 April 00:00) in the council's time zone."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.following.start, time.min, tzinfo=zone),
        )


def year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def years_available(today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(FIRST_YEAR, max(FIRST_YEAR, year_of(today)) + 1))


def parse_year(value: str | None, today: date | None = None) -> PartnershipYear:
    """The year asked for (blank: the current one), or BadYear saying what is wrong."""
    today = today or timezone.localdate()
    value = (value or "").strip()
    if not value:
        return PartnershipYear(year_of(today))
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise BadYear(
            _("Enter the year as 4 digits, the year it starts in April, like %(year)s")
            % {"year": year_of(today)}
        )
    years = years_available(today)
    if int(value) not in years:
        raise BadYear(
            _("There is a report only for the years starting in %(first)s to %(last)s")
            % {"first": years[0], "last": years[-1]}
        )
    return PartnershipYear(int(value))


# --- the plan in numbers -------------------------------------------------------------------


@dataclass
class PriorityFigures:
    priority: object
    actions: list
    completed: list  # completed in the year

    @property
    def by_rag(self):
        counts = Counter(action.rag for action in self.actions)
        return [(value, label, counts.get(value, 0)) for value, label in Rag.choices]

    @property
    def by_status(self):
        counts = Counter(action.status for action in self.actions)
        return [(value, label, counts.get(value, 0)) for value, label in Action.Status.choices]


def _completed_on(action) -> date | None:
    if action.status != Action.Status.COMPLETE:
        return None
    return action.completed_on or action.latest_update_on


def plan_figures(year: PartnershipYear) -> list[tuple[Strategy, list[PriorityFigures]]]:
    actions = actions_with_people().annotate(
        completed_on=Max("updates__on", filter=Q(updates__status=Action.Status.COMPLETE))
    )
    by_priority = {}
    for action in actions.filter(start__lte=year.end):
        done = _completed_on(action)
        if done is not None and done < year.start:
            continue
        by_priority.setdefault(action.priority_id, []).append(action)
    shown = []
    for strategy in Strategy.objects.prefetch_related("priorities"):
        rows = []
        for priority in strategy.priorities.all():
            mine = by_priority.get(priority.pk, [])
            completed = [a for a in mine if (d := _completed_on(a)) and year.start <= d <= year.end]
            rows.append(PriorityFigures(priority=priority, actions=mine, completed=completed))
        shown.append((strategy, rows))
    return shown


# --- what parents told us ------------------------------------------------------------------


@dataclass
class Share:
    key: str
    label: str
    counted: int | None  # answers that said yes, partly or no (None: hidden)
    percent: int | None  # of them, the share that said yes (None: hidden or none)


@dataclass
class FeedbackFigures:
    invited: int | None
    answered: int | None
    rate: int | None  # percent
    answers: int | None  # answers given in the year (a parent's and a child's both count)
    shares: list
    pairs: int | None  # answers with confidence at the start and the end
    median_change: float | None


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole)


def _shown(count: int) -> int | None:
    """A lone count: hidden from 1 to 4."""
    return None if 0 < count < THRESHOLD else count


def feedback_figures(year: PartnershipYear) -> FeedbackFigures:
    start, end = year.moments()
    rate = feedback.response_rate(start, end)
    asked, invited = suppress_counts(
        {"answered": rate.answered, "not": rate.invited - rate.answered}
    )
    answered = asked["answered"]
    answers = feedback.answers(start, end)
    shares = []
    for question in QUESTIONS:
        score = feedback.score(answers, question)
        parts, counted = suppress_counts({"yes": score.yes, "not": score.counted - score.yes})
        percent = None
        if counted and parts["yes"] is not None:
            percent = _percent(parts["yes"], counted)
        shares.append(Share(question, str(QUESTION_LABELS[question]), counted, percent))
    pairs = feedback.confidence_pairs(start, end)
    shown_pairs = _shown(len(pairs))
    median = None
    if shown_pairs:
        median = statistics.median(after - before for before, after in pairs)
    return FeedbackFigures(
        invited=invited,
        answered=answered,
        rate=_percent(answered, invited) if invited and answered is not None else None,
        answers=_shown(answers.count()),
        shares=shares,
        pairs=shown_pairs,
        median_change=median,
    )


@dataclass
class ParentsViews:
    consultations: list  # (consultation, took part or None)
    took_part: int | None
    you_said: list
    forums: list  # (town, meetings, parents or None)
    forum_meetings: int
    forum_parents: int | None
    charter_not_met: int | None
    feedback: FeedbackFigures


def parents_views(year: PartnershipYear) -> ParentsViews:
    consultations = list(
        Consultation.objects.filter(starts__lte=year.end, ends__gte=year.start).order_by(
            "starts", "id"
        )
    )
    took_part, took_part_total = suppress_counts({c.pk: c.took_part for c in consultations})
    forums = ForumMeeting.objects.filter(held_on__gte=year.start, held_on__lte=year.end)
    meetings, parents = Counter(), Counter()
    for forum in forums:
        meetings[forum.locality] += 1
        parents[forum.locality] += forum.attended
    parents_shown, parents_total = suppress_counts({town: parents[town] for town in MEDWAY_TOWNS})
    start, end = year.moments()
    not_met = CharterFeedback.objects.filter(created_at__gte=start, created_at__lt=end).count()
    return ParentsViews(
        consultations=[(c, took_part[c.pk]) for c in consultations],
        took_part=took_part_total,
        you_said=list(
            YouSaidWeDid.objects.filter(on__gte=year.start, on__lte=year.end)
            .select_related("consultation")
            .prefetch_related("actions")
            .order_by("on", "id")
        ),
        forums=[(town, meetings[town], parents_shown[town]) for town in MEDWAY_TOWNS],
        forum_meetings=sum(meetings.values()),
        forum_parents=parents_total,
        charter_not_met=_shown(not_met),
        feedback=feedback_figures(year),
    )


# --- the report ----------------------------------------------------------------------------


@dataclass
class AnnualReport:
    year: PartnershipYear
    today: date
    plan: list
    decisions: list
    reviews: list
    parents: ParentsViews
    next_actions: list
    years: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether the year is over (else the figures are the year so far)."""
        return self.today > self.year.end

    @property
    def other_years(self) -> list[int]:
        return [first for first in self.years if first != self.year.first]

    @property
    def totals(self):
        rows = [row for _strategy, rows in self.plan for row in rows]
        rag = Counter()
        for row in rows:
            rag.update(action.rag for action in row.actions)
        return {
            "actions": sum(len(row.actions) for row in rows),
            "completed": sum(len(row.completed) for row in rows),
            "by_rag": [(value, label, rag.get(value, 0)) for value, label in Rag.choices],
        }


def annual_report(year: PartnershipYear, today: date | None = None) -> AnnualReport:
    today = today or timezone.localdate()
    following = year.following
    return AnnualReport(
        year=year,
        today=today,
        plan=plan_figures(year),
        decisions=list(
            Decision.objects.filter(
                meeting__group__kind=Group.Kind.BOARD,
                meeting__held_on__gte=year.start,
                meeting__held_on__lte=year.end,
            )
            .exclude(kind=Decision.Kind.NEEDED)
            .select_related("meeting__group", "priority", "action")
            .order_by("meeting__held_on", "id")
        ),
        reviews=list(
            PlanReview.objects.filter(held_on__gte=year.start, held_on__lte=year.end)
            .select_related("group")
            .order_by("held_on", "id")
        ),
        parents=parents_views(year),
        next_actions=list(
            actions_with_people()
            .filter(deadline__gte=following.start, deadline__lte=following.end)
            .exclude(status=Action.Status.COMPLETE)
            .order_by("deadline", "reference")
        ),
        years=years_available(today),
    )
