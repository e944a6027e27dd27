"""Equality of access and outcomes, by each protected characteristic and low income: who asks
(against Medway's population), who is accepted, how long they wait, and what outcomes families
report. Aggregates only; every count published goes through familyhub.suppression (decision 0033).

Who is counted:
- access (asks, accepted, wait): every person named on a request sent in the period — the
  family's parent or carer (its main contact) and each child the request is about — with the
  request's decision and start. Age is their age on the day the request was sent; low income is
  the family's answer (given by its parent or carer). Questions asked only of adults count only
  adults.
- outcomes: each answer to the family feedback about a request or an early help case given in
  the period by a parent or carer, by the characteristics of the family's parent or carer.

Equality answers are encrypted, so nothing is counted in SQL: the rows are read once (only the
columns needed, in chunks) and counted in Python. See bench/equality_report.py for the time.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.equality import reference
from familyhub.families import monitoring
from familyhub.families.models import CHILD_RELATIONSHIPS, EqualityMonitoring, FamilyMember
from familyhub.feedback.models import About, ConfidenceAtStart, FeedbackAnswer, Respondent, Scale
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import Status
from familyhub.suppression import suppress

NOT_ANSWERED = "not_answered"
NOT_KNOWN = "not_known"
PREFER_NOT = monitoring.PREFER_NOT
NON_ANSWERS = (PREFER_NOT, NOT_ANSWERED, NOT_KNOWN)
ACCEPTED = frozenset({Status.ACCEPTED, Status.WAITLISTED, Status.IN_PROGRESS, Status.CLOSED})
NOT_ACCEPTED = frozenset({Status.DECLINED, Status.REDIRECTED})

# The gaps rule (decision 0033): only where numbers are big enough to mean something.
UNDER_REPRESENTED_RATIO = 0.8  # share of requests below four-fifths of the population share
MIN_EXPECTED = 5  # ... where at least this many people of the group would be expected
MIN_BASE = 10  # rates, waits and outcomes compared only over at least this many people
RATE_MARGIN = 0.10  # a rate 10 percentage points or more below the overall rate
WAIT_MARGIN_DAYS = 7  # a median wait 7 days or more longer than the overall median
CONFIDENCE_MARGIN = 1.0  # a mean change in confidence 1 point or more below the overall

CHUNK = 2000


@dataclass(frozen=True)
class Characteristic:
    key: str
    label: str
    categories: list  # [(key, label)] in order, the non-answers last
    field: str | None = None  # the answer's field (None: age, from the date of birth)
    adults_only: bool = False
    family_level: bool = False  # the family's answer (its parent or carer's): low income
    population: str | None = None  # the key in the census data file
    # Whether a group asking less than its population share is flagged. Not for age: a service
    # for families with children is expected to be asked by younger people than Medway as a whole.
    flag_representation: bool = True


def _answer_categories(choices):
    given = [(k, label) for k, label in choices if k != PREFER_NOT]
    return [*given, (PREFER_NOT, _("Prefer not to say")), (NOT_ANSWERED, _("Not answered"))]


_CHOICES = {name: choices for name, _q, choices, _c in monitoring.QUESTIONS}
CHARACTERISTICS = [
    Characteristic("age", _("Age"),
                   [*((k, label) for k, label, _lo, _hi in monitoring.AGE_BANDS),
                    (NOT_KNOWN, _("Date of birth not known"))], population="age",
                   flag_representation=False),
    Characteristic("sex", _("Sex"), _answer_categories(monitoring.SEXES), "sex",
                   population="sex"),
    Characteristic("disability", _("Disability"), _answer_categories(monitoring.YES_NO),
                   "disability", population="disability"),
    Characteristic("ethnicity", _("Ethnic group"),
                   _answer_categories(monitoring.ETHNIC_GROUPS), "ethnicity",
                   population="ethnicity"),
    Characteristic("religion", _("Religion or belief"), _answer_categories(monitoring.RELIGIONS),
                   "religion", population="religion"),
    Characteristic("gender_same_as_at_birth",
                   _("Gender reassignment (gender the same as sex registered at birth)"),
                   _answer_categories(monitoring.YES_NO), "gender_same_as_at_birth",
                   adults_only=True, population="gender_same_as_at_birth"),
    Characteristic("sexual_orientation", _("Sexual orientation"),
                   _answer_categories(monitoring.SEXUAL_ORIENTATIONS), "sexual_orientation",
                   adults_only=True, population="sexual_orientation"),
    Characteristic("marital_status", _("Marriage or civil partnership"),
                   _answer_categories(monitoring.MARITAL_STATUSES), "marital_status",
                   adults_only=True, population="marital_status"),
    Characteristic("pregnancy", _("Pregnancy and maternity (pregnant or a baby in the last "
                                  "year)"),
                   _answer_categories(monitoring.YES_NO), "pregnant_or_new_parent",
                   adults_only=True),
    Characteristic("low_income", _("Low income (the family)"),
                   _answer_categories(monitoring.YES_NO), "low_income", family_level=True,
                   population="low_income"),
]  # fmt: skip
BY_KEY = {c.key: c for c in CHARACTERISTICS}
CATEGORY_KEYS = {c.key: frozenset(k for k, _label in c.categories) for c in CHARACTERISTICS}


# --- reading the rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """One person named on one request: their categories and the request's decision and wait."""

    categories: dict  # characteristic key -> category key, or None (not asked of them)
    accepted: bool | None  # None: not decided (still open, or withdrawn)
    wait_days: int | None  # from sending to support starting; None: not started


