"""The questions of a request for support, one form a page, in the families' words."""

from datetime import date, timedelta

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.families.forms import (
    ACCESSIBILITY_NEEDS,
    HOME_LANGUAGES,
    INTERPRETER_LANGUAGE,
    INTERPRETER_NEEDED,
    OLDEST_CHILD,
    PARENT_RELATIONSHIPS,
    YES_NO,
    DateOfBirthField,
    _helper,
)
from familyhub.postcodes.formats import InvalidPostcode, is_full_postcode, normalise
from familyhub.referrals import drafts, privacy

MAX_CHILDREN = 8
MISSING_DATE = _("Enter the child's date of birth, or the due date if the baby is not born yet")


class SafetyForm(forms.Form):
    in_danger = forms.ChoiceField(
        label=_("Is a child in danger or at risk of being harmed right now?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("in_danger", legend_size=Size.LARGE, legend_tag="h1",
                                           inline=True))  # fmt: skip


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        error_messages={"required": _("Tick the box to say you agree, so we can send it")}
    )
    given_by_name = forms.CharField(
        max_length=200, error_messages={"required": _("Enter the full name")}
    )
    # The privacy notice this page linked to: consent records the version shown.
    privacy_notice_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, by_practitioner=False, on_behalf="", **kwargs):
        super().__init__(*args, **kwargs)
        current = privacy.PRIVACY_NOTICE_VERSION
        if not self.is_bound:  # a new look at the page shows the notice as it is now
            self.initial["privacy_notice_version"] = current
        self.notice_version = self["privacy_notice_version"].value() or current
        if self.notice_version not in privacy.VERSIONS:
            self.notice_version = current
        if on_behalf:
            self.fields["agree"].label = _(
                "I have read the privacy notice to them, and they agreed aloud to share this "
                "information to get support"
            )
            self.fields["given_by_name"].label = _("Name of the parent or carer who agreed")
        elif by_practitioner:
            self.fields["agree"].label = _(
                "I have explained to the family what will be shared and why, and they have "
                "given their explicit consent"
            )
            self.fields["given_by_name"].label = _("Name of the parent or carer who gave consent")
        else:
            self.fields["agree"].label = _("I agree to share this information to get support")
            self.fields["given_by_name"].label = _("Your full name")
        self.helper = _helper(
            Field.checkbox("agree"),
            Field.text("given_by_name", field_width=20),
            Field("privacy_notice_version"),
        )

    def clean_privacy_notice_version(self):
        """The version the page showed (an older one if the notice changed while it was open);
        anything else is the current one, which the page now links to."""
        return self.notice_version


class FamilyForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=100,
        error_messages={"required": _("Enter the parent or carer's first name")},
    )  # fmt: skip
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    relationship = forms.ChoiceField(
        label=_("Their relationship to the children"),
        choices=PARENT_RELATIONSHIPS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the relationship to the children")},
    )
    postcode = forms.CharField(
        label=_("Postcode"), max_length=20,
        error_messages={"required": _("Enter the family's postcode, like ME4 4TR")},
    )  # fmt: skip
    home_languages = HOME_LANGUAGES
    interpreter_needed = INTERPRETER_NEEDED
    interpreter_language = INTERPRETER_LANGUAGE
    accessibility_needs = ACCESSIBILITY_NEEDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.radios("relationship", legend_size=Size.SMALL),
            Field.text("postcode", field_width=10),
            Field.text("home_languages", field_width=20),
            Field.radios("interpreter_needed", legend_size=Size.SMALL, inline=True),
            Field.text("interpreter_language", field_width=20),
            Field.textarea("accessibility_needs", rows=3),
        )

    def clean_postcode(self):
        try:
            value = normalise(self.cleaned_data["postcode"])
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from None
        if not is_full_postcode(value):
            raise forms.ValidationError(_("Enter the full postcode, like ME4 4TR"))
        return value


class DueDateField(DateOfBirthField):
    not_a_date = _("The due date must be a real date")


# A baby not born yet: due no more than about 10 months ahead, and (babies are often late)
# no more than 2 weeks ago.
DUE_WITHIN_DAYS = 305
OVERDUE_DAYS = 14


