"""The questions of a request for support, one form a page, in the families' words."""

from datetime import date, timedelta

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from familyhub.families.models import ContactMethod, OtherWay, Relationship
from familyhub.families.safe_contact import usable_ways
from familyhub.notifications.services import InvalidMessage, clean_uk_phone
from familyhub.postcodes.formats import InvalidPostcode, is_full_postcode, normalise
from familyhub.referrals import drafts, privacy

CONTINUE = _("Continue")
MAX_CHILDREN = 8
OLDEST_CHILD = 25  # SEND support runs to 25
PARENT_RELATIONSHIPS = [
    (value, label)
    for value, label in Relationship.choices
    if value not in {Relationship.CHILD, Relationship.YOUNG_CARER, Relationship.OTHER_ADULT}
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MISSING_DATE = _("Enter the child's date of birth, or the due date if the baby is not born yet")


def _helper(*items, button=CONTINUE, secondary=()) -> FormHelper:
    """The questions, then the page's main button. Secondary buttons (like "Add another
    child") come after it in a GOV.UK button group: pressing Enter in a field submits with the
    form's first submit button, which must be the main one."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> has the token
    main = Submit("continue", button)
    buttons = Div(main, *secondary, css_class="govuk-button-group") if secondary else main
    helper.layout = Layout(*items, buttons)
    return helper


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
    home_languages = forms.CharField(
        label=_("Languages spoken at home (optional)"), max_length=200, required=False
    )
    interpreter_needed = forms.ChoiceField(
        label=_("Would an interpreter help?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no")},
    )
    interpreter_language = forms.CharField(
        label=_("Which language? (optional)"), max_length=60, required=False
    )
    accessibility_needs = forms.CharField(
        label=_("Anything that would make it easier to get support? (optional)"),
        help_text=_("For example, step-free access, British Sign Language or large print."),
        max_length=1000, required=False, widget=forms.Textarea,
    )  # fmt: skip

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


class DateOfBirthField(DateInputField):
    """The GOV.UK date input, with a message a person can act on for a date that does not
    exist (the library's own is Python's, like "day is out of range for month"), and no 500
    for a year too big for Python's date (OverflowError, which the library does not catch)."""

    not_a_date = _("Date of birth must be a real date")

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError):
            raise ValidationError(self.not_a_date, code="invalid") from None


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