@dataclass(frozen=True)
class Feedback:
    """One parent's or carer's feedback, by their family's parent's or carer's categories."""

    categories: dict
    helped: str
    met_needs: str
    confidence_change: int | None


def _text(field: str):
    """A UUID column read as text: ids only need to match one another, and turning hundreds of
    thousands of them into UUID objects costs more than the decryption."""
    return Cast(field, output_field=CharField())


class _People:
    """The members and equality answers of the families in question, read once."""

    def __init__(self, families: Q):
        self.info = {}  # member id -> (family id, is child, date of birth)
        self.main = {}  # family id -> its parent's or carer's member id
        members = (
            FamilyMember.objects.filter(families)
            .order_by("family_id", "-is_main_contact", "date_of_birth", "first_name")
            .values_list(_text("id"), _text("family_id"), "relationship", "date_of_birth")
        )
        for member_id, family_id, relationship, born in members.iterator(chunk_size=CHUNK):
            is_child = relationship in CHILD_RELATIONSHIPS
            self.info[member_id] = (family_id, is_child, born)
            if not is_child:
                self.main.setdefault(family_id, member_id)
        # values_list, not model instances: each row is a tuple, decrypted field by field.
        self.answers = {}
        rows = EqualityMonitoring.objects.filter(
            member__in=FamilyMember.objects.filter(families).values("pk")
        ).values_list(_text("member_id"), *monitoring.FIELDS)
        for member_id, *values in rows.iterator(chunk_size=CHUNK):
            self.answers[member_id] = dict(zip(monitoring.FIELDS, values, strict=True))
        self._fixed = {}  # member id -> every category but age (which depends on the day)

    def categories(self, member_id, day: date) -> dict:
        _family_id, _is_child, born = self.info[member_id]
        fixed = self._fixed.get(member_id)
        if fixed is None:
            fixed = self._fixed[member_id] = self._categories(member_id)
        return {**fixed, "age": monitoring.age_band(born, day) or NOT_KNOWN}

    def _categories(self, member_id) -> dict:
        family_id, is_child, _born = self.info[member_id]
        own = self.answers.get(member_id, {})
        family = self.answers.get(self.main.get(family_id), {})
        found = {}
        for c in CHARACTERISTICS:
            if c.field is None:
                continue
            if c.adults_only and is_child:
                found[c.key] = None
                continue
            value = (family if c.family_level else own).get(c.field)
            if c.key == "ethnicity":
                value = monitoring.broad_ethnic_group(value)
            found[c.key] = value if value in CATEGORY_KEYS[c.key] else NOT_ANSWERED
        return found


