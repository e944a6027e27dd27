from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.programmes.forms import GovForm
from familyhub.workforce.models import TOWN_CHOICES, ContactWay, Course, PeerStatus

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"]
DATE_HINT = _("For example, 2026-03-27 or 27/03/2026")


class CourseForm(GovForm, forms.ModelForm):
    class Meta:
        model = Course
        fields = ["name", "level", "code", "valid_for_months", "for_peer_supporters"]


class TrainingForm(GovForm, forms.Form):
    person = forms.ModelChoiceField(label=_("Who was trained"), queryset=None)
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.all())
    completed_on = forms.DateField(label=_("Date trained"), input_formats=DATE_FORMATS,
                                   help_text=DATE_HINT)  # fmt: skip
    expires_on = forms.DateField(
        label=_("Expires (optional)"), input_formats=DATE_FORMATS, required=False,
        help_text=_("Leave blank to use the course's usual length"),
    )  # fmt: skip
    certificate_reference = forms.CharField(label=_("Certificate reference (optional)"),
                                            max_length=80, required=False)  # fmt: skip
    works_in = forms.ChoiceField(label=_("Mostly works in"), choices=TOWN_CHOICES)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people.order_by("first_name", "last_name", "email")
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.email


class ImportForm(GovForm, forms.Form):
    file = forms.FileField(label=_("CSV file"),
                           help_text=_("Columns: email, course, date_trained, expires, "
                                       "certificate_reference, works_in"))  # fmt: skip


class PeerForm(GovForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    town = forms.ChoiceField(label=_("Town"), choices=TOWN_CHOICES)
    recruited_on = forms.DateField(label=_("Recruited on"), input_formats=DATE_FORMATS,
                                   help_text=DATE_HINT)  # fmt: skip
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    languages = forms.CharField(label=_("Languages (optional)"), max_length=120, required=False)


class PeerTrainingForm(GovForm, forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.filter(for_peer_supporters=True)
    )
    trained_on = forms.DateField(label=_("Trained on"), input_formats=DATE_FORMATS,
                                 help_text=DATE_HINT)  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=PeerStatus.choices,
                               widget=forms.RadioSelect, initial=PeerStatus.ACTIVE)  # fmt: skip


class MatchForm(GovForm, forms.Form):
    request = forms.ModelChoiceField(
        label=_("The family's request"), queryset=None,
        help_text=_("Open requests to your organisation's services"),
    )  # fmt: skip

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests
        self.fields["request"].label_from_instance = lambda r: f"{r.reference} – {r.service.name}"


class ContactForm(GovForm, forms.Form):
    on = forms.DateField(label=_("Date"), input_formats=DATE_FORMATS, help_text=DATE_HINT)
    way = forms.ChoiceField(label=_("How"), choices=ContactWay.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Notes (optional)"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
