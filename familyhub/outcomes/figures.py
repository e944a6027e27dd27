"""Writing figures from outside Family Hub: one at a time, from a CSV file, or a partner's
return. Every figure is checked (the measure takes entered figures, the quarter, a number in
range, a source, a known town or ward) and a CSV file is saved whole or not at all: any row
with a problem is listed with its line number and nothing is saved."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from familyhub.outcomes import areas
from familyhub.outcomes.models import MEDWAY, AreaKind, Figure, Kind, Measure, PartnerReturn, Unit
from familyhub.outcomes.periods import BadPeriod, Quarter

CSV_COLUMNS = ["measure", "period", "value", "source", "area_type", "area"]
MAX_CSV_BYTES = 1_000_000
MAX_CSV_ROWS = 5_000
MAX_VALUE = Decimal("9999999999")


class FigureProblem(ValueError):
    """What is wrong with a figure, said so a person can put it right."""


@dataclass(frozen=True)
class CheckedFigure:
    measure: Measure
    period: str
    value: Decimal
    source: str
    area_kind: str = AreaKind.MEDWAY
    area: str = MEDWAY


def entered_measures():
    return Measure.objects.filter(active=True, kind=Kind.EXTERNAL)


def check_figure(measure_key, period, value, source, area_kind="", area="") -> CheckedFigure:
    measure = entered_measures().filter(key=(measure_key or "").strip()).first()
    if measure is None:
        raise FigureProblem(
            f"“{(measure_key or '')[:60]}” is not a measure that takes entered figures. "
            "Use a key from the list of measures."
        )
    try:
        quarter = Quarter.parse(period)
    except BadPeriod as error:
        raise FigureProblem(str(error)) from None
    text = str(value or "").strip().replace(",", "").rstrip("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FigureProblem(f"“{text[:20]}” is not a number. Write it like 63.5.") from None
    if not number.is_finite() or number < 0 or number > MAX_VALUE:
        raise FigureProblem("The value must be a number from 0 upwards.")
    if measure.unit == Unit.PERCENT and number > 100:
        raise FigureProblem(f"{measure.name} is a percentage: the value must be 0 to 100.")
    if number != number.quantize(Decimal("0.01")):
        raise FigureProblem("Give the value to 2 decimal places at most.")
    source = (source or "").strip()
    if not source:
        raise FigureProblem("Say where the figure comes from (its source).")
    if len(source) > 300:
        raise FigureProblem("The source must be 300 characters or fewer.")
    area_kind = (area_kind or AreaKind.MEDWAY).strip().lower()
    area = (area or "").strip()
    if area_kind == AreaKind.MEDWAY:
        area = MEDWAY
    elif area_kind == AreaKind.TOWN:
        if area not in areas.towns():
            raise FigureProblem(f"“{area[:60]}” is not a Medway town.")
    elif area_kind == AreaKind.WARD:
        if area not in areas.wards():
            raise FigureProblem(f"“{area[:60]}” is not a Medway ward.")
    else:
        raise FigureProblem("The area type must be medway, town or ward.")
    return CheckedFigure(measure, quarter.key, number, source, area_kind, area)


def save_figure(checked: CheckedFigure, *, by) -> Figure:
    """Add the figure, or replace the one already entered for its measure, quarter and area."""
    figure, _ = Figure.objects.update_or_create(
        measure=checked.measure, period=checked.period, area_kind=checked.area_kind,
        area=checked.area, partner_return=None,
        defaults={"value": checked.value, "source": checked.source, "entered_by": by,
                  "entered_at": timezone.now()},
    )  # fmt: skip
    return figure


@dataclass
class CsvResult:
    saved: int = 0
    errors: list = None  # (line number, message)


def read_csv(upload: bytes) -> tuple[list[CheckedFigure], list[tuple[int, str]]]:
    """Check every row of a CSV file of figures; nothing is saved here."""
    if len(upload) > MAX_CSV_BYTES:
        return [], [(0, "The file is larger than 1 MB. Split it into smaller files.")]
    try:
        text = upload.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, "The file is not a CSV file saved as UTF-8 text.")]
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS[:4] if c not in headers]
    if missing:
        return [], [(1, f"The first line must name the columns; missing: {', '.join(missing)}.")]
    reader.fieldnames = headers
    checked, errors, seen = [], [], {}
    try:
        for line, row in enumerate(reader, start=2):
            if line - 1 > MAX_CSV_ROWS:
                return [], [(line, f"The file has more than {MAX_CSV_ROWS:,} rows.")]
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            try:
                figure = check_figure(
                    row.get("measure"), row.get("period"), row.get("value"), row.get("source"),
                    row.get("area_type"), row.get("area"),
                )  # fmt: skip
            except FigureProblem as error:
                errors.append((line, str(error)))
                continue
            key = (figure.measure.key, figure.period, figure.area_kind, figure.area)
            if key in seen:
                errors.append((line, f"The same figure is already on line {seen[key]}."))
                continue
            seen[key] = line
            checked.append(figure)
    except csv.Error as error:
        return [], [(reader.line_num, f"The file cannot be read as CSV: {error}.")]
    if not checked and not errors:
        errors.append((2, "The file has no figures in it."))
    return checked, errors


def import_csv(upload: bytes, *, by) -> CsvResult:
    checked, errors = read_csv(upload)
    if errors:
        return CsvResult(0, errors)
    with transaction.atomic():
        for figure in checked:
            save_figure(figure, by=by)
    return CsvResult(len(checked), [])


@transaction.atomic
def save_return(organisation: str, period: str, source: str, values: dict, *, by):
    """A partner's return: {measure key: value} for one quarter; replaces its earlier return
    for that quarter. Raises FigureProblem (nothing saved) if any figure is wrong."""
    organisation = (organisation or "").strip()
    if not organisation or len(organisation) > 200:
        raise FigureProblem("Give the organisation's name (200 characters or fewer).")
    given = {key: value for key, value in values.items() if str(value or "").strip()}
    if not given:
        raise FigureProblem("Give at least one figure.")
    checked = [check_figure(key, period, value, source) for key, value in given.items()]
    partner_return, _ = PartnerReturn.objects.update_or_create(
        organisation=organisation, period=checked[0].period,
        defaults={"source": checked[0].source, "submitted_by": by,
                  "submitted_at": timezone.now()},
    )  # fmt: skip
    partner_return.figures.all().delete()
    Figure.objects.bulk_create(
        Figure(measure=f.measure, period=f.period, value=f.value, source=f.source,
               partner_return=partner_return, entered_by=by, entered_at=timezone.now())
        for f in checked
    )  # fmt: skip
    return partner_return