def _local_day(moment: datetime, zone) -> date:
    return moment.astimezone(zone).date()


def _requests(start, end):
    return SupportRequest.objects.filter(submitted_at__gte=start, submitted_at__lt=end)


def _parents_feedback(start, end):
    return FeedbackAnswer.objects.filter(
        answered_at__gte=start,
        answered_at__lt=end,
        respondent=Respondent.PARENT,
        invitation__about__in=(About.REQUEST, About.CASE),
    )


def read_people(start: datetime, end: datetime) -> _People:
    """The members and answers of every family with a request or feedback in [start, end)."""
    return _People(
        Q(family__in=_requests(start, end).values("family_id"))
        | Q(family__in=_parents_feedback(start, end).values("invitation__family_id"))
    )


def people_on_requests(start: datetime, end: datetime, people=None) -> list[Person]:
    """Everyone named on the requests sent in [start, end)."""
    requests = _requests(start, end)
    people = people or _People(Q(family__in=requests.values("family_id")))
    children = defaultdict(list)
    through = SupportRequest.children.through.objects.filter(supportrequest__in=requests)
    pairs = through.values_list(_text("supportrequest_id"), _text("familymember_id"))
    for request_id, member_id in pairs.iterator(chunk_size=CHUNK):
        children[request_id].append(member_id)
    zone = timezone.get_current_timezone()
    found = []
    rows = requests.values_list(_text("id"), _text("family_id"), "status", "submitted_at",
                                "started_at")  # fmt: skip
    for request_id, family_id, status, sent, started in rows.iterator(chunk_size=CHUNK):
        day = _local_day(sent, zone)
        accepted = True if status in ACCEPTED else False if status in NOT_ACCEPTED else None
        wait = (_local_day(started, zone) - day).days if started else None
        named = [people.main[family_id]] if family_id in people.main else []
        named += [m for m in children[request_id] if m not in named]
        for member_id in named:
            found.append(Person(people.categories(member_id, day), accepted, wait))
    return found


def feedback_from_parents(start: datetime, end: datetime, people=None) -> list[Feedback]:
    """The parents' and carers' feedback about requests and cases given in [start, end)."""
    answers = _parents_feedback(start, end)
    at_start = ConfidenceAtStart.objects.filter(respondent=Respondent.PARENT)
    answers = answers.annotate(
        start_request=Subquery(
            at_start.filter(request=OuterRef("invitation__request")).values("confidence")[:1]
        ),
        start_case=Subquery(
            at_start.filter(case=OuterRef("invitation__case")).values("confidence")[:1]
        ),
    )
    people = people or _People(Q(family__in=answers.values("invitation__family_id")))
    found = []
    zone = timezone.get_current_timezone()
    rows = answers.values_list(_text("invitation__family_id"), "answered_at", "helped",
                               "met_needs", "confidence", "start_request",
                               "start_case")  # fmt: skip
    for family_id, answered, helped, met, confidence, from_request, from_case in rows.iterator(
        chunk_size=CHUNK
    ):
        main = people.main.get(family_id)
        if main is None:
            continue
        before = from_request if from_request is not None else from_case
        change = confidence - before if confidence is not None and before is not None else None
        found.append(
            Feedback(people.categories(main, _local_day(answered, zone)), helped, met, change)
        )
    return found


# --- the tables ---------------------------------------------------------------------------

COUNT, PERCENT, DAYS, POINTS, TEXT = "count", "percent", "days", "points", "text"
HIDDEN = None  # a figure kept from view (small, or would reveal a small one)
NOT_APPLICABLE = ""  # no figure: nothing to compare, or nobody to count


@dataclass
class Column:
    key: str
    label: str
    kind: str


@dataclass
class Row:
    key: str
    label: str
    values: list  # one per column: a number, HIDDEN or NOT_APPLICABLE
    total: bool = False


