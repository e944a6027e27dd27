"""Data managers' forms: a figure, a CSV file of figures, a partner's return, a measure's
baseline, target, benchmark and definition. The checks are figures.py's (the same for a form,
a CSV row and a return)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.outcomes import figures
from familyhub.outcomes.models import AreaKind, Measure


def _helper(button) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.add_input(Button.primary("save", button))
    return helper


class FigureForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"))
    period = forms.CharField(
        label=_("Quarter"), help_text=_("For example, 2026-Q1 (January to March 2026)"),
        max_length=10,
    )  # fmt: skip
    value = forms.CharField(label=_("Figure"), max_length=20, help_text=_("For example, 63.5"))
    source = forms.CharField(
        label=_("Source"), max_length=300,
        help_text=_("Where the figure comes from: the publication or team, and its date"),
    )  # fmt: skip
    area_type = forms.ChoiceField(label=_("For"), choices=AreaKind.choices, initial=AreaKind.MEDWAY)
    area = forms.CharField(
        label=_("Town or ward (if not for the whole of Medway)"), max_length=80, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.key, m.name) for m in figures.entered_measures()]
        self.helper = _helper(_("Save the figure"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["checked"] = figures.check_figure(
                data["measure"], data["period"], data["value"], data["source"],
                data["area_type"], data["area"],
            )  # fmt: skip
        except figures.FigureProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of figures"),
        help_text=_("Columns: measure, period, value, source, and optionally area_type and area"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Upload the figures"))


class ReturnForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    period = forms.CharField(label=_("Quarter"), max_length=10, help_text=_("For example, 2026-Q1"))
    source = forms.CharField(label=_("Source"), max_length=300,
                             help_text=_("Who sent the return, and when"))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in figures.entered_measures():
            self.fields[f"m_{measure.key}"] = forms.CharField(
                label=measure.name, required=False, max_length=20
            )
        self.helper = _helper(_("Save the return"))

    def values(self) -> dict:
        return {
            name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("m_")
        }


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "name", "definition", "baseline_value", "baseline_period", "baseline_source",
            "target_value", "target_period", "benchmark_england", "benchmark_neighbours",
            "benchmark_period", "benchmark_source", "active",
        ]  # fmt: skip
        labels = {
            "benchmark_england": _("Benchmark: England"),
            "benchmark_neighbours": _("Benchmark: statistical neighbours"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the measure"))
