"""Planning's forms. Each checks what it can; the actions check the rest (their PlanRefused
messages are shown as form errors)."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import STAFF_ROLES
from familyhub.directory.choices import MEDWAY_TOWNS
from familyhub.directory.models import Organisation
from familyhub.planning.models import LOCALITIES, Action, Consultation, Decision, Group, Priority
from familyhub.planning.rag import Rag
from familyhub.referrals.staff_forms import ErrorLinksMixin

DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_INPUT = forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"})
DATE_ERRORS = {"required": _("Enter the date"), "invalid": _("Enter a real date, like 27 3 2026")}
TEXT = {"class": "govuk-input"}
TEXTAREA = {"class": "govuk-textarea", "rows": 4}
SELECT = {"class": "govuk-select"}
MEASURE_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
REFERENCE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        error_messages=DATE_ERRORS,
        help_text=help_text,
    )


class GovForm(ErrorLinksMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.anchors = {name: self.auto_id % name for name in self.fields}


class ProgressForm(GovForm):
    text = forms.CharField(
        label=_("What has been done since the last update?"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Say what has been done since the last update")},
    )
    evidence = forms.CharField(
        label=_("Evidence (a link, or where it is kept)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )
    progress = forms.IntegerField(
        label=_("How much of the action is done, as a percentage?"),
        min_value=0,
        max_value=100,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "numeric"}
        ),
        error_messages={
            "required": _("Enter how much is done, from 0 to 100"),
            "invalid": _("Enter how much is done as a whole number, from 0 to 100"),
            "min_value": _("Progress must be a percentage from 0 to 100"),
            "max_value": _("Progress must be a percentage from 0 to 100"),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the action's status")},
    )
    on = _date(_("Date of the update"), required=False, help_text=_("Leave empty for today"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class OverrideForm(GovForm):
    rating = forms.ChoiceField(
        label=_("Rating to show"),
        choices=[("", _("Go back to the rule's rating")), *Rag.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why?"),
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Give the reason for overriding the rating")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def _people():
    return (
        get_user_model()
        .objects.filter(profile__role__in=STAFF_ROLES, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class ActionForm(GovForm):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=20,
        help_text=_("Capital letters, digits and dashes, like PSS-1-4"),
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    title = forms.CharField(label=_("Action"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    description = forms.CharField(
        label=_("More detail"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    lead = forms.ModelChoiceField(
        label=_("Lead (a person)"),
        queryset=None,
        required=False,
        empty_label=_("No one named yet"),
        widget=forms.Select(attrs=SELECT),
    )
    lead_role = forms.CharField(
        label=_("Lead's role (shown to the public)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("None"),
        widget=forms.Select(attrs=SELECT),
    )
    start = _date(_("Start"))
    deadline = _date(_("Deadline"), required=False)
    review_date = _date(_("Review date"), required=False)
    measure_keys = forms.CharField(
        label=_("Outcome measures it should move"),
        required=False,
        help_text=_("Measure keys, one a line, like parents-know-where-to-get-help"),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )
    gaps = forms.CharField(
        label=_("Gaps on the map it addresses"),
        required=False,
        help_text=_("One a line: the need's key, a comma, the town, like sleep, Strood"),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, need_codes=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _people()
        self.need_codes = set(need_codes)
        if editing:
            self.fields["reference"].disabled = True

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().upper()
        if not REFERENCE.fullmatch(value):
            raise forms.ValidationError(_("Use capital letters, digits and dashes, like PSS-1-4"))
        return value

    def clean_measure_keys(self):
        keys = [line.strip() for line in self.cleaned_data["measure_keys"].splitlines()]
        keys = [key for key in keys if key]
        bad = [key for key in keys if not MEASURE_KEY.fullmatch(key) or len(key) > 80]
        if bad:
            raise forms.ValidationError(
                _("Measure keys are small letters, digits and dashes: check %(keys)s")
                % {"keys": ", ".join(bad)}
            )
        return list(dict.fromkeys(keys))

    def clean_gaps(self):
        pairs = []
        for line in self.cleaned_data["gaps"].splitlines():
            if not line.strip():
                continue
            need, _comma, town = (part.strip() for part in line.partition(","))
            if need not in self.need_codes:
                raise forms.ValidationError(
                    _("%(need)s is not a need on the map: use a need's key") % {"need": need}
                )
            if town not in MEDWAY_TOWNS:
                raise forms.ValidationError(
                    _("%(town)s is not a Medway town: use one of %(towns)s")
                    % {"town": town or "(no town)", "towns": ", ".join(MEDWAY_TOWNS)}
                )
            pairs.append((need, town))
        return pairs


class MeetingForm(GovForm):
    group = forms.ModelChoiceField(
        label=_("Which group met?"),
        queryset=Group.objects.all(),
        empty_label=_("Choose a group"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Choose the group that met")},
    )
    held_on = _date(_("Date of the meeting"))
    papers = forms.CharField(
        label=_("Papers (links or titles, one a line)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    review = forms.BooleanField(
        label=_("The group reviewed the delivery plan at this meeting (keep each action's rating)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )


class DecisionForm(GovForm):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=Decision.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of record it is")},
    )
    text = forms.CharField(
        label=_("What was decided, agreed or needs deciding"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=4000,
        error_messages={"required": _("Write the decision")},
    )
    action = forms.ModelChoiceField(
        label=_("About which action (if one)"),
        queryset=Action.objects.all(),
        required=False,
        empty_label=_("Not about one action"),
        widget=forms.Select(attrs=SELECT),
    )
    priority = forms.ModelChoiceField(
        label=_("About which priority (if not an action)"),
        required=False,
        queryset=None,
        empty_label=_("The whole plan"),
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.select_related("strategy")


class ConsultationForm(GovForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Consultation.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    question = forms.CharField(label=_("Question asked"), widget=forms.Textarea(attrs=TEXTAREA))
    audience = forms.CharField(
        label=_("Who was asked"), max_length=300, widget=forms.TextInput(attrs=TEXT)
    )
    starts = _date(_("From"))
    ends = _date(_("To"))
    took_part = forms.IntegerField(
        label=_("How many took part"),
        min_value=0,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}
        ),
    )
    heard = forms.CharField(
        label=_("What we heard"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class YouSaidForm(GovForm):
    consultation = forms.ModelChoiceField(
        label=_("From which consultation or event"),
        queryset=Consultation.objects.all(),
        required=False,
        empty_label=_("None"),
        widget=forms.Select(attrs=SELECT),
    )
    you_said = forms.CharField(
        label=_("You said"),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Write what parents said")},
    )
    we_did = forms.CharField(
        label=_("We did"),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Write what was done")},
    )
    on = _date(_("Date"))
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions it changed"),
        queryset=Action.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SignUpForm(GovForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Choose an organisation"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Choose the organisation that signed up")},
    )
    signed_on = _date(_("Date signed"))


class CharterNotMetForm(forms.Form):
    """A parent's few words: where the charter was not met. No name, no contact."""

    where = forms.CharField(
        label=_("Which service or place? (optional)"), max_length=200, required=False
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=2000,
        error_messages={
            "required": _("Tell us what happened"),
            "max_length": _("Tell us in 2,000 characters or fewer"),
        },
    )


