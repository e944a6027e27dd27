"""The assessment page's forms, one per section (each saved on its own)."""

from django import forms

from familyhub.casework.forms import TEXTAREA, GovForm
from familyhub.casework.framework import Domain, FindingKind, LevelOfNeed, OutcomeArea

SELECT = {"class": "govuk-select"}


class FindingForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(
        label="Strength or need?",
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether this is a strength or a need"},
    )
    domain = forms.ChoiceField(
        label="Domain",
        choices=[("", "Choose a domain"), *Domain.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose the domain"},
    )
    outcome_area = forms.ChoiceField(
        label="Headline outcome (for a need)",
        required=False,
        choices=[("", "Choose a headline outcome"), *OutcomeArea.choices],
        widget=forms.Select(attrs=SELECT),
    )
    person = forms.ChoiceField(label="About", required=False, widget=forms.Select(attrs=SELECT))
    text = forms.CharField(
        label="Describe it",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Describe the strength or need"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["person"].choices = [("", "The whole family")] + [
            (pk, p.name) for pk, p in self.people.items()
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == FindingKind.NEED and not data.get("outcome_area"):
            self.add_error("outcome_area", "Choose the headline outcome this need belongs to")
        data["person"] = self.people.get(data.get("person") or "")
        return data


class TagForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    finding = forms.IntegerField(widget=forms.HiddenInput)
    domain = forms.ChoiceField(
        label="Domain",
        choices=[("", "Choose a domain"), *Domain.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": "Choose the domain"},
    )
    outcome_area = forms.ChoiceField(
        label="Headline outcome (for a need)",
        required=False,
        choices=[("", "Choose a headline outcome"), *OutcomeArea.choices],
        widget=forms.Select(attrs=SELECT),
    )


class WordsForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    family_words = forms.CharField(
        label="The family's own words", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    analysis = forms.CharField(
        label="Your analysis", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    level_of_need = forms.ChoiceField(
        label="Level of need", required=False, choices=LevelOfNeed.choices, widget=forms.RadioSelect
    )
    level_reason = forms.CharField(
        label="Why this level of need", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
