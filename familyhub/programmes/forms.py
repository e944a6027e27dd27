from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import STAFF_ROLES
from familyhub.directory.models import Location, Service
from familyhub.programmes.models import MOST_PLACES, MOST_SESSIONS, PlaceStatus, Programme
from familyhub.referrals.staff_forms import ErrorLinksMixin

CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.NumberInput: "govuk-input govuk-input--width-4",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.TextInput: "govuk-input",
    forms.FileInput: "govuk-file-upload",
}


class GovForm(ErrorLinksMixin):
    """GOV.UK classes on every input, plain ids the error summary links to."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.anchors = {name: self.auto_id % name for name in self.fields}
        for field in self.fields.values():
            for kind, css in CLASSES.items():
                if isinstance(field.widget, kind) and not isinstance(
                    field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)
                ):
                    field.widget.attrs.setdefault("class", css)
                    break


class ProgrammeForm(GovForm, forms.ModelForm):
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        help_text=_("A directory service that runs as groups"),
    )

    class Meta:
        model = Programme
        fields = ["service", "measure_name", "measure_lowest", "measure_highest",
                  "higher_is_better"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.filter(status="active", programme__isnull=True)
            .select_related("organisation")
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("measure_lowest"), data.get("measure_highest")
        if low is not None and high is not None and low >= high:
            self.add_error("measure_highest", _("The highest score must be above the lowest"))
        return data


class GroupForm(GovForm, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("For example: Tuesday mornings, Chatham")
    )
    starts_on = forms.DateField(
        label=_("First session"), help_text=_("For example, 27 3 2027 or 2027-03-27"),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
    )  # fmt: skip
    sessions = forms.IntegerField(
        label=_("How many weekly sessions"), min_value=1, max_value=MOST_SESSIONS
    )
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=MOST_PLACES)
    online = forms.BooleanField(label=_("The group meets online"), required=False)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Location.objects.none(),
                                   required=False)  # fmt: skip
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        service = programme.service
        self.fields["venue"].queryset = (
            Location.objects.filter(
                service_at_locations__service__organisation_id=service.organisation_id
            )
            .distinct()
            .order_by("name")
        )
        self.fields["facilitators"].queryset = (
            get_user_model()
            .objects.filter(
                profile__role__in=STAFF_ROLES, profile__organisation_id=service.organisation_id
            )
            .order_by("first_name", "last_name")
        )
        self.fields["facilitators"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )

    def clean(self):
        data = super().clean()
        if not data.get("online") and not data.get("venue") and "venue" not in self.errors:
            self.add_error("venue", _("Choose a venue, or say the group meets online"))
        return data


class ScoresForm(GovForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    before_score = forms.IntegerField(label=_("Score before the programme"), required=False)
    before_on = forms.DateField(label=_("Date of the score before"), required=False,
                                input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"])  # fmt: skip
    after_score = forms.IntegerField(label=_("Score after the programme"), required=False)
    after_on = forms.DateField(label=_("Date of the score after"), required=False,
                               input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"])  # fmt: skip

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("before_score", "after_score"):
            self.fields[name].validators += [
                MinValueValidator(programme.measure_lowest),
                MaxValueValidator(programme.measure_highest),
            ]
            self.fields[name].help_text = _("%(measure)s, from %(low)s to %(high)s") % {
                "measure": programme.measure_name,
                "low": programme.measure_lowest,
                "high": programme.measure_highest,
            }

    def clean(self):
        data = super().clean()
        for score, on in (("before_score", "before_on"), ("after_score", "after_on")):
            if data.get(score) is not None and not data.get(on):
                self.add_error(on, _("Enter the date the score was taken"))
        return data


class CompletionForm(GovForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Did the family complete the programme?"),
                               widget=forms.RadioSelect)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = PlaceStatus.choices
