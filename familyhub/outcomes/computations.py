"""The measures worked out from Family Hub's own records: the registry a measure's
`computation` names. Each computation takes a quarter and returns, for each place a family
lives (postcode sector, or district where only that is kept), a `Tally`: the numerator and
denominator counted there (or, for a median, the values). `fold` adds the places up into Medway,
each town and each ward; `compute` gives one area's figure. Counting is done by the database
(GROUP BY the place); only the counts come back, except the median's values.

The rules, in the words the dashboard shows, are each computation's `definition` in
data/measures.json; the docstrings here say the same in terms of the records.
"""

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case as When_
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Left, Length
from django.utils import timezone

from familyhub.casework.models import Case, GoalScore
from familyhub.casework.states import ClosureOutcome
from familyhub.casework.states import Status as CaseStatus
from familyhub.families.models import FamilyMember, Relationship
from familyhub.feedback.models import (
    About,
    ConfidenceAtStart,
    FeedbackAnswer,
    Respondent,
    Scale,
)
from familyhub.finder.models import SearchRecord
from familyhub.outcomes import areas
from familyhub.outcomes.models import MEDWAY, AreaKind, Unit
from familyhub.outcomes.periods import Quarter
from familyhub.referrals.models import Draft, SupportRequest
from familyhub.referrals.states import Status

# A draft not sent and not touched for this long was given up.
DRAFT_ABANDONED_AFTER = timedelta(days=14)
RE_REQUEST_WITHIN = timedelta(days=365)
SCORED = (Scale.YES, Scale.PARTLY, Scale.NO)


@dataclass
class Tally:
    numerator: int | None = 0
    denominator: int = 0
    values: list = field(default_factory=list)  # a median's values

    def add(self, other: "Tally"):
        if self.numerator is not None and other.numerator is not None:
            self.numerator += other.numerator
        self.denominator += other.denominator
        self.values.extend(other.values)


@dataclass(frozen=True)
class Result:
    numerator: int | None
    denominator: int
    value: float | None


@dataclass(frozen=True)
class Computation:
    name: str
    unit: str
    function: Callable
    by_ward: bool = True  # False: the records keep only a postcode district
    by_town: bool = True  # False: the records keep no place at all

    def tallies(self, quarter: Quarter) -> dict:
        return self.function(quarter)

    def result(self, tally: Tally) -> Result:
        if self.unit == Unit.DAYS:
            values = sorted(tally.values)
            median = float(statistics.median(values)) if values else None
            return Result(None, len(values), median)
        if self.unit == Unit.COUNT:
            return Result(tally.numerator, tally.numerator or 0, tally.numerator)
        share = 100 * tally.numerator / tally.denominator if tally.denominator else None
        return Result(tally.numerator, tally.denominator, share)


REGISTRY: dict[str, Computation] = {}


def computation(name: str, unit: str, **options):
    def register(function):
        REGISTRY[name] = Computation(name, unit, function, **options)
        return function

    return register


def choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in REGISTRY]


# Folding places into areas ------------------------------------------------------------------


def fold(tallies: dict, computation: Computation) -> dict:
    """{(area_kind, area): Result} for Medway, each town and each ward with any record."""
    folded = {}

    def add(key, tally):
        folded.setdefault(key, Tally(numerator=0 if tally.numerator is not None else None))
        folded[key].add(tally)

    add((AreaKind.MEDWAY, MEDWAY), Tally())
    for part, tally in tallies.items():
        town, ward = areas.area_of(part)
        add((AreaKind.MEDWAY, MEDWAY), tally)
        if computation.by_town:
            add((AreaKind.TOWN, town), tally)
        if computation.by_ward:
            add((AreaKind.WARD, ward), tally)
    return {key: computation.result(tally) for key, tally in folded.items()}


def compute(name: str, quarter: Quarter, area_kind: str = AreaKind.MEDWAY, area: str = MEDWAY):
    """One measure's figure for a quarter and an area (Medway by default)."""
    found = REGISTRY[name]
    results = fold(found.tallies(quarter), found)
    return results.get((area_kind, area), found.result(Tally()))


# Shared pieces --------------------------------------------------------------------------------


def _sector(postcode_field: str):
    """The postcode sector in SQL: 'ME4 4TR' -> 'ME4 4' (a district alone as it is)."""
    return When_(
        When(
            **{f"{postcode_field}__contains": " "},
            then=Left(postcode_field, Length(postcode_field) - 2),
        ),
        default=F(postcode_field),
        output_field=CharField(),
    )