@dataclass
class ReportTable:
    slug: str
    title: str
    columns: list
    rows: list
    gaps: list = field(default_factory=list)  # sentences
    notes: list = field(default_factory=list)  # sentences
    suppressed: object = None  # the familyhub.suppression.Table the counts come from

    @property
    def display_rows(self) -> list[dict]:
        """Each row with its figures as text (hidden ones say so in words)."""
        return [
            {"label": row.label, "total": row.total,
             "cells": [figure_text(v, c.kind) for v, c in zip(row.values, self.columns,
                                                              strict=True)]}
            for row in self.rows
        ]  # fmt: skip

    def row(self, key) -> Row:
        return next(r for r in self.rows if r.key == key)

    def value(self, row_key, column_key):
        index = [c.key for c in self.columns].index(column_key)
        return self.row(row_key).values[index]


def figure_text(value, kind: str) -> str:
    """A figure as shown: hidden figures say so in words, not only by a mark or colour."""
    if value is HIDDEN:
        return str(_("hidden"))
    if value == NOT_APPLICABLE:
        return "–"
    if kind == PERCENT:
        return f"{value * 100:.1f}%"
    if kind == POINTS:
        return f"{value:+.1f}"
    if kind == DAYS:
        return f"{value:g}"
    return str(value)


def _one_way(counts: dict, keys: list):
    """Counts by category, suppressed as a one-row table: (shown by key, total, the table)."""
    table = suppress({("all", k): counts.get(k, 0) for k in keys}, rows=["all"], columns=keys)
    return {k: table.value("all", k) for k in keys}, table.row_totals["all"], table


def _share(part, whole):
    if part is HIDDEN or whole is HIDDEN or not whole:
        return HIDDEN if (part is HIDDEN or whole is HIDDEN) else NOT_APPLICABLE
    return part / whole


def asks_table(c: Characteristic, people: list[Person]) -> ReportTable:
    """Who asks: people named on requests by category, against the population share."""
    counts = Counter(p.categories[c.key] for p in people if p.categories[c.key] is not None)
    keys = [k for k, _label in c.categories]
    shown, total, table = _one_way(counts, keys)
    answered = sum(counts.get(k, 0) for k in keys if k not in NON_ANSWERS)
    # Shares of those who answered are printed only when the number who answered can itself be
    # worked out from the printed figures (the total and every non-answer shown): a share then
    # reveals nothing that is not printed already.
    base_shown = total is not HIDDEN and all(shown[k] is not HIDDEN for k in keys
                                             if k in NON_ANSWERS)  # fmt: skip
    population = reference.population_shares(c.population) if c.population else {}
    columns = [Column("people", _("People named on requests"), COUNT),
               Column("share", _("Share of those who answered"), PERCENT)]  # fmt: skip
    if population:
        columns.append(Column("population", _("Share of Medway's population"), PERCENT))
    rows, gaps = [], []
    for key, label in c.categories:
        share = NOT_APPLICABLE
        if key not in NON_ANSWERS:
            share = _share(shown[key], answered) if base_shown else HIDDEN
        values = [shown[key], share]
        if population:
            values.append(population[key][0] if key in population else NOT_APPLICABLE)
        rows.append(Row(key, str(label), values))
        if c.flag_representation and key in population and isinstance(share, float):
            expected = population[key][0] * answered
            if expected >= MIN_EXPECTED and share < UNDER_REPRESENTED_RATIO * population[key][0]:
                gaps.append(
                    _("%(group)s: %(share).1f%% of the people who answered, against %(pop).1f%% "
                      "of Medway's population — fewer asking than expected.")
                    % {"group": label, "share": share * 100, "pop": population[key][0] * 100}
                )  # fmt: skip
    totals = [total, NOT_APPLICABLE] + ([NOT_APPLICABLE] if population else [])
    rows.append(Row("total", str(_("Total")), totals, total=True))
    notes = []
    if not base_shown:
        notes.append(_("Shares are hidden: the number who answered would reveal a hidden count."))
    if not c.flag_representation:
        notes.append(
            _(
                "Families with children are younger than Medway as a whole: age is set "
                "beside the population but not flagged as a gap."
            )
        )
    if population and any(status != "published" for _s, status in population.values()):
        notes.append(_("Some population figures are approximate and are being checked."))
    return ReportTable(f"{c.key}-asks", _("Who asks"), columns, rows, gaps, notes, table)


