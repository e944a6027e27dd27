"""The equality questions for each person a request or case is about, and the report's period.

Every question is optional with "Prefer not to say"; the words and choices are the ones
declared once in families/monitoring.py. Only radios: nothing typed in free text (so nothing
for the safety layer to read)."""

from datetime import timedelta

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.families import monitoring

LONGEST_PERIOD_DAYS = 5 * 366


class PersonAnswersForm(forms.Form):
    """One person's answers (a child is asked fewer questions)."""

    def __init__(self, *args, member, heading, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.heading = heading
        items = []
        for name, question, choices, _children in monitoring.questions_for(child=member.is_child):
            self.fields[name] = forms.ChoiceField(
                label=question, choices=choices, required=False, widget=forms.RadioSelect
            )
            items.append(Field.radios(name, legend_size=Size.SMALL))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*items)

    def answers(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class AgreementForm(forms.Form):
    """Staff recording a family's answers say the family chose to give them."""

    agreed = forms.BooleanField(
        label=_("The family chose to answer these questions and agreed that I record their "
                "answers"),
        required=False,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Fieldset(Field.checkbox("agreed"),
                                             legend=_("The family's agreement"),
                                             legend_size=Size.SMALL))  # fmt: skip


def people_forms(data, people) -> list[PersonAnswersForm]:
    return [
        PersonAnswersForm(data, member=member, heading=heading, prefix=f"p{index}")
        for index, (member, heading) in enumerate(people)
    ]


def check(person_forms, agreement=None) -> bool:
    """Whether everything posted is valid; staff must confirm the family's agreement when any
    answer is given (the error is then on the agreement)."""
    valid = all(form.is_valid() for form in person_forms)
    if agreement is not None:
        agreement.is_valid()
        given = valid and any(form.answers() for form in person_forms)
        if given and not agreement.cleaned_data.get("agreed"):
            agreement.add_error(
                "agreed",
                _("Confirm that the family chose to give these answers, or leave every question "
                  "unanswered"),
            )  # fmt: skip
            valid = False
    return valid


def error_links(*all_forms) -> list[tuple[str, str]]:
    """(message, "#id") for every error on the page, in the order the fields appear."""
    links = []
    for form in all_forms:
        for name, errors in form.errors.items():
            widget_id = ""
            if name in form.fields:
                bound = form[name]
                radios = isinstance(bound.field.widget, forms.RadioSelect)
                # GOV.UK radios: the summary links to the first radio (crispy-forms-gds ids).
                widget_id = f"id_{bound.html_name}_1" if radios else bound.auto_id
            for error in errors:
                links.append((error, f"#{widget_id}"))
    return links


class PeriodForm(forms.Form):
    """The report's period: requests sent (and feedback given) from one day to another."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = _("Enter a real date, like 2026-04-01")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or (end - timedelta(days=364))
        if self.errors:
            return data
        if start > end:
            self.add_error("start", _("The start of the period must be on or before its end"))
        elif (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("start", _("Choose a period of 5 years or less"))
        data["start"], data["end"] = start, end
        return data
