"""What the board's dashboard, its CSV files and the board report show, read from the summary
table (`MeasureValue`) and the entered figures (`Figure`). Every count cut by quarter, town or
ward goes through `suppression.suppress` first: a figure built on a hidden count is hidden too.

Each table is a `DataTable` (caption, headers, rows of display strings): the page, the CSV and
the PDF all print the same object, so they always agree."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.formats import number_format

from familyhub.directory.models import TaxonomyTerm
from familyhub.finder.models import SearchRecord
from familyhub.outcomes import areas, periods
from familyhub.outcomes.computations import DRAFT_ABANDONED_AFTER, REGISTRY
from familyhub.outcomes.models import (
    AreaKind,
    Direction,
    Figure,
    Kind,
    Measure,
    MeasureValue,
    Outcome,
    Term,
    Unit,
)
from familyhub.referrals.models import Draft, SupportRequest
from familyhub.referrals.states import Status
from familyhub.suppression import suppress

HIDDEN = "[c]"  # the GSS symbol: confidential (a small number, or one that would reveal one)
NONE = "[x]"  # no figure
LEGEND = (
    f"{HIDDEN}: hidden because fewer than 5 families are counted, or because a small number "
    f"could be worked out from it. {NONE}: no figure for this period."
)
QUARTERS_SHOWN = 8


def measure_choices() -> list[tuple[str, str]]:
    """(key, name) of every active measure: the delivery plan links its actions to a key."""
    return list(Measure.objects.filter(active=True).values_list("key", "name"))


@dataclass
class Point:
    """One figure of a measure: its value (None: none, or hidden) and the counts behind it."""

    label: str
    value: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    hidden: bool = False
    source: str = ""


@dataclass
class DataTable:
    slug: str
    caption: str
    headers: list
    rows: list = field(default_factory=list)  # lists of strings; the first is the row's header


def show(value, unit: str) -> str:
    if value is None:
        return NONE
    if unit == Unit.PERCENT:
        return f"{number_format(round(float(value), 1), 1)}%"
    if unit == Unit.DAYS:
        return number_format(round(float(value), 1), 1 if float(value) % 1 else 0)
    return number_format(round(float(value)), 0, force_grouping=True)


def _count(n) -> str:
    return HIDDEN if n is None else number_format(n, 0, force_grouping=True)


# Suppression of a measure's cut -------------------------------------------------------------


def suppress_cut(points: dict, unit: str) -> dict:
    """Mark what a small count would reveal in one published cut: the Medway figure of one
    quarter alone, or one quarter's towns (or wards), whose counts add up to Medway's. A row
    with anything hidden is hidden whole (its figure and both counts)."""
    keys = list(points)
    if unit == Unit.PERCENT:
        counts = {}
        for key, point in points.items():
            counts[(key, "yes")] = point.numerator or 0
            counts[(key, "no")] = (point.denominator or 0) - (point.numerator or 0)
        table = suppress(counts, rows=keys, columns=["yes", "no"])
        hidden = {
            key for key in keys
            if None in (table.value(key, "yes"), table.value(key, "no"), table.row_totals[key])
        }  # fmt: skip
    else:  # a count (itself the figure) or a median (of `denominator` requests)
        counts = {("n", key): point.denominator or 0 for key, point in points.items()}
        table = suppress(counts, rows=["n"], columns=keys)
        hidden = {key for key in keys if table.value("n", key) is None}
    for key in hidden:
        point = points[key]
        point.hidden = True
        point.numerator = point.denominator = point.value = None
    return points


def value_index(period_keys: list) -> dict:
    """Every summary row of the quarters, by (computation, area kind): one query for a page."""
    index = defaultdict(list)
    rows = MeasureValue.objects.filter(period__in=period_keys).order_by()
    fields = ("computation", "area_kind", "period", "area", "numerator", "denominator", "value",
              "hidden")  # fmt: skip
    for row in rows.values_list(*fields, named=True):
        index[(row.computation, row.area_kind)].append(row)
    return index


def computed_cut(measure, period_keys, area_kind, areas_=None, index=None):
    """{row: Point} for a computed measure: by quarter (Medway) or, for one quarter, by area,
    as the last refresh worked them out and hid them (refresh.py)."""
    if index is None:
        index = value_index(period_keys)
    rows = index.get((measure.computation, area_kind), [])
    rows = [r for r in rows if r.period in period_keys]
    found = {(r.period if area_kind == AreaKind.MEDWAY else r.area): r for r in rows}
    keys = period_keys if area_kind == AreaKind.MEDWAY else areas_
    points = {}
    for key in keys:
        row = found.get(key)
        if row is None:
            points[key] = Point(key, None, 0, 0)
        elif row.hidden:
            points[key] = Point(key, None, None, None, hidden=True)
        else:
            points[key] = Point(key, row.value, row.numerator, row.denominator)
    return points


def external_cut(measure: Measure, period_keys: list, area_kind: str, areas_: list | None = None):
    """{row: Point} for an entered measure: the partnership's figure, or for a count with none,
    the sum of partners' returns. Entered figures are already published rates: not suppressed."""
    figures = Figure.objects.filter(measure=measure, area_kind=area_kind, period__in=period_keys)
    own = {}
    for figure in figures.filter(partner_return__isnull=True):
        key = figure.period if area_kind == AreaKind.MEDWAY else figure.area
        own[key] = figure
    summed = {}
    if measure.unit == Unit.COUNT and area_kind == AreaKind.MEDWAY:
        returns = figures.filter(partner_return__isnull=False).values("period")
        summed = {r["period"]: r["total"] for r in returns.annotate(total=Sum("value"))}
    keys = period_keys if area_kind == AreaKind.MEDWAY else areas_
    points = {}
    for key in keys:
        if key in own:
            figure = own[key]
            points[key] = Point(key, float(figure.value), source=figure.source)
        elif key in summed:
            points[key] = Point(key, float(summed[key]), source="Partners' returns (sum)")
        else:
            points[key] = Point(key)
    return points


