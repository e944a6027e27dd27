"""The questions a family answers about itself, written once.

A request's pages (referrals/request_forms.py) and the family's own record ("Your family",
families/views.py, a section at a time) ask them in the same words, with the same checks,
wherever a family answers them."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from familyhub.families import monitoring
from familyhub.families.models import ContactMethod, OtherWay, Relationship
from familyhub.families.safe_contact import usable_ways
from familyhub.notifications.services import InvalidMessage, clean_uk_phone

CONTINUE = _("Continue")
OLDEST_CHILD = 25  # SEND support runs to 25
PARENT_RELATIONSHIPS = [
    (value, label)
    for value, label in Relationship.choices
    if value not in {Relationship.CHILD, Relationship.YOUNG_CARER, Relationship.OTHER_ADULT}
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


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


# Languages and access needs: the same fields on a request's family page and on "Your family"
# (each form gets its own copy of a field when it is made).
HOME_LANGUAGES = forms.CharField(
    label=_("Languages spoken at home (optional)"), max_length=200, required=False
)
INTERPRETER_NEEDED = forms.ChoiceField(
    label=_("Would an interpreter help?"),
    choices=YES_NO,
    widget=forms.RadioSelect,
    error_messages={"required": _("Choose yes or no")},
)
INTERPRETER_LANGUAGE = forms.CharField(
    label=_("Which language? (optional)"), max_length=60, required=False
)
ACCESSIBILITY_NEEDS = forms.CharField(
    label=_("Anything that would make it easier to get support? (optional)"),
    help_text=_("For example, step-free access, British Sign Language or large print."),
    max_length=1000, required=False, widget=forms.Textarea,
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
    def initial_for(family) -> dict:
        """The family's record as this form's answers: what a new request, or the change page
        on "Your family", starts from."""
        safe = [
            name
            for name, on in (
                ("phone", family.safe_to_phone),
                ("text", family.safe_to_text),
                ("email", family.safe_to_email),
                ("voicemail", family.voicemail_ok),
            )
            if on
        ]
        return {
            "contact_email": family.contact_email or "",
            "contact_phone": family.contact_phone or "",
            "preferred_contact": family.preferred_contact,
            "safe": safe,
            "other_way": family.other_way,
            "other_way_phone": family.other_way_phone or "",
            "other_way_details": family.other_way_details or "",
            "safe_times": family.safe_times or "",
            "contact_notes": family.contact_notes or "",
        }

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


# --- "Your family": the record changed a section at a time (families/views.py) ---------

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