def _two_way(
    c,
    counted: Counter,
    columns: list[tuple],
    *,
    rate_of: str,
    rate_label,
    slug: str,
    title,
    worse_sentence,
) -> ReportTable:
    """Counts by category × answer, suppressed, with the share answering `rate_of` computed only
    from shown figures, and a gap where a group's share is well below the overall share."""
    keys = [k for k, _label in c.categories]
    column_keys = [k for k, _label in columns]
    table = suppress(counted, rows=keys, columns=column_keys)
    overall = _share(table.column_totals[rate_of], table.grand_total)
    report_columns = [Column(k, str(label), COUNT) for k, label in columns]
    report_columns += [Column("total", _("Total"), COUNT), Column("rate", rate_label, PERCENT)]
    rows, gaps = [], []
    for key, label in c.categories:
        rate = _share(table.value(key, rate_of), table.row_totals[key])
        cells = [table.value(key, k) for k in column_keys]
        rows.append(Row(key, str(label), [*cells, table.row_totals[key], rate]))
        if (
            key not in NON_ANSWERS
            and isinstance(rate, float)
            and isinstance(overall, float)
            and table.row_totals[key] >= MIN_BASE
            and rate <= overall - RATE_MARGIN
        ):
            gaps.append(worse_sentence % {"group": label, "rate": rate * 100,
                                          "overall": overall * 100})  # fmt: skip
    totals = [table.column_totals[k] for k in column_keys]
    rows.append(Row("total", str(_("Total")), [*totals, table.grand_total, overall], total=True))
    return ReportTable(slug, title, report_columns, rows, gaps, [], suppressed=table)


def accepted_table(c: Characteristic, people: list[Person]) -> ReportTable:
    counted = Counter(
        (p.categories[c.key], "accepted" if p.accepted else "not_accepted")
        for p in people
        if p.categories[c.key] is not None and p.accepted is not None
    )
    return _two_way(
        c, counted, [("accepted", _("Accepted")), ("not_accepted", _("Not accepted"))],
        rate_of="accepted", rate_label=_("Acceptance rate"), slug=f"{c.key}-accepted",
        title=_("Who is accepted (requests decided)"),
        worse_sentence=_("%(group)s: %(rate).0f%% accepted, against %(overall).0f%% overall — "
                         "a lower acceptance rate."),
    )  # fmt: skip


def wait_table(c: Characteristic, people: list[Person]) -> ReportTable:
    waits = defaultdict(list)
    for p in people:
        if p.categories[c.key] is not None and p.wait_days is not None:
            waits[p.categories[c.key]].append(p.wait_days)
    keys = [k for k, _label in c.categories]
    shown, total, table = _one_way({k: len(waits[k]) for k in keys}, keys)
    everyone = [d for k in keys for d in waits[k]]
    overall = median(everyone) if everyone and total is not HIDDEN else NOT_APPLICABLE
    columns = [Column("started", _("Support started"), COUNT),
               Column("median", _("Median days from request to start"), DAYS)]  # fmt: skip
    rows, gaps = [], []
    for key, label in c.categories:
        count = shown[key]
        middle = HIDDEN if count is HIDDEN else (median(waits[key]) if waits[key] else "")
        rows.append(Row(key, str(label), [count, middle]))
        if (
            key not in NON_ANSWERS
            and count is not HIDDEN
            and count >= MIN_BASE
            and overall != NOT_APPLICABLE
            and middle >= overall + WAIT_MARGIN_DAYS
        ):
            gaps.append(
                _("%(group)s: a median wait of %(days)s days, against %(overall)s overall — a "
                  "longer wait.") % {"group": label, "days": figure_text(middle, DAYS),
                                     "overall": figure_text(overall, DAYS)}
            )  # fmt: skip
    rows.append(Row("total", str(_("Total")), [total, overall], total=True))
    return ReportTable(f"{c.key}-wait", _("How long they wait"), columns, rows, gaps, [], table)