def _counted(rows, postcode_field: str, *, counting: str, numerator: Q | None) -> dict:
    """GROUP BY sector: {sector: Tally(numerator, denominator)}; `counting` a field counted
    distinct (a family counted once)."""
    annotations = {"denominator": Count(counting, distinct=True)}
    if numerator is not None:
        annotations["numerator"] = Count(counting, distinct=True, filter=numerator)
    grouped = rows.annotate(part=_sector(postcode_field)).values("part").annotate(**annotations)
    tallies = {}
    for row in grouped.order_by():
        part = (row["part"] or "").strip().upper()
        tally = tallies.setdefault(part, Tally())
        tally.add(Tally(row.get("numerator", row["denominator"]), row["denominator"]))
    return tallies


def _between(quarter: Quarter, field_name: str) -> Q:
    return Q(**{f"{field_name}__gte": quarter.start, f"{field_name}__lt": quarter.end})


# Requests -------------------------------------------------------------------------------------


@computation("median_days_to_start", Unit.DAYS)
def median_days_to_start(quarter: Quarter) -> dict:
    """Requests whose support started in the quarter: days from sending to the start."""
    rows = SupportRequest.objects.filter(_between(quarter, "started_at")).annotate(
        part=_sector("family__postcode")
    )
    tallies = {}
    for part, sent, started in rows.values_list("part", "submitted_at", "started_at").order_by():
        tally = tallies.setdefault((part or "").strip().upper(), Tally(numerator=None))
        tally.values.append((timezone.localdate(started) - timezone.localdate(sent)).days)
        tally.denominator += 1
    return tallies


@computation("share_declined", Unit.PERCENT)
def share_declined(quarter: Quarter) -> dict:
    """Requests first decided in the quarter: the share not accepted (declined)."""
    rows = SupportRequest.objects.filter(_between(quarter, "decided_at"))
    return _counted(rows, "family__postcode", counting="id", numerator=Q(status=Status.DECLINED))


@computation("re_requests_12_months", Unit.PERCENT)
def re_requests_12_months(quarter: Quarter) -> dict:
    """Families who sent a request in the quarter: the share who had a request finish (closed)
    in the 12 months before sending it."""
    # `status__startswith` (a LIKE the status index cannot serve) so the database looks a
    # family's few requests up by family rather than every closed request by status.
    earlier = SupportRequest.objects.filter(
        family=OuterRef("family"),
        status__startswith=Status.CLOSED,
        ended_at__lt=OuterRef("submitted_at"),
        ended_at__gte=OuterRef("submitted_at") - RE_REQUEST_WITHIN,
    )
    rows = SupportRequest.objects.filter(_between(quarter, "submitted_at")).annotate(
        again=Exists(earlier)
    )
    return _counted(rows, "family__postcode", counting="family", numerator=Q(again=True))


@computation("fathers_reached", Unit.PERCENT)
def fathers_reached(quarter: Quarter) -> dict:
    """Families who sent a request in the quarter: the share with a father in the family."""
    father = FamilyMember.objects.filter(
        family=OuterRef("family"), relationship=Relationship.FATHER
    )
    rows = SupportRequest.objects.filter(_between(quarter, "submitted_at")).annotate(
        father=Exists(father)
    )
    return _counted(rows, "family__postcode", counting="family", numerator=Q(father=True))


@computation("drafts_abandoned", Unit.COUNT, by_town=False, by_ward=False)
def drafts_abandoned(quarter: Quarter) -> dict:
    """Requests started in the quarter and never sent (untouched for DRAFT_ABANDONED_AFTER).
    A draft keeps no place (its answers are encrypted), so Medway only."""
    count = Draft.objects.filter(
        _between(quarter, "created_at"),
        submitted_request__isnull=True,
        updated_at__lt=timezone.now() - DRAFT_ABANDONED_AFTER,
    ).count()
    return {"": Tally(count, count)}


@computation("searches_found_nothing", Unit.COUNT, by_ward=False)
def searches_found_nothing(quarter: Quarter) -> dict:
    """The finder's searches in the quarter that found no service (its anonymous log)."""
    rows = (
        SearchRecord.objects.filter(
            searched_on__gte=quarter.first_day, searched_on__lt=quarter.next.first_day,
            result_count=0,
        )
        .values("postcode_district")
        .annotate(n=Count("id"))
        .order_by()
    )  # fmt: skip
    tallies = {}
    for row in rows:
        tallies.setdefault(row["postcode_district"].strip().upper(), Tally()).add(
            Tally(row["n"], row["n"])
        )
    return tallies


# Early help cases -----------------------------------------------------------------------------


