"""The feedback form: every question optional, in the parent's or the child's wording."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.feedback.models import QUESTIONS, Respondent
from familyhub.feedback.questions import (
    PREFER_NOT,
    WORDING,
    confidence_choices,
    scale_choices,
)

MOST_COMMENT = 2000


def _counted_textarea() -> forms.Textarea:
    # As referrals.request_forms: a counted field with no help text needs the attribute.
    return forms.Textarea(attrs={"aria-describedby": ""})


class FeedbackForm(forms.Form):
    helped = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    met_needs = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    respected = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    would_recommend = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    confidence = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False,
        max_length=MOST_COMMENT,
        widget=_counted_textarea(),
        error_messages={
            "max_length": _("Your comment must be %(limit_value)s characters or fewer")
        },
    )

    def __init__(self, *args, respondent: str = Respondent.PARENT, **kwargs):
        super().__init__(*args, **kwargs)
        wording = WORDING[respondent]
        for name in QUESTIONS:
            field = self.fields[name]
            field.label = wording[name]
            field.choices = scale_choices(name, respondent)
            field.error_messages["invalid_choice"] = _("Choose one of the answers, or none")
        self.fields["confidence"].label = wording["confidence"]
        self.fields["confidence"].help_text = wording["confidence_hint"]
        self.fields["confidence"].choices = confidence_choices()
        self.fields["confidence"].error_messages["invalid_choice"] = _(
            "Choose a number from 0 to 10, or none"
        )
        self.fields["comment"].label = wording["comment"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(Field.radios(name, legend_size=Size.SMALL) for name in QUESTIONS),
            Field.radios("confidence", legend_size=Size.SMALL, inline=True),
            Field.textarea("comment", rows=4, max_characters=MOST_COMMENT),
            Submit("send", _("Send your answers")),
        )

    def answers(self) -> dict:
        """The cleaned answers as the model stores them (blank: not answered)."""
        data = self.cleaned_data
        confidence = data.get("confidence") or ""
        return {
            **{name: data.get(name) or "" for name in QUESTIONS},
            "confidence": None if confidence in ("", PREFER_NOT) else int(confidence),
            "comment": (data.get("comment") or "").strip(),
        }