SCALE_COLUMNS = [(Scale.YES.value, _("Yes")), (Scale.PARTLY.value, _("Partly")),
                 (Scale.NO.value, _("No"))]  # fmt: skip


def outcome_table(c: Characteristic, feedback: list[Feedback], question: str) -> ReportTable:
    scored = {k for k, _label in SCALE_COLUMNS}
    counted = Counter(
        (f.categories[c.key], getattr(f, question))
        for f in feedback
        if f.categories[c.key] is not None and getattr(f, question) in scored
    )
    title = {"helped": _("Did the support help?"),
             "met_needs": _("Did it meet the family's needs?")}[question]  # fmt: skip
    return _two_way(
        c, counted, SCALE_COLUMNS, rate_of=Scale.YES.value, rate_label=_("Share saying yes"),
        slug=f"{c.key}-{question.replace('_', '-')}", title=title,
        worse_sentence=_("%(group)s: %(rate).0f%% said yes, against %(overall).0f%% overall — a "
                         "worse outcome."),
    )  # fmt: skip


def confidence_table(c: Characteristic, feedback: list[Feedback]) -> ReportTable:
    changes = defaultdict(list)
    for f in feedback:
        if f.categories[c.key] is not None and f.confidence_change is not None:
            changes[f.categories[c.key]].append(f.confidence_change)
    keys = [k for k, _label in c.categories]
    shown, total, table = _one_way({k: len(changes[k]) for k in keys}, keys)
    everyone = [d for k in keys for d in changes[k]]
    overall = sum(everyone) / len(everyone) if everyone and total is not HIDDEN else ""
    columns = [Column("answered", _("Parents who gave confidence at the start and end"), COUNT),
               Column("change", _("Average change in confidence (0 to 10)"), POINTS)]  # fmt: skip
    rows, gaps = [], []
    for key, label in c.categories:
        count = shown[key]
        mean = (
            HIDDEN
            if count is HIDDEN
            else (sum(changes[key]) / len(changes[key]) if changes[key] else NOT_APPLICABLE)
        )
        rows.append(Row(key, str(label), [count, mean]))
        if (
            key not in NON_ANSWERS
            and count is not HIDDEN
            and count >= MIN_BASE
            and overall != ""
            and mean <= overall - CONFIDENCE_MARGIN
        ):
            gaps.append(
                _(
                    "%(group)s: confidence changed by %(mean)+.1f on average, against "
                    "%(overall)+.1f overall — a smaller gain."
                )
                % {"group": label, "mean": mean, "overall": overall}
            )
    rows.append(Row("total", str(_("Total")), [total, overall], total=True))
    return ReportTable(f"{c.key}-confidence", _("Change in parents' confidence"), columns,
                       rows, gaps, [], table)  # fmt: skip


@dataclass
class Section:
    characteristic: Characteristic
    tables: list
    source: dict | None

    @property
    def gaps(self) -> list:
        return [gap for table in self.tables for gap in table.gaps]


@dataclass
class Report:
    start: date
    end: date  # inclusive
    sections: list
    people: int
    feedback: int

    @property
    def has_gaps(self) -> bool:
        return any(section.gaps for section in self.sections)

    def table(self, slug: str) -> ReportTable | None:
        return next((t for s in self.sections for t in s.tables if t.slug == slug), None)


def build(start_day: date, end_day: date) -> Report:
    """The whole report for requests sent (and feedback given) from start_day to end_day."""
    start = timezone.make_aware(datetime.combine(start_day, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(end_day + timedelta(days=1), datetime.min.time()))
    everyone = read_people(start, end)  # read and decrypted once for both
    people = people_on_requests(start, end, everyone)
    feedback = feedback_from_parents(start, end, everyone)
    sections = []
    for c in CHARACTERISTICS:
        tables = [
            asks_table(c, people),
            accepted_table(c, people),
            wait_table(c, people),
            outcome_table(c, feedback, "helped"),
            outcome_table(c, feedback, "met_needs"),
            confidence_table(c, feedback),
        ]
        sections.append(
            Section(c, tables, reference.source(c.population) if c.population else None)
        )
    return Report(start_day, end_day, sections, len(people), len(feedback))
