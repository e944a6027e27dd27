"""The partnership's outcomes framework as data: each outcome of the strategy (short, medium and
long term) and the measures that evidence it, declared once in `data/measures.json` and loaded
into these rows after every migrate (never overwriting what a data manager has edited); the
figures entered by hand or by CSV for measures that need an outside figure, partners' early help
returns, and the summary table the dashboard reads (`MeasureValue`, refreshed by a scheduled
job: decision 0031)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")


class Kind(models.TextChoices):
    COMPUTED = "computed", _("Worked out from Family Hub's own records")
    EXTERNAL = "external", _("A figure from outside Family Hub, entered each period")


class Unit(models.TextChoices):
    PERCENT = "percent", _("Per cent")
    DAYS = "days", _("Days")
    COUNT = "count", _("Number")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class AreaKind(models.TextChoices):
    MEDWAY = "medway", _("Medway")
    TOWN = "town", _("Town")
    WARD = "ward", _("Ward")


MEDWAY = "Medway"


class Outcome(models.Model):
    """One outcome of the strategy's framework, in the strategy's words."""

    key = models.SlugField(max_length=60, unique=True)
    term = models.CharField(max_length=10, choices=Term.choices)
    words = models.CharField(max_length=300)
    source = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]

    def __str__(self):
        return self.words


class Measure(models.Model):
    """How an outcome is evidenced: worked out from Family Hub's records (`computation`, a name in
    `computations.REGISTRY`) or entered each period (external), with its baseline, target and
    benchmark. The `key` is stable: the delivery plan links its actions to it."""

    key = models.SlugField(max_length=60, unique=True)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="measures")
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="In plain English: what is counted, and how.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    computation = models.CharField(max_length=60, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    baseline_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=40, blank=True)
    baseline_source = models.CharField(max_length=300, blank=True)
    target_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target_period = models.CharField(max_length=40, blank=True)
    benchmark_england = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    benchmark_neighbours = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    benchmark_period = models.CharField(max_length=40, blank=True)
    benchmark_source = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Set when a person edits the row: the file never overwrites it after that.
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["outcome__order", "order", "key"]

    def __str__(self):
        return self.name


class PartnerReturn(models.Model):
    """A partner's regular return on its early help work: figures for a set of measures for a
    period, from one organisation."""

    organisation = models.CharField(max_length=200)
    period = models.CharField(max_length=7)  # "2026-Q1"
    source = models.CharField(max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-period", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period"], name="one_return_a_period")
        ]

    def __str__(self):
        return f"{self.organisation} {self.period}"


class Figure(models.Model):
    """A figure from outside Family Hub for a measure and a period (Medway-wide, or for a town or
    ward), with its source; or one line of a partner's return (`partner_return` set)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="figures")
    period = models.CharField(max_length=7)
    area_kind = models.CharField(max_length=10, choices=AreaKind.choices, default=AreaKind.MEDWAY)
    area = models.CharField(max_length=80, default=MEDWAY)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=300)
    partner_return = models.ForeignKey(
        PartnerReturn, null=True, blank=True, on_delete=models.CASCADE, related_name="figures"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["measure", "period", "area_kind", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period", "area_kind", "area"],
                condition=models.Q(partner_return__isnull=True),
                name="one_figure_a_period_and_area",
            ),
            models.UniqueConstraint(
                fields=["measure", "partner_return"],
                condition=models.Q(partner_return__isnull=False),
                name="one_figure_a_return",
            ),
        ]

    def __str__(self):
        return f"{self.measure.key} {self.period} {self.area}: {self.value}"


class MeasureValue(models.Model):
    """A computed measure's figure for a quarter and an area, as the last refresh worked it out
    (refresh.py): the dashboard reads these, not the millions of rows behind them."""

    computation = models.CharField(max_length=60)
    period = models.CharField(max_length=7)
    area_kind = models.CharField(max_length=10, choices=AreaKind.choices)
    area = models.CharField(max_length=80)
    numerator = models.PositiveIntegerField(null=True)
    denominator = models.PositiveIntegerField()
    value = models.FloatField(null=True)
    # Hidden where it is published (suppression.py): a small count, or one a small count could
    # be worked out from. Worked out with the rest (queries.suppress_cut).
    hidden = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["computation", "period", "area_kind", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["computation", "period", "area_kind", "area"], name="one_value_a_cut"
            )
        ]

    def __str__(self):
        return f"{self.computation} {self.period} {self.area}: {self.value}"
