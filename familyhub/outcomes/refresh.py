"""The summary table the dashboard reads (decision 0031): every computed measure worked out for
the last QUARTERS quarters, for Medway, each town and each ward, written to `MeasureValue` in
one transaction (the dashboard sees the old figures or the new, never half). Run by the
scheduled job `refresh_outcomes` (nightly) and by `manage.py refresh_outcomes`."""

from django.db import transaction
from django.utils import timezone

from familyhub.outcomes import periods
from familyhub.outcomes.computations import REGISTRY, fold
from familyhub.outcomes.models import AreaKind, MeasureValue
from familyhub.outcomes.queries import Point, suppress_cut

QUARTERS = 8


def refresh(quarters: list | None = None, names: list | None = None) -> int:
    """Work the figures out again; returns how many rows were written."""
    quarters = quarters or periods.last(QUARTERS)
    names = names or list(REGISTRY)
    now = timezone.now()
    rows = []
    for name in names:
        found = REGISTRY[name]
        for quarter in quarters:
            results = fold(found.tallies(quarter), found)
            hidden = set()
            for kind in AreaKind:
                cut = {
                    area: Point(area, result.value, result.numerator, result.denominator)
                    for (area_kind, area), result in results.items()
                    if area_kind == kind
                }
                hidden |= {(kind, a) for a, p in suppress_cut(cut, found.unit).items() if p.hidden}
            for (area_kind, area), result in results.items():
                rows.append(
                    MeasureValue(
                        computation=name, period=quarter.key, area_kind=area_kind, area=area,
                        numerator=result.numerator, denominator=result.denominator,
                        value=result.value, hidden=(area_kind, area) in hidden,
                        refreshed_at=now,
                    )
                )  # fmt: skip
    with transaction.atomic():
        MeasureValue.objects.filter(
            computation__in=names, period__in=[q.key for q in quarters]
        ).delete()
        MeasureValue.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def last_refreshed():
    row = MeasureValue.objects.order_by("-refreshed_at").first()
    return row.refreshed_at if row else None
