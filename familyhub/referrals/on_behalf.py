"""Requests made by staff on a family's behalf: the family rang or came into a family hub and
asked for support through them (decision 0042). The request is the same journey a practitioner
takes, with the family's consent given aloud (the privacy notice read to them) and recorded as
such; the family then hears through its own safe way, like any family that asks itself."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Role
from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import Service
from familyhub.referrals.models import Draft, OnBehalf

# Who may make a request on a family's behalf: staff a family rings or meets.
MAKERS = (Role.PROVIDER, Role.TRIAGE, Role.PRACTITIONER)


def services_to_ask():
    """Open services a family may ask for themselves, or a professional for them."""
    return (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .filter(access_self_referral=True)
        .select_related("organisation")
        .order_by("name")
    )


class ServiceChoiceField(forms.ModelChoiceField):
    """A malformed id is "choose from the list" too (Django lets the UUID's own error out)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class StartForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How is the family asking?"),
        choices=[(OnBehalf.PHONE, _("On the phone")), (OnBehalf.IN_PERSON, _("In person"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the family is on the phone or with you"),
            "invalid_choice": _("Choose whether the family is on the phone or with you"),
        },
    )
    service = ServiceChoiceField(
        label=_("Which service? (optional)"),
        help_text=_("Leave it as it is if you are not sure: Medway's early help team will find "
                    "the right support."),
        queryset=Service.objects.none(), required=False,
        empty_label=_("Not sure which service — the early help team"),
        error_messages={"invalid_choice": _("Choose a service from the list")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_to_ask()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("how", legend_size=Size.MEDIUM, inline=True),
            Field.select("service"),
            Submit("continue", _("Start the request")),
        )


def new_draft(user, session_key: str, *, how: str, service) -> Draft:
    """A draft a staff member fills in with the family, answered as a practitioner's (the
    questions speak of "the family"), marked as made on their behalf."""
    draft = Draft(
        user=user,
        session_key=session_key,
        service=service,
        answers={"who": "practitioner", "on_behalf": OnBehalf(how).value},
    )
    draft.save()
    return draft
