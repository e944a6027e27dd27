"""The review and team meeting forms."""

from django import forms

from familyhub.casework.forms import TEXTAREA, GovForm
from familyhub.casework.models import Review
from familyhub.casework.plan_forms import DATE_FORMATS, SCORE_CHOICES
from familyhub.casework.reviewing import REVIEW_WEEKS

DATE_INPUT = forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"})
DATE_ERRORS = {"required": "Enter the date", "invalid": "Enter a real date, like 27 3 2027"}


class ReviewForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    held_on = forms.DateField(
        label="Date of the review",
        input_formats=DATE_FORMATS,
        help_text="For example, 27 3 2027",
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
    )
    progress = forms.CharField(
        label="Progress, in a few sentences", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    decision = forms.ChoiceField(
        label="What did the review decide?",
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the review decided"},
    )
    review_every_weeks = forms.TypedChoiceField(
        label="Review every",
        coerce=int,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        choices=[(str(n), f"{n} weeks") for n in REVIEW_WEEKS],
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"score-{goal.pk}"] = forms.TypedChoiceField(
                label=f"The family's score now for “{goal.words}”",
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.Select(attrs={"class": "govuk-select"}),
                error_messages={"required": "Give the family's score from 0 to 10"},
            )
        self.anchors = {name: self.auto_id % name for name in self.fields}

    def scores(self) -> dict:
        return {goal.pk: self.cleaned_data[f"score-{goal.pk}"] for goal in self.goals}


class MeetingForm(GovForm):
    held_on = forms.DateField(
        label="Date of the meeting",
        input_formats=DATE_FORMATS,
        help_text="For example, 27 3 2027",
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
    )
    attendees = forms.CharField(
        label="Who came",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Say who came"},
    )
    decisions = forms.CharField(
        label="What was decided",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Say what was decided"},
    )
    actions_agreed = forms.CharField(
        label="Actions agreed (who, what, by when)",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
