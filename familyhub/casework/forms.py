"""The staff forms of early help casework. Each checks what it can; the actions check the rest
(their MoveRefused messages are shown as form errors)."""

from django import forms
from django.contrib.auth import get_user_model

from familyhub.accounts.models import Role, Team
from familyhub.casework.states import CHOSEN_OUTCOMES, OpenedFrom
from familyhub.referrals.staff_forms import ErrorLinksMixin

TEXTAREA = {"class": "govuk-textarea", "rows": 4}
AGENCY_ROLES = [Role.PRACTITIONER, Role.PROVIDER, Role.TEAM_MANAGER]


class GovForm(ErrorLinksMixin, forms.Form):
    """A form whose inputs have plain ids (or ids with a prefix, where a page has several forms:
    auto_id="finding-%s"), which its error summary links to."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.anchors = {name: self.auto_id % name for name in self.fields}


class OpenCaseForm(GovForm):
    """Opening early help: the family's consent, and whose team the case goes to."""

    given_by_name = forms.CharField(
        label="Who in the family gave consent?",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input", "autocomplete": "off"}),
        error_messages={"required": "Enter the name of the person in the family who gave consent"},
    )
    agreed = forms.BooleanField(
        label="The family agreed to a whole-family assessment, having had it explained to them",
        error_messages={"required": "Confirm the family agreed to the assessment"},
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )
    share_with = forms.CharField(
        label="Which agencies did the family agree their information is shared with?",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Name the agencies the family agreed to share with"},
    )
    team = forms.ModelChoiceField(
        label="Which team will manage the case?",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Choose the team that will manage the case"},
    )
    opened_from = forms.ChoiceField(
        label="Where does this case come from?",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (OpenedFrom.DIRECT, OpenedFrom.DIRECT.label),
            (OpenedFrom.SOCIAL_CARE, OpenedFrom.SOCIAL_CARE.label),
        ],
    )
    history_from_social_care = forms.CharField(
        label="What children's social care handed over (for a step down)",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, direct: bool, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        managed = Team.objects.filter(members__role=Role.TEAM_MANAGER).distinct()
        self.fields["team"].queryset = managed.select_related("organisation").order_by("name")
        if team is not None:  # a practitioner's own team leads the case
            del self.fields["team"]
        if not direct:
            del self.fields["opened_from"], self.fields["history_from_social_care"]
        else:
            self.fields["opened_from"].required = True
            self.fields["opened_from"].error_messages["required"] = "Say where this case comes from"


class MoveForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label="What is the outcome?", choices=CHOSEN_OUTCOMES, widget=forms.RadioSelect
    )
    exit_plan = forms.CharField(
        label="Exit plan: what happens next, and who the family can go to",
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    concern = forms.CharField(label="The concern", widget=forms.Textarea(attrs=TEXTAREA))
    known = forms.CharField(
        label="What is known about the family", widget=forms.Textarea(attrs=TEXTAREA)
    )
    consent_to_step_up = forms.TypedChoiceField(
        label="Did the family consent to the step up?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
    )
    no_consent_reason = forms.CharField(
        label="If not, why consent is not needed",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    answer = forms.CharField(
        label="Children's social care's answer", widget=forms.Textarea(attrs=TEXTAREA)
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    services = forms.MultipleChoiceField(
        label="Universal services from the directory the family can go to",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Name at least one universal service for the family"},
    )
    services.none_to_choose = "No universal services were found in the directory."

    def __init__(self, *args, move, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.service_objects = {str(s.pk): s for s in services}
        self.fields["services"].choices = [
            (pk, f"{s.name} ({s.organisation.name})") for pk, s in self.service_objects.items()
        ]
        for name in list(self.fields):
            if name != "version" and name not in move.asks:
                del self.fields[name]
            elif name in move.asks and name not in move.needs:
                self.fields[name].required = False
        self.move = move

    def details(self) -> dict:
        details = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if "services" in details:
            details["services"] = [self.service_objects[pk] for pk in details["services"]]
        return details


def staff_by_email(email):
    """A practitioner, provider or manager with this email address (or None)."""
    return (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), profile__role__in=AGENCY_ROLES, is_active=True)
        .first()
    )


class AllocateForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    lead = forms.ModelChoiceField(
        label="A practitioner in the team",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Choose a practitioner",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    email = forms.EmailField(
        label="Or someone in another agency (school, health, voluntary sector): their email",
        required=False,
        widget=forms.EmailInput(attrs={"class": "govuk-input"}),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = (
            get_user_model()
            .objects.filter(profile__team=team, profile__role=Role.PRACTITIONER, is_active=True)
            .order_by("first_name", "last_name", "email")
        )
        self.fields["lead"].label_from_instance = lambda u: u.get_full_name() or u.email

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("lead"):
            data["person"] = data["lead"]
        elif data.get("email"):
            data["person"] = staff_by_email(data["email"])
            if data["person"] is None:
                self.add_error("email", "There is no practitioner with that email address")
        else:
            self.add_error("lead", "Choose the lead practitioner, or enter their email address")
        return data


class AddMemberForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    email = forms.EmailField(
        label="A practitioner's email address",
        required=False,
        widget=forms.EmailInput(attrs={"class": "govuk-input"}),
    )
    family_member = forms.ChoiceField(
        label="Or someone in the family",
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    agency = forms.CharField(
        label="Agency (for a practitioner)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    role_in_team = forms.CharField(
        label="Their part in the team",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in family.members.all()}
        self.fields["family_member"].choices = [("", "Nobody in the family")] + [
            (pk, m.full_name) for pk, m in self.members.items()
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["user"] = data["member"] = None
        if data.get("email") and data.get("family_member"):
            self.add_error("email", "Add one person at a time")
        elif data.get("email"):
            data["user"] = staff_by_email(data["email"])
            if data["user"] is None:
                self.add_error("email", "There is no practitioner with that email address")
        elif data.get("family_member"):
            data["member"] = self.members[data["family_member"]]
        else:
            self.add_error(
                "email", "Enter a practitioner's email address, or choose someone in the family"
            )
        return data


class SustainedCheckForm(GovForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    sustained = forms.TypedChoiceField(
        label="Six months on, have the family's outcomes lasted?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Say whether the family's outcomes have lasted"},
    )
    note = forms.CharField(
        label="What you found (optional)", required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class BreakGlassForm(GovForm):
    reason = forms.CharField(
        label="Why do you need to see this case?",
        min_length=10,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={
            "required": "Give your reason for looking at this case",
            "min_length": "Give your reason in a sentence (at least 10 characters)",
        },
    )
