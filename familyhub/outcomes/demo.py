"""A year of demonstration outcomes (command `load_demo_outcomes`, after the other demo loaders):
synthetic families, requests, early help cases and feedback over the last five quarters
(synthetic.py), outside figures with their sources for school readiness, attendance, social care
re-referrals and neurodevelopmental referrals, partners' returns, baselines and targets; then
the summary table worked out. Every outside figure here is made up for the demonstration and
says so in its source."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from familyhub.outcomes import periods, refresh, synthetic
from familyhub.outcomes.figures import check_figure, save_figure, save_return
from familyhub.outcomes.models import Direction, Figure, Kind, Measure, MeasureValue

QUARTERS = 5
DEMO = "Demonstration figure, not a published statistic"
# Outside figures, oldest quarter first: (measure key, figures, source, England benchmark).
OUTSIDE = [
    ("school-readiness", [64.8, 65.1, 65.9, 66.4, 66.9],
     f"{DEMO}: Department for Education, Early years foundation stage profile results", 67.7),
    ("persistent-absence", [22.4, 21.8, 21.1, 20.6, 20.2],
     f"{DEMO}: Department for Education, Pupil absence in schools in England", 20.0),
    ("social-care-re-referrals", [24.9, 24.1, 23.6, 22.8, 22.1],
     f"{DEMO}: Medway children's social care performance report", 22.4),
    ("neuro-referrals-no-diagnosis", [41.0, 39.5, 38.2, 36.0, 35.1],
     f"{DEMO}: Kent and Medway neurodevelopmental pathway", None),
]  # fmt: skip
PARTNERS = [("Medway Community Healthcare", 120), ("Chatham Family Network", 45),
            ("Hoo Peninsula Schools Partnership", 60)]  # fmt: skip


def loaded() -> bool:
    return Figure.objects.filter(source__startswith=DEMO).exists()


@transaction.atomic
def load_demo_outcomes() -> dict:
    quarters = periods.last(QUARTERS)
    made = synthetic.make(families=1200, requests=1700, cases=320, answers=800,
                          quarters=QUARTERS, searches=420, drafts=160)  # fmt: skip
    for key, values, source, england in OUTSIDE:
        for quarter, value in zip(quarters, values, strict=True):
            save_figure(check_figure(key, quarter.key, str(value), source), by=None)
        Measure.objects.filter(key=key).update(
            benchmark_england=england, benchmark_period="2023/24" if england else "",
            benchmark_source=source.split(": ", 1)[1] + f" ({DEMO.lower()})" if england else "",
        )  # fmt: skip
    for q_index, quarter in enumerate(quarters):
        for organisation, families in PARTNERS:
            source = f"{DEMO}: {organisation}'s quarterly return"
            figures = {"partner-early-help-families": families + 6 * q_index}
            save_return(organisation, quarter.key, source, figures, by=None)
    rows = refresh.refresh(quarters=periods.last(refresh.QUARTERS))
    _baselines_and_targets(quarters[0])
    return {"requests": made.requests, "cases": made.cases, "answers": made.answers,
            "figures": rows}  # fmt: skip


def _baselines_and_targets(first: periods.Quarter):
    """Each measure's baseline: its figure in the first quarter; its target: a tenth better."""
    now = timezone.now()
    for measure in Measure.objects.filter(active=True):
        if measure.kind == Kind.COMPUTED:
            row = MeasureValue.objects.filter(
                computation=measure.computation, period=first.key, area_kind="medway"
            ).first()
            value = row.value if row else None
        else:
            figure = measure.figures.filter(period=first.key, partner_return=None).first()
            value = float(figure.value) if figure else None
            if value is None and measure.figures.filter(period=first.key).exists():
                value = sum(float(f.value) for f in measure.figures.filter(period=first.key))
        if value is None:
            continue
        factor = 1.1 if measure.direction == Direction.HIGHER else 0.9
        target = value * factor
        if measure.unit == "percent":
            target = min(100.0, target)
        measure.baseline_value = Decimal(f"{value:.1f}")
        measure.baseline_period = first.label
        measure.baseline_source = f"{DEMO}: the first quarter shown"
        measure.target_value = Decimal(f"{target:.1f}")
        measure.target_period = "March 2027"
        measure.edited_at = now
        measure.save()