def cut(measure, period_keys, area_kind=AreaKind.MEDWAY, areas_=None, index=None) -> dict:
    if measure.kind == Kind.COMPUTED:
        return computed_cut(measure, period_keys, area_kind, areas_, index)
    return external_cut(measure, period_keys, area_kind, areas_)


# The dashboard ------------------------------------------------------------------------------


@dataclass
class MeasureView:
    measure: Measure
    trend: list  # Points, oldest first
    latest: Point | None
    tables: list  # DataTables: the trend, by town, by ward
    status: str = ""

    @property
    def key(self):
        return self.measure.key


def _status(measure: Measure, latest: Point | None) -> str:
    if latest is None or latest.value is None or measure.target_value is None:
        return ""
    better = (latest.value >= float(measure.target_value)) == (
        measure.direction == Direction.HIGHER
    )
    if latest.value == float(measure.target_value):
        better = True
    return "Target met" if better else "Not yet at target"


def _trend_table(measure, quarters, points) -> DataTable:
    computed = measure.kind == Kind.COMPUTED
    headers = ["Quarter", measure.get_unit_display() if measure.unit != Unit.PERCENT else "%"]
    if computed and measure.unit == Unit.PERCENT:
        headers += ["Counted (yes)", "Out of"]
    elif computed and measure.unit == Unit.DAYS:
        headers += ["Requests"]
    elif not computed:
        headers += ["Source"]
    table = DataTable(f"{measure.key}-trend", f"{measure.name}: by quarter, Medway", headers)
    for quarter in quarters:
        point = points[quarter.key]
        row = [quarter.label, HIDDEN if point.hidden else show(point.value, measure.unit)]
        if computed and measure.unit == Unit.PERCENT:
            row += [_count(point.numerator), _count(point.denominator)]
        elif computed and measure.unit == Unit.DAYS:
            row += [_count(point.denominator)]
        elif not computed:
            row += [point.source or NONE]
        table.rows.append(row)
    return table


