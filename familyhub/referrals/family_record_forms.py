"""The family's own record, changed a section at a time ("Your family").

The questions are the request pages' own (request_forms.py), so a family is asked the same
thing, in the same words, wherever they answer it."""

from datetime import date

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.families import monitoring
from familyhub.families.forms import (
    ACCESSIBILITY_NEEDS,
    HOME_LANGUAGES,
    INTERPRETER_LANGUAGE,
    INTERPRETER_NEEDED,
    OLDEST_CHILD,
    PARENT_RELATIONSHIPS,
    DateOfBirthField,
    _helper,
)
from familyhub.families.models import Relationship

SAVE = _("Save")
CHILD_CHOICES = [(Relationship.CHILD.value, _("Child")),
                 (Relationship.YOUNG_CARER.value, _("Young carer"))]  # fmt: skip
ADULT_CHOICES = [*PARENT_RELATIONSHIPS,
                 (Relationship.OTHER_ADULT.value, Relationship.OTHER_ADULT.label)]  # fmt: skip
OLDEST_PERSON = 120


class PersonForm(forms.Form):
    """One person on the record: a child (date of birth needed) or an adult (optional)."""

    first_name = forms.CharField(
        label=_("First name"), max_length=100,
        error_messages={"required": _("Enter their first name")},
    )  # fmt: skip
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    relationship = forms.ChoiceField(
        label=_("Who are they in the family?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who they are in the family")},
    )
    date_of_birth = DateOfBirthField(
        label=_("Date of birth"), help_text=_("For example, 27 3 2021"),
        require_all_fields=False,
    )  # fmt: skip

    def __init__(self, *args, child: bool, button=SAVE, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["relationship"].choices = CHILD_CHOICES if child else ADULT_CHOICES
        born = self.fields["date_of_birth"]
        born.required = child
        if child:
            message = _("Enter the child's date of birth")
        else:
            born.label = _("Date of birth (optional)")
            born.help_text = _("For example, 27 3 1990")
            message = _("Enter the day, month and year, or leave them all empty")
        born.error_messages.update({"required": message, "incomplete": message})
        self.helper = _helper(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.radios("relationship", legend_size=Size.SMALL),
            Field("date_of_birth"),
            button=button,
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return None
        today = date.today()
        if born > today:
            raise forms.ValidationError(_("The date of birth must be in the past"))
        if self.child and (today.year - born.year) > OLDEST_CHILD + 1:
            raise forms.ValidationError(
                _("A child must be 25 or younger. Check the year of birth.")
            )
        if today.year - born.year > OLDEST_PERSON:
            raise forms.ValidationError(_("Check the year of birth"))
        return born


class LanguagesForm(forms.Form):
    home_languages = HOME_LANGUAGES
    interpreter_needed = INTERPRETER_NEEDED
    interpreter_language = INTERPRETER_LANGUAGE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("home_languages", field_width=20),
            Field.radios("interpreter_needed", legend_size=Size.SMALL, inline=True),
            Field.text("interpreter_language", field_width=20),
            button=SAVE,
        )

    def clean(self):
        data = super().clean()
        if data.get("interpreter_needed") == "yes" and not data.get("interpreter_language"):
            # The interpreter's language is usually a home language: ask rather than guess.
            self.add_error(
                "interpreter_language", _("Enter the language the interpreter should speak")
            )
        return data


class AccessibilityForm(forms.Form):
    accessibility_needs = ACCESSIBILITY_NEEDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("accessibility_needs", rows=4), button=SAVE)


# The questions are declared once (families/monitoring.py), asked the same way everywhere.
EQUALITY_QUESTIONS = monitoring.QUESTIONS


class EqualityForm(forms.Form):
    """Every question optional, every one with "Prefer not to say". Children are asked only
    about ethnicity, disability, sex and religion."""

    def __init__(self, *args, child: bool, **kwargs):
        super().__init__(*args, **kwargs)
        items = []
        for name, question, choices, for_children in EQUALITY_QUESTIONS:
            if child and not for_children:
                continue
            self.fields[name] = forms.ChoiceField(
                label=question, choices=choices, required=False, widget=forms.RadioSelect
            )
            items.append(Field.radios(name, legend_size=Size.SMALL))
        self.helper = _helper(*items, button=SAVE)
