"""The administrator's search for a person: any of a reference, a name with a date of birth or
a postcode, an email address, a phone number. Each is checked into the form the records keep
(the reference's pattern, a UK phone number, a full postcode), with a message that says what to
type; a search by nothing, or by a name alone, is refused (it would list everyone)."""

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from familyhub.families.forms import DateOfBirthField
from familyhub.notifications.services import InvalidMessage, clean_uk_phone
from familyhub.postcodes.formats import InvalidPostcode, is_full_postcode, normalise
from familyhub.referrals.access import REFERENCE_PATTERN
from familyhub.subject_access.finding import Terms

NOTHING_TO_SEARCH_BY = (
    "Enter at least one thing to search by: a reference, a name with a date of birth or "
    "postcode, an email address or a phone number"
)


class FindPersonForm(forms.Form):
    reference = forms.CharField(
        label="Request reference", required=False, max_length=20,
        help_text="For example, FH-7K3M-9QXD",
        error_messages={"max_length": "Enter a reference like FH-7K3M-9QXD"},
    )  # fmt: skip
    first_name = forms.CharField(
        label="First name",
        required=False,
        max_length=100,
        error_messages={"max_length": "Enter a first name of 100 characters or fewer"},
    )
    last_name = forms.CharField(
        label="Last name",
        required=False,
        max_length=100,
        error_messages={"max_length": "Enter a last name of 100 characters or fewer"},
    )
    date_of_birth = DateOfBirthField(
        label="Date of birth", required=False, require_all_fields=False,
        help_text="For example, 27 3 2021",
    )  # fmt: skip
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="For example, ME4 4TR",
        error_messages={"max_length": "Enter a full postcode, like ME4 4TR"},
    )
    email = forms.EmailField(
        label="Email address", required=False, max_length=254,
        error_messages={
            "invalid": "Enter an email address like name@example.org",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )  # fmt: skip
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        error_messages={"max_length": "Enter a UK phone number, like 07700 900123"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].error_messages.update(
            incomplete="Enter the day, month and year, or leave them all empty"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> has the token
        self.helper.layout = Layout(
            Field.text("reference", field_width=10),
            Fieldset(
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field("date_of_birth"),
                Field.text("postcode", field_width=10),
                legend="A person's name, with their date of birth or postcode",
                legend_size=Size.SMALL,
            ),
            Field.text("email", field_width=30),
            Field.text("phone", field_width=20),
            Submit("search", "Search"),
        )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        if reference and not REFERENCE_PATTERN.fullmatch(reference):
            raise forms.ValidationError("Enter a reference like FH-7K3M-9QXD")
        return reference

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is not None and born > date.today():
            raise forms.ValidationError("The date of birth must be in the past")
        return born

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if not postcode:
            return ""
        try:
            postcode = normalise(postcode)
        except InvalidPostcode:
            postcode = ""
        if not is_full_postcode(postcode):
            raise forms.ValidationError("Enter a full postcode, like ME4 4TR")
        return postcode

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return clean_uk_phone(phone)
        except InvalidMessage:
            raise forms.ValidationError("Enter a UK phone number, like 07700 900123") from None

    def clean(self):
        data = super().clean()
        first_name = data.get("first_name", "").strip()
        named = bool(first_name or data.get("last_name", "").strip())
        placed = data.get("date_of_birth") or data.get("postcode")
        place_refused = self.has_error("date_of_birth") or self.has_error("postcode")
        if named and not placed and not place_refused:
            self.add_error("first_name", "To search by name, add their date of birth or postcode")
        elif placed and not first_name:
            self.add_error(
                "first_name", "Enter their first name to search by date of birth or postcode"
            )
        if not self.errors and not self.terms().ways():
            self.add_error("reference", NOTHING_TO_SEARCH_BY)
        return data

    def terms(self) -> Terms:
        data = self.cleaned_data
        return Terms(
            reference=data.get("reference", ""),
            first_name=data.get("first_name", "").strip(),
            last_name=data.get("last_name", "").strip(),
            date_of_birth=data.get("date_of_birth"),
            email=data.get("email", "").strip(),
            phone=data.get("phone", ""),
            postcode=data.get("postcode", ""),
        )