def _area_table(measure, quarter, kind, names, index=None) -> DataTable | None:
    found = REGISTRY.get(measure.computation) if measure.kind == Kind.COMPUTED else None
    if found and (kind == AreaKind.TOWN and not found.by_town):
        return None
    if found and (kind == AreaKind.WARD and not found.by_ward):
        return None
    points = cut(measure, [quarter.key], kind, names, index)
    if not found and all(p.value is None for p in points.values()):
        return None  # no figures entered by area
    word = "town" if kind == AreaKind.TOWN else "ward"
    headers = [
        word.capitalize(),
        "%" if measure.unit == Unit.PERCENT else measure.get_unit_display(),
    ]
    if found and measure.unit == Unit.PERCENT:
        headers += ["Counted (yes)", "Out of"]
    elif found and measure.unit == Unit.DAYS:
        headers += ["Requests"]
    table = DataTable(
        f"{measure.key}-{word}s", f"{measure.name}: by {word}, {quarter.label}", headers
    )
    for name in names:
        point = points[name]
        row = [name, HIDDEN if point.hidden else show(point.value, measure.unit)]
        if found and measure.unit == Unit.PERCENT:
            row += [_count(point.numerator), _count(point.denominator)]
        elif found and measure.unit == Unit.DAYS:
            row += [_count(point.denominator)]
        table.rows.append(row)
    return table


def measure_view(measure: Measure, quarters: list, index=None) -> MeasureView:
    keys = [q.key for q in quarters]
    if index is None and measure.kind == Kind.COMPUTED:
        index = value_index(keys)
    points = cut(measure, keys, index=index)
    trend = [points[k] for k in keys]
    for quarter, point in zip(quarters, trend, strict=True):
        point.label = quarter.label
    latest = next((p for p in reversed(trend) if p.value is not None), None)
    latest_quarter = quarters[-1] if measure.kind == Kind.COMPUTED else None
    if latest_quarter is None:  # an entered measure: the latest quarter with a figure
        with_figure = [q for q, p in zip(quarters, trend, strict=True) if p.value is not None]
        latest_quarter = with_figure[-1] if with_figure else quarters[-1]
    tables = [_trend_table(measure, quarters, points)]
    for kind, names in ((AreaKind.TOWN, areas.towns()), (AreaKind.WARD, areas.wards())):
        table = _area_table(measure, latest_quarter, kind, names, index)
        if table:
            tables.append(table)
    return MeasureView(measure, trend, latest, tables, _status(measure, latest))


def data_version() -> str:
    """What the dashboard's figures depend on, in one query: changes when the summary is
    refreshed, a figure or return is entered or a measure edited (or the quarter turns)."""
    version = MeasureValue.objects.aggregate(refreshed=Max("refreshed_at"), rows=Count("id"))
    version |= Figure.objects.aggregate(entered=Max("entered_at"), figures=Count("id"))
    version |= Measure.objects.aggregate(edited=Max("edited_at"), measures=Count("id"))
    text = "|".join(str(version[k]) for k in sorted(version)) + f"|{periods.current().key}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def shown_quarters() -> list:
    """The quarters the last refresh worked out (oldest first), or the last QUARTERS_SHOWN."""
    keys = MeasureValue.objects.values_list("period", flat=True).distinct().order_by("period")
    found = [periods.Quarter.parse(key) for key in keys]
    return found[-QUARTERS_SHOWN:] if found else periods.last(QUARTERS_SHOWN)


@dataclass
class OutcomeView:
    outcome: Outcome
    measures: list


def dashboard(quarters: list | None = None) -> dict:
    """Every active measure grouped by outcome and term, with the summary table."""
    quarters = quarters or shown_quarters()
    measures = Measure.objects.filter(active=True).select_related("outcome")
    by_outcome = defaultdict(list)
    views = []
    index = value_index([q.key for q in quarters])
    for measure in measures:
        view = measure_view(measure, quarters, index)
        by_outcome[measure.outcome_id].append(view)
        views.append(view)
    terms = []
    outcomes_all = list(Outcome.objects.all())
    for term in Term:
        outcomes = [
            OutcomeView(outcome, by_outcome[outcome.pk])
            for outcome in outcomes_all
            if outcome.term == term and by_outcome[outcome.pk]
        ]
        terms.append({"term": term, "outcomes": outcomes})
    return {
        "quarters": quarters,
        "terms": terms,
        "views": views,
        "summary": summary_table(views),
        "unmet": unmet_table(quarters[-1]),
        "legend": LEGEND,
    }


def _decimal(value, unit) -> str:
    return "" if value is None else show(Decimal(value), unit)


