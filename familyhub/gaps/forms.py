"""The map's filters: every value is checked against its list, so bad input is a clear error."""

from django import forms

from familyhub.directory.choices import LevelOfNeed
from familyhub.gaps.mapping import AGE_BANDS, GAP, OVERLAP, PLACES, Filters
from familyhub.referrals.staff_forms import ErrorLinksMixin

MESSAGES = {
    "need": "Choose a need from the list",
    "place": "Choose a town from the list, or Medway-wide",
    "level": "Choose a level of need from the list",
    "band": "Choose an age band from the list",
    "show": "Choose every row, gaps only or possible overlaps only",
}


class MapFilterForm(ErrorLinksMixin, forms.Form):
    need = forms.ChoiceField(label="Need", required=False)
    place = forms.ChoiceField(label="Town", required=False)
    level = forms.ChoiceField(label="Level of need", required=False)
    band = forms.ChoiceField(label="Age band", required=False)
    show = forms.ChoiceField(label="Show", required=False)

    def __init__(self, *args, needs, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        choices = {
            "need": [
                ("", "All needs"),
                *(
                    (need.code, f"– {need.name}" if need.is_narrower else need.name)
                    for need in needs
                ),
            ],
            "place": [("", "All towns and Medway-wide"), *((p, p) for p in PLACES)],
            "level": [("", "All levels"), *LevelOfNeed.choices],
            "band": [("", "All ages"), *((band.key, band.label) for band in AGE_BANDS)],
            "show": [
                ("", "Every row"),
                (GAP, "Gaps only"),
                (OVERLAP, "Possible overlaps only"),
            ],
        }
        for name, field in self.fields.items():
            field.choices = choices[name]
            field.widget.attrs["class"] = "govuk-select"
            field.error_messages["invalid_choice"] = MESSAGES[name]

    def filters(self) -> Filters:
        """The filters that were valid (a bad one is reported and left out)."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        return Filters(**{name: self.cleaned_data.get(name) or "" for name in self.fields})