@computation("cases_stepped_down", Unit.PERCENT)
def cases_stepped_down(quarter: Quarter) -> dict:
    """Early help cases that ended in the quarter: the share stepped down to universal
    services (the family's needs met well enough for everyday services to carry on)."""
    rows = Case.objects.filter(_between(quarter, "closed_at"))
    return _counted(
        rows, "family__postcode", counting="id",
        numerator=Q(outcome=ClosureOutcome.STEPPED_DOWN) | Q(status=CaseStatus.STEPPED_DOWN),
    )  # fmt: skip


@computation("cases_stepped_up", Unit.PERCENT)
def cases_stepped_up(quarter: Quarter) -> dict:
    """Early help cases that ended in the quarter: the share handed to children's social care."""
    rows = Case.objects.filter(_between(quarter, "closed_at"))
    return _counted(
        rows, "family__postcode", counting="id", numerator=Q(outcome=ClosureOutcome.STEPPED_UP)
    )


@computation("goals_improved", Unit.PERCENT)
def goals_improved(quarter: Quarter) -> dict:
    """Goals of family plans scored at a review in the quarter: the share whose latest score in
    the quarter is higher than the family's score at the start."""
    at_start = GoalScore.objects.filter(goal=OuterRef("goal"), review__isnull=True).order_by(
        "at", "id"
    )
    later = GoalScore.objects.filter(
        _between(quarter, "at"), goal=OuterRef("goal"), review__isnull=False
    ).filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), id__gt=OuterRef("id")))
    rows = (
        GoalScore.objects.filter(_between(quarter, "at"), review__isnull=False)
        .annotate(start=Subquery(at_start.values("score")[:1]), later=Exists(later))
        .filter(start__isnull=False, later=False)
    )
    return _counted(
        rows, "goal__plan__case__family__postcode", counting="id",
        numerator=Q(score__gt=F("start")),
    )  # fmt: skip


# Family feedback ------------------------------------------------------------------------------


def _feedback(quarter: Quarter, question: str, respondent: str) -> dict:
    rows = FeedbackAnswer.objects.filter(
        _between(quarter, "answered_at"),
        respondent=respondent,
        **{f"{question}__in": SCORED},
    )
    return _counted(
        rows, "invitation__family__postcode", counting="id", numerator=Q(**{question: Scale.YES})
    )


@computation("feedback_helped", Unit.PERCENT)
def feedback_helped(quarter):
    """Parents' and carers' answers in the quarter to "did the support help?": the share yes
    (of yes, partly and no; "prefer not to say" and blanks left out)."""
    return _feedback(quarter, "helped", Respondent.PARENT)


@computation("feedback_met_needs", Unit.PERCENT)
def feedback_met_needs(quarter):
    """As feedback_helped, for "did it meet your needs?"."""
    return _feedback(quarter, "met_needs", Respondent.PARENT)


@computation("feedback_respected", Unit.PERCENT)
def feedback_respected(quarter):
    """As feedback_helped, for "were you treated with respect and without judgement?"."""
    return _feedback(quarter, "respected", Respondent.PARENT)


@computation("feedback_would_recommend", Unit.PERCENT)
def feedback_would_recommend(quarter):
    """As feedback_helped, for "would you recommend it to another parent?"."""
    return _feedback(quarter, "would_recommend", Respondent.PARENT)


@computation("children_say_helped", Unit.PERCENT)
def children_say_helped(quarter):
    """Children's and young people's own answers in the quarter to "did it help?": share yes."""
    return _feedback(quarter, "helped", Respondent.CHILD)


@computation("confidence_improved", Unit.PERCENT)
def confidence_improved(quarter: Quarter) -> dict:
    """Parents' and carers' answers in the quarter (about a request or an early help case) that
    gave their confidence (0 to 10) and had it asked at the start: the share higher than at the
    start. The start figure is the request's if it has one, else the case's."""
    at_start_request = ConfidenceAtStart.objects.filter(
        request=OuterRef("invitation__request"), respondent=Respondent.PARENT
    ).values("confidence")[:1]
    at_start_case = ConfidenceAtStart.objects.filter(
        case=OuterRef("invitation__case"), respondent=Respondent.PARENT
    ).values("confidence")[:1]
    rows = (
        FeedbackAnswer.objects.filter(
            _between(quarter, "answered_at"),
            respondent=Respondent.PARENT,
            confidence__isnull=False,
            invitation__about__in=[About.REQUEST, About.CASE],
        )
        .annotate(start=Coalesce(Subquery(at_start_request), Subquery(at_start_case)))
        .filter(start__isnull=False)
    )
    return _counted(
        rows, "invitation__family__postcode", counting="id",
        numerator=Q(confidence__gt=F("start")),
    )  # fmt: skip
