"""Every computed measure, worked out again from the raw rows in plain Python (tests/outcomes/
helpers.py), agrees exactly with the app's SQL counts: for Medway, every town and every ward,
in every quarter; and the dashboard shows the same figures wherever it shows one."""

import pytest

from familyhub.outcomes import periods, queries, refresh, synthetic
from familyhub.outcomes.computations import REGISTRY, fold
from familyhub.outcomes.models import AreaKind, Kind, Measure, MeasureValue
from tests.outcomes.helpers import EXPECTED, expected

pytestmark = pytest.mark.django_db

QUARTERS = 4


@pytest.fixture
def records():
    return synthetic.make(families=160, requests=300, cases=80, answers=150, quarters=QUARTERS,
                          searches=80, drafts=24, seed=7)  # fmt: skip


def test_every_registered_computation_has_an_independent_check():
    assert set(EXPECTED) == set(REGISTRY)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_each_measure_agrees_with_the_rows_counted_in_python(records, name):
    found = REGISTRY[name]
    checked = 0
    for quarter in periods.last(QUARTERS):
        folded = fold(found.tallies(quarter), found)
        app = {cut: (r.numerator, r.denominator, r.value) for cut, r in folded.items()}
        mine = expected(name, quarter)
        assert app == mine, (name, quarter.key)
        checked += sum(n for _num, n, _v in mine.values())
    assert checked > 0, f"{name}: the data gave the test nothing to check"


def test_the_dashboard_shows_the_figures_worked_out_from_the_rows(records):
    refresh.refresh(quarters=periods.last(QUARTERS))
    quarters = periods.last(QUARTERS)
    shown = 0
    for measure in Measure.objects.filter(kind=Kind.COMPUTED, active=True):
        keys = [q.key for q in quarters]
        trend = queries.cut(measure, keys)
        for quarter in quarters:
            everything = expected(measure.computation, quarter)
            mine = everything[("medway", "Medway")]
            point = trend[quarter.key]
            if not point.hidden:
                assert (point.value, point.denominator) == (mine[2], mine[1]), measure.key
                shown += 1
            names = [area for kind, area in everything if kind == "town"]
            towns = queries.cut(measure, [quarter.key], AreaKind.TOWN, names)
            for (kind, area), (_num, den, value) in everything.items():
                if kind == "town" and not towns[area].hidden:
                    assert (towns[area].value, towns[area].denominator) == (value, den)
    assert shown > 20
    assert MeasureValue.objects.filter(hidden=True).exists()