class ContactForm(forms.Form):
    contact_email = forms.EmailField(
        label=_("Email address (optional)"), required=False,
        error_messages={"invalid": _("Enter an email address like name@example.com")},
    )  # fmt: skip
    contact_phone = forms.CharField(label=_("Phone number (optional)"), max_length=30,
                                    required=False)  # fmt: skip
    preferred_contact = forms.ChoiceField(
        label=_("How would you like to be contacted?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        required=False,  # asked only when a way is safe (clean)
    )
    safe = forms.MultipleChoiceField(
        label=_("Which of these is safe for us to do?"),
        help_text=_("Leave a box empty if someone else might see or hear it."),
        choices=[
            ("phone", _("Phone you")),
            ("text", _("Send you a text message")),
            ("email", _("Send you an email")),
            ("voicemail", _("Leave a voicemail")),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_way = forms.ChoiceField(
        label=_("If none of these is safe, how can we reach you?"),
        help_text=_("Only answer this if you left every box above empty. We will not send you "
                    "any messages."),
        choices=OtherWay.choices, required=False, widget=forms.RadioSelect,
    )  # fmt: skip
    other_way_phone = forms.CharField(
        label=_("A phone number that is safe (if you chose a different number)"),
        max_length=30, required=False,
    )  # fmt: skip
    other_way_details = forms.CharField(
        label=_("Where and when can someone talk to you? (if you chose in person)"),
        help_text=_("For example, at the family hub on Tuesday mornings."),
        max_length=500, required=False, widget=forms.Textarea,
    )  # fmt: skip
    safe_times = forms.CharField(
        label=_("When is it safe to contact you? (optional)"), max_length=200, required=False,
        help_text=_("For example, weekdays after 10am."),
    )  # fmt: skip
    contact_notes = forms.CharField(
        label=_("Anything else we should know to contact you safely? (optional)"),
        max_length=1000, required=False, widget=forms.Textarea,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("contact_email", field_width=20),
            Field.text("contact_phone", field_width=20),
            Field.radios("preferred_contact", legend_size=Size.SMALL),
            Field.checkboxes("safe", legend_size=Size.SMALL),
            Field.radios("other_way", legend_size=Size.SMALL),
            Field.text("other_way_phone", field_width=20),
            Field.textarea("other_way_details", rows=2),
            Field.text("safe_times", field_width=20),
            Field.textarea("contact_notes", rows=3),
        )

    def clean_contact_phone(self):
        return self._phone("contact_phone")

    def clean_other_way_phone(self):
        return self._phone("other_way_phone")

    def _phone(self, name):
        phone = self.cleaned_data[name].strip()
        if not phone:
            return phone
        try:
            return clean_uk_phone(phone)
        except InvalidMessage:
            raise forms.ValidationError(_("Enter a UK phone number, like 07700 900 982")) from None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        email, phone = data.get("contact_email"), data.get("contact_phone")
        safe = set(data.get("safe", []))
        if "email" in safe and not email:
            self.add_error("contact_email", _("Enter an email address, or untick email"))
        if safe & {"phone", "text"} and not phone:
            self.add_error("contact_phone", _("Enter a phone number, or untick phone and text"))
        if usable_ways(email=email, phone=phone, safe=safe) or self.errors:
            self._check_preferred(data)
        else:
            self._check_other_way(data)
        return data

    def _check_preferred(self, data):
        method = data.get("preferred_contact")
        if not method:
            self.add_error("preferred_contact", _("Choose how you would like to be contacted"))
        if method == ContactMethod.EMAIL and not data.get("contact_email"):
            self.add_error("contact_email", _("Enter an email address, or choose another way"))
        if method in (ContactMethod.PHONE, ContactMethod.TEXT) and not data.get("contact_phone"):
            self.add_error("contact_phone", _("Enter a phone number, or choose another way"))

    def _check_other_way(self, data):
        """Nothing ticked is safe: how will they hear? Asked, never guessed."""
        other = data.get("other_way")
        if not other:
            self.add_error(
                "other_way",
                _("You have not ticked a safe way to contact you. Choose how we can reach you"),
            )
        elif other == OtherWay.SAFE_NUMBER:
            if not data.get("other_way_phone"):
                self.add_error("other_way_phone", _("Enter the phone number that is safe"))
            if not data.get("safe_times"):
                self.add_error("safe_times", _("Enter the times it is safe to phone you"))
        elif other == OtherWay.IN_PERSON and not data.get("other_way_details"):
            self.add_error("other_way_details", _("Tell us where and when someone can talk to you"))

    @staticmethod
    def answers_from(data) -> dict:
        safe = set(data.get("safe", []))
        email, phone = data.get("contact_email", ""), data.get("contact_phone", "")
        nothing_safe = not usable_ways(email=email, phone=phone, safe=safe)
        other = data.get("other_way", "") if nothing_safe else ""
        return {
            "contact_email": email,
            "contact_phone": phone,
            "preferred_contact": data.get("preferred_contact") or ContactMethod.PHONE,
            "safe_to_phone": "phone" in safe,
            "safe_to_text": "text" in safe,
            "safe_to_email": "email" in safe,
            "voicemail_ok": "voicemail" in safe,
            "other_way": other,
            "other_way_phone": data.get("other_way_phone", "") if other == OtherWay.SAFE_NUMBER
            else "",
            "other_way_details": data.get("other_way_details", "")
            if other == OtherWay.IN_PERSON else "",
            "safe_times": data.get("safe_times", ""),
            "contact_notes": data.get("contact_notes", ""),
        }  # fmt: skip
