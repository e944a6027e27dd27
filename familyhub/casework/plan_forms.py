"""The family plan page's forms (one per section)."""

from django import forms

from familyhub.casework.forms import TEXTAREA, GovForm
from familyhub.casework.models import PlanAction
from familyhub.casework.planning import SCORES

SCORE_CHOICES = [("", "Choose a score")] + [(str(n), str(n)) for n in SCORES]
DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class GoalForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    words = forms.CharField(
        label="The goal, in the family's own words",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Write the goal in the family's words"},
    )
    needs = forms.MultipleChoiceField(
        label="Which needs from the assessment does it meet?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Link the goal to at least one need from the assessment"},
    )
    start_score = forms.TypedChoiceField(
        label="The family's score for this goal now (0 is far from it, 10 is there)",
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Give the family's score from 0 to 10"},
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.need_objects = {str(n.pk): n for n in needs}
        self.fields["needs"].choices = [(pk, n.text) for pk, n in self.need_objects.items()]

    def chosen_needs(self):
        return [self.need_objects[pk] for pk in self.cleaned_data["needs"]]


class ActionForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    goal = forms.IntegerField(widget=forms.HiddenInput)
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
        error_messages={"required": "Say what will be done"},
    )
    who = forms.CharField(
        label="Who will do it",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={"required": "Say who will do it"},
    )
    by_when = forms.DateField(
        label="By when",
        input_formats=DATE_FORMATS,
        help_text="For example, 27 3 2027",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
        error_messages={"required": "Say by when", "invalid": "Enter a real date, like 27 3 2027"},
    )


class ActionStatusForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    action = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="How it is going",
        choices=PlanAction.Progress.choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
