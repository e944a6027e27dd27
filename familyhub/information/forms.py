"""The content editors' forms. Words are Markdown kept to paragraphs, lists, bold, links and
small headings (content.render sanitises whatever is typed)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.information.stages import Stage, Topic

MARKDOWN_HINT = _(
    "Short paragraphs. Start a line with - for a list, **two stars** for bold, "
    "[words](https://address) for a link. Any HTML is removed."
)


def _text(**kwargs):
    return forms.CharField(
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 8}), **kwargs
    )


def _line(**kwargs):
    return forms.CharField(widget=forms.TextInput(attrs={"class": "govuk-input"}), **kwargs)


class NewPageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Age or stage"), choices=Stage.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)


class VersionForm(forms.Form):
    title = _line(label=_("Title"), max_length=120)
    summary = _line(
        label=_("Summary"),
        max_length=300,
        help_text=_("One or two sentences, in families' own words."),
    )
    typical = _text(label=_("What is typical"), max_length=5000, help_text=MARKDOWN_HINT)
    when_to_ask = _text(label=_("When to ask for help"), max_length=5000, help_text=MARKDOWN_HINT)
    more = _text(
        label=_("More (optional)"), max_length=8000, required=False, help_text=MARKDOWN_HINT
    )
    search_words = _line(
        label=_("Search words"),
        max_length=100,
        help_text=_("What the link to services searches for, for example 'toddler sleep'."),
    )


class ReviewDateForm(forms.Form):
    """An optional next review date as three boxes (GOV.UK date input); blank is a year on."""

    review_day = forms.CharField(required=False, max_length=10)
    review_month = forms.CharField(required=False, max_length=10)
    review_year = forms.CharField(required=False, max_length=10)

    def clean(self):
        parts = [self.cleaned_data.get(name, "").strip() for name in self.fields]
        if not any(parts):
            self.cleaned_data["review_by"] = None
            return self.cleaned_data
        try:
            day, month, year = (int(part) for part in parts)
            self.cleaned_data["review_by"] = date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                _("Enter the review date as a real date, for example 6 12 2027.")
            ) from None
        return self.cleaned_data