class ForumMeetingForm(GovForm):
    locality = forms.ChoiceField(
        label=_("Which town's forum?"),
        choices=LOCALITIES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the town")},
    )
    held_on = _date(_("Date of the meeting"))
    venue = forms.CharField(label=_("Where"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    attended = forms.IntegerField(
        label=_("How many parents came"),
        min_value=0,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}
        ),
    )
    topics = forms.CharField(label=_("Talked about"), widget=forms.Textarea(attrs=TEXTAREA))
    heard = forms.CharField(
        label=_("What we heard"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class CharterVersionForm(GovForm):
    """A new version of the charter (the earlier ones are kept as they were)."""

    introduction = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs=TEXTAREA))
    you_can_expect = forms.CharField(
        label=_("What parents can expect (one a line)"), widget=forms.Textarea(attrs=TEXTAREA)
    )
    we_ask = forms.CharField(
        label=_("What services ask of parents (one a line)"),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    introduction_pl = forms.CharField(
        label=_("Introduction in Polish"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    you_can_expect_pl = forms.CharField(
        label=_("What parents can expect, in Polish (one a line)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    we_ask_pl = forms.CharField(
        label=_("What services ask of parents, in Polish (one a line)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    approved_on = _date(_("Date approved"))
    approved_by = forms.CharField(
        label=_("Approved by (the group or person)"),
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )

    def clean(self):
        data = super().clean()
        for name in ("you_can_expect", "we_ask", "you_can_expect_pl", "we_ask_pl"):
            if name in data:
                data[name] = _lines(data[name])
        return data
