"""The provider's edit form (the service, when it runs, where), the decision forms and the
suggestion status form, in GOV.UK markup (crispy-forms-gds). Each turns into the one shape
`changes.snapshot` describes; the rules stay in `changes`.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from familyhub.directory.choices import WEEKDAYS, ServiceStatus
from familyhub.directory.models import Service
from familyhub.postcodes.formats import InvalidPostcode, normalise
from familyhub.upkeep.changes import SERVICE_FIELDS, as_json_value
from familyhub.upkeep.models import SuggestedChange

DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        strict=True,
    )
)
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"]
NOTE_MAX = 2000


def _helper(*items) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> has the token
    helper.layout = Layout(*items)
    return helper


def first_input_id(bound_field) -> str:
    """Where an error summary link should land: the field's (first) input."""
    if isinstance(bound_field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"
    return bound_field.auto_id


def error_links(*forms_and_formsets) -> list[tuple[str, str]]:
    """(anchor, message) for every error on the page, in page order."""
    links = []
    for item in forms_and_formsets:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            links += [("main-content", str(error)) for error in item.non_form_errors()]
            links += error_links(*item.forms)
            continue
        fields = [field for field in item if not field.is_hidden]
        first = first_input_id(fields[0]) if fields else "main-content"
        links += [(first, str(error)) for error in item.non_field_errors()]
        for field in fields:
            links += [(first_input_id(field), str(error)) for error in field.errors]
    return links


class ServiceForm(forms.ModelForm):
    """The service's own fields. Bound to an unsaved copy: nothing is saved from here."""

    status = forms.ChoiceField(
        label="Is it running?",
        choices=[
            (ServiceStatus.ACTIVE, "Running"),
            (ServiceStatus.TEMPORARILY_CLOSED, "Closed for now"),
            (ServiceStatus.INACTIVE, "Stopped (archive it: families no longer see it)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the service is running"},
    )
    url = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
        error_messages={"invalid": "Enter a website address like https://example.org"},
    )

    class Meta:
        model = Service
        fields = SERVICE_FIELDS
        labels = {
            "name": "Service name",
            "description": "What it offers",
            "eligibility_description": "Who it is for (optional)",
            "minimum_age": "Youngest child's age in years (optional)",
            "maximum_age": "Oldest child's age in years (optional)",
            "access_drop_in": "Families can drop in",
            "access_self_referral": "Families can refer themselves",
            "access_professional_referral": "A professional can refer",
            "needs_diagnosis": "A diagnosis is needed first",
            "typical_wait_weeks": "Usual wait in weeks (optional)",
            "delivered_in_person": "In person",
            "delivered_online": "Online",
            "delivered_by_phone": "By phone",
            "phone": "Phone number (optional)",
            "email": "Email address (optional)",
            "url": "Website (optional)",
            "fees_description": "Cost (optional)",
            "alert": "A short notice for families (optional)",
        }
        help_texts = {
            "alert": "For example, 'No sessions in August'.",
            "fees_description": "Leave empty if it is free.",
        }
        error_messages = {
            "name": {"required": "Enter the service name"},
            "description": {"required": "Say what the service offers"},
            "level_of_need": {"required": "Choose the level of need"},
            "email": {"invalid": "Enter an email address like name@example.org"},
            "url": {"invalid": "Enter a website address like https://example.org"},
            "minimum_age": {"invalid": "Enter the youngest age as a whole number, like 0"},
            "maximum_age": {"invalid": "Enter the oldest age as a whole number, like 5"},
            "typical_wait_weeks": {"invalid": "Enter the wait as a whole number of weeks"},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "alert": forms.Textarea(attrs={"rows": 2}),
            "level_of_need": forms.RadioSelect,
            "minimum_age": forms.TextInput(attrs={"inputmode": "numeric"}),
            "maximum_age": forms.TextInput(attrs={"inputmode": "numeric"}),
            "typical_wait_weeks": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level_of_need"].choices = Service._meta.get_field("level_of_need").choices
        self.helper = _helper(
            Field.text("name"),
            Field.textarea("description", rows=5),
            Field.textarea("eligibility_description", rows=3),
            Field.text("minimum_age", field_width=4),
            Field.text("maximum_age", field_width=4),
            Field.radios("level_of_need", legend_size=Size.SMALL),
            Fieldset(
                Field.checkbox("access_drop_in", small=True),
                Field.checkbox("access_self_referral", small=True),
                Field.checkbox("access_professional_referral", small=True),
                Field.checkbox("needs_diagnosis", small=True),
                legend="How families get it",
                legend_size=Size.SMALL,
            ),
            Field.text("typical_wait_weeks", field_width=4),
            Fieldset(
                Field.checkbox("delivered_in_person", small=True),
                Field.checkbox("delivered_online", small=True),
                Field.checkbox("delivered_by_phone", small=True),
                legend="How it is delivered",
                legend_size=Size.SMALL,
            ),
            Field.text("phone", field_width=20),
            Field.text("email", field_width=30),
            Field.text("url", field_width=30),
            Field.textarea("fees_description", rows=2),
            Field.radios("status", legend_size=Size.SMALL),
            Field.textarea("alert", rows=2),
        )

    def proposed(self) -> dict:
        return {name: as_json_value(self.cleaned_data.get(name)) for name in SERVICE_FIELDS}


class ScheduleForm(forms.Form):
    """One time the service runs: days, opening and closing times."""

    id = forms.CharField(required=False, widget=forms.HiddenInput)
    location = forms.CharField(required=False, widget=forms.HiddenInput)
    days = forms.MultipleChoiceField(
        label="Days", choices=list(DAY_NAMES.items()), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    opens_at = forms.TimeField(
        label="Opens (optional)", required=False, input_formats=TIME_FORMATS,
        help_text="Use the 24-hour clock, like 09:30",
        error_messages={"invalid": "Enter the opening time like 09:30"},
    )  # fmt: skip
    closes_at = forms.TimeField(
        label="Closes (optional)", required=False, input_formats=TIME_FORMATS,
        help_text="Like 11:30",
        error_messages={"invalid": "Enter the closing time like 11:30"},
    )  # fmt: skip
    description = forms.CharField(
        label="Notes (optional)", max_length=200, required=False,
        help_text="For example, 'term time only'",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["DELETE"] = forms.BooleanField(label="Remove this time", required=False)
        self.helper = _helper(
            Field.checkboxes("days", legend_size=Size.SMALL, small=True, inline=True),
            Field.text("opens_at", field_width=5),
            Field.text("closes_at", field_width=5),
            Field.text("description", field_width=30),
            Field.checkbox("DELETE", small=True),
            "id",
            "location",
        )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time")
        if (opens or closes or data.get("description")) and not data.get("days"):
            self.add_error("days", "Choose at least one day")
        return data

    def proposed(self) -> dict:
        data = self.cleaned_data
        return {
            "id": data.get("id") or "",
            "byday": ",".join(day for day in WEEKDAYS if day in data.get("days", [])),
            "opens_at": as_json_value(data.get("opens_at")) or "",
            "closes_at": as_json_value(data.get("closes_at")) or "",
            "description": data.get("description") or "",
            "location": data.get("location") or "",
        }


class BaseScheduleFormSet(forms.BaseFormSet):
    # A blank row is left out; the "remove" box is our own field, so no can_delete.
    def proposed(self) -> list[dict]:
        return [
            form.proposed()
            for form in self.forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("days")
        ]  # fmt: skip


ScheduleFormSet = forms.formset_factory(
    ScheduleForm, formset=BaseScheduleFormSet, extra=1, max_num=20, validate_max=True
)


def schedule_initial(rows: list[dict]) -> list[dict]:
    return [
        {
            "id": row.get("id", ""),
            "location": row.get("location", ""),
            "days": [day for day in (row.get("byday") or "").split(",") if day],
            "opens_at": (row.get("opens_at") or "")[:5],
            "closes_at": (row.get("closes_at") or "")[:5],
            "description": row.get("description", ""),
        }
        for row in rows
    ]


class PlacesForm(forms.Form):
    """The places it runs at: keep the current ones, and add one new place at a time."""

    keep = forms.MultipleChoiceField(
        label="Places it runs at", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Untick a place to stop listing the service there.",
    )  # fmt: skip
    new_name = forms.CharField(label="Name of the place", max_length=255, required=False)
    new_address_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    new_city = forms.CharField(label="Town", max_length=100, required=False)
    new_postal_code = forms.CharField(label="Postcode", max_length=10, required=False)

    NEW = ["new_name", "new_address_1", "new_city", "new_postal_code"]
    REQUIRED = {
        "new_name": "Enter the name of the new place",
        "new_address_1": "Enter the first line of the new place's address",
        "new_city": "Enter the town of the new place",
        "new_postal_code": "Enter the postcode of the new place",
    }

    def __init__(self, *args, places=(), new_places=(), **kwargs):
        self.places = list(places)
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(place["location"], place["name"]) for place in places]
        if not self.is_bound:
            self.initial.setdefault("keep", [place["location"] for place in places])
            if new_places:
                first = new_places[0]
                for name in self.NEW:
                    self.initial.setdefault(name, first.get(name.removeprefix("new_"), ""))
        items = [Field.checkboxes("keep", legend_size=Size.SMALL, small=True)] if places else []
        self.helper = _helper(
            *items,
            Fieldset(
                Field.text("new_name", field_width=30),
                Field.text("new_address_1", field_width=30),
                Field.text("new_city", field_width=20),
                Field.text("new_postal_code", field_width=10),
                legend="Add a place (optional)",
                legend_size=Size.SMALL,
            ),
        )

    def clean_new_postal_code(self):
        value = self.cleaned_data.get("new_postal_code", "").strip()
        if not value:
            return ""
        try:
            value = normalise(value)
        except InvalidPostcode:
            raise ValidationError("Enter a real postcode, like ME4 4TR") from None
        if " " not in value:
            raise ValidationError("Enter the full postcode, like ME4 4TR")
        return value

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.NEW):
            for name, message in self.REQUIRED.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def proposed(self) -> tuple[list, list]:
        keep = set(self.cleaned_data.get("keep", []))
        places = [place for place in self.places if place["location"] in keep]
        data = self.cleaned_data
        new = []
        if data.get("new_name"):
            new.append({name.removeprefix("new_"): data[name] for name in self.NEW})
        return places, new


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is it rejected?",
        help_text="The provider sees this. Say what needs to change.",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the reason, so the provider knows what to do next",
            "max_length": "Use 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("reason", label_size=Size.MEDIUM, label_tag="h2", rows=4)
        )


class SuggestionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=SuggestedChange.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status"},
    )
    note = forms.CharField(
        label="What was done (optional until it is resolved)",
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Use 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("status", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("note", rows=3),
        )