class ChildrenForm(forms.Form):
    """Up to MAX_CHILDREN rows; "Add another child" adds one without JavaScript. A child is
    named with a date of birth; a baby not born yet by its due date (a name is optional)."""

    def __init__(self, *args, rows=1, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, MAX_CHILDREN))
        self.service = service
        fieldsets = []
        for n in range(1, self.rows + 1):
            self.fields[f"child_{n}_first_name"] = forms.CharField(
                label=_("First name"), max_length=100, required=False,
                help_text=_("If the baby is not born yet and has no name, leave this empty."),
            )  # fmt: skip
            self.fields[f"child_{n}_last_name"] = forms.CharField(
                label=_("Last name"), max_length=100, required=False
            )
            self.fields[f"child_{n}_date_of_birth"] = DateOfBirthField(
                label=_("Date of birth"), required=False,
                help_text=_("For example, 27 3 2021"), require_all_fields=False,
            )  # fmt: skip
            self.fields[f"child_{n}_due_date"] = DueDateField(
                label=_("Or, if the baby is not born yet, the due date"), required=False,
                help_text=_("For example, %(example)s")
                % {"example": (date.today() + timedelta(days=120)).strftime("%-d %-m %Y")},
                require_all_fields=False,
            )  # fmt: skip
            for name in ("date_of_birth", "due_date"):
                self.fields[f"child_{n}_{name}"].error_messages.update(
                    {"required": MISSING_DATE, "incomplete": MISSING_DATE}
                )
            fieldsets.append(
                Fieldset(
                    Field.text(f"child_{n}_first_name", field_width=20),
                    Field.text(f"child_{n}_last_name", field_width=20),
                    Field(f"child_{n}_date_of_birth"),
                    Field(f"child_{n}_due_date"),
                    legend=_("Child %(number)s") % {"number": n},
                    legend_size=Size.MEDIUM,
                )
            )
        extra = (
            [Button.secondary("add_child", _("Add another child"))]
            if self.rows < MAX_CHILDREN
            else []
        )
        self.helper = _helper(*fieldsets, secondary=extra)

    def clean(self):
        data = super().clean()
        children = [
            child for n in range(1, self.rows + 1) if (child := self._child(n, data)) is not None
        ]
        data["children"] = children
        if children and self.service is not None and all(c["due_date"] for c in children):
            problem = drafts.expected_baby_problem(self.service)
            if problem:
                self.add_error("child_1_due_date", problem)
        return data

    def _child(self, n: int, data: dict) -> dict | None:
        """Row n's child for the answers, or None (empty, or an error was added)."""
        today = date.today()
        first_field, born_field, due_field = (
            f"child_{n}_first_name", f"child_{n}_date_of_birth", f"child_{n}_due_date"
        )  # fmt: skip
        first = data.get(first_field, "")
        born, due = data.get(born_field), data.get(due_field)
        if born_field in self.errors or due_field in self.errors:
            return None
        if not first and not born and not due:
            if n == 1:
                self.add_error(first_field, _("Enter the child's first name"))
                self.add_error(born_field, MISSING_DATE)
            return None
        if born and due:
            self.add_error(due_field, _("Enter a date of birth or a due date, not both"))
            return None
        if not born and not due:
            self.add_error(born_field, MISSING_DATE)
            return None
        if born:
            if not first:
                self.add_error(first_field, _("Enter the child's first name"))
                return None
            if born > today:
                self.add_error(born_field, _("The date of birth must be in the past. For a "
                                             "baby not born yet, enter the due date."))  # fmt: skip
                return None
            if (today.year - born.year) > OLDEST_CHILD + 1:
                self.add_error(
                    born_field, _("The child must be 25 or younger. Check the year of birth.")
                )
                return None
        if due:
            if due < today - timedelta(days=OVERDUE_DAYS):
                self.add_error(due_field, _("The due date must be in the future (or at most 2 "
                                            "weeks ago). If the baby has been born, enter their "
                                            "date of birth instead."))  # fmt: skip
                return None
            if due > today + timedelta(days=DUE_WITHIN_DAYS):
                self.add_error(due_field, _("The due date must be within the next 10 months"))
                return None
        return {
            "first_name": first,
            "last_name": data.get(f"child_{n}_last_name", ""),
            "date_of_birth": born.isoformat() if born else "",
            "due_date": due.isoformat() if due else "",
        }


def _counted_textarea() -> forms.Textarea:
    """A textarea for a GOV.UK character count (Field.textarea(max_characters=...)).

    crispy-forms-gds 2.0.1 reads the widget's aria-describedby unguarded to add the count's
    "-info" id, so a counted field without help text raised KeyError and the page was a 500.
    Starting it empty lets the count's id be added (on an error, the library points it at the
    error message instead)."""
    return forms.Textarea(attrs={"aria-describedby": ""})


class WorriesForm(forms.Form):
    worries = forms.CharField(
        label=_("What is worrying you, or what would you like help with?"),
        max_length=4000, widget=_counted_textarea(),
        error_messages={"required": _("Tell us what you would like help with")},
    )  # fmt: skip
    tried = forms.CharField(
        label=_("What have you tried already? (optional)"), max_length=4000, required=False,
        widget=_counted_textarea(),
    )  # fmt: skip
    would_help = forms.CharField(
        label=_("What would help most? (optional)"), max_length=4000, required=False,
        widget=_counted_textarea(),
    )  # fmt: skip

    # The same question families are asked when support ends (familyhub/feedback/questions.py,
    # the same words), so the change can be measured. Optional; asked of families only.
    confidence = forms.ChoiceField(
        label=_("How confident do you feel as a parent or carer right now? (optional)"),
        help_text=_("0 means not at all confident. 10 means very confident."),
        choices=[*((str(n), str(n)) for n in range(11)),
                 ("prefer_not", _("I would rather not say"))],
        required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a number from 0 to 10, or none")},
    )  # fmt: skip

    def __init__(self, *args, by_practitioner=False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_practitioner:
            del self.fields["confidence"]
        self.helper = _helper(
            Field.textarea("worries", label_size=Size.MEDIUM, rows=5, max_characters=4000),
            Field.textarea("tried", rows=4, max_characters=4000),
            Field.textarea("would_help", rows=4, max_characters=4000),
            *(() if by_practitioner else (Field.radios("confidence", legend_size=Size.SMALL,
                                                       inline=True),)),
        )  # fmt: skip