def summary_table(views: list) -> DataTable:
    table = DataTable(
        "summary",
        "Every measure: baseline, latest figure, target and benchmark",
        ["Measure", "Term", "Baseline", "Latest", "Target", "England", "Status"],
    )
    for view in views:
        m = view.measure
        baseline = _decimal(m.baseline_value, m.unit)
        if baseline and m.baseline_period:
            baseline += f" ({m.baseline_period})"
        target = _decimal(m.target_value, m.unit)
        if target and m.target_period:
            target += f" (by {m.target_period})"
        latest = f"{show(view.latest.value, m.unit)} ({view.latest.label})" if view.latest else NONE
        table.rows.append(
            [m.name, m.outcome.get_term_display(), baseline or NONE, latest, target or NONE,
             _decimal(m.benchmark_england, m.unit) or NONE, view.status or NONE]
        )  # fmt: skip
    return table


def table_named(slug: str, quarters: list | None = None) -> DataTable | None:
    """One of the dashboard's tables by its slug (for its CSV)."""
    quarters = quarters or shown_quarters()
    if slug == "summary":
        return dashboard(quarters)["summary"]
    if slug == "unmet-by-need":
        return unmet_table(quarters[-1])
    for measure in Measure.objects.filter(active=True).select_related("outcome"):
        if slug.startswith(f"{measure.key}-"):
            for table in measure_view(measure, quarters).tables:
                if table.slug == slug:
                    return table
    return None


# Unmet demand by need ------------------------------------------------------------------------

UNMET_COLUMNS = ["searches", "declined", "given_up"]


def unmet_counts(quarter: periods.Quarter) -> dict:
    """{need name: {column: n}} for one quarter: the finder's searches that found nothing (by the
    needs chosen in them), requests first decided and declined, and requests started and never
    sent (computations' rules), each by its need ("Need not given" when there is none)."""
    no_need = "Need not given"
    counts = defaultdict(lambda: dict.fromkeys(UNMET_COLUMNS, 0))
    declined = SupportRequest.objects.filter(
        decided_at__gte=quarter.start, decided_at__lt=quarter.end, status=Status.DECLINED
    )
    for row in declined.values("need__name").annotate(n=Count("id")).order_by():
        counts[row["need__name"] or no_need]["declined"] += row["n"]
    drafts = Draft.objects.filter(
        created_at__gte=quarter.start, created_at__lt=quarter.end,
        submitted_request__isnull=True,
        updated_at__lt=timezone.now() - DRAFT_ABANDONED_AFTER,
    )  # fmt: skip
    for row in drafts.values("need__name").annotate(n=Count("id")).order_by():
        counts[row["need__name"] or no_need]["given_up"] += row["n"]
    searches = SearchRecord.objects.filter(
        searched_on__gte=quarter.first_day, searched_on__lt=quarter.next.first_day,
        result_count=0,
    ).values_list("filters", flat=True)  # fmt: skip
    names = dict(TaxonomyTerm.objects.values_list("code", "name"))
    for filters in searches:
        codes = (filters or {}).get("needs") or []
        for name in {names.get(code, no_need) for code in codes} or {no_need}:
            counts[name]["searches"] += 1
    return dict(counts)


def unmet_table(quarter: periods.Quarter) -> DataTable:
    counts = unmet_counts(quarter)
    needs = sorted(counts, key=lambda name: (name == "Need not given", name))
    table = suppress(
        {(need, column): counts[need][column] for need in needs for column in UNMET_COLUMNS},
        rows=needs, columns=UNMET_COLUMNS,
    )  # fmt: skip
    result = DataTable(
        "unmet-by-need",
        f"Unmet demand by need, {quarter.label}",
        ["Need", "Searches that found nothing", "Requests not accepted",
         "Requests started and never sent", "All"],
    )  # fmt: skip
    for need in needs:
        result.rows.append(
            [need, *(_count(table.value(need, c)) for c in UNMET_COLUMNS),
             _count(table.row_totals[need])]
        )  # fmt: skip
    if needs:
        result.rows.append(
            ["All needs", *(_count(table.column_totals[c]) for c in UNMET_COLUMNS),
             _count(table.grand_total)]
        )  # fmt: skip
    return result
