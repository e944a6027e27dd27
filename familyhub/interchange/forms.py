from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.roles import DATA_ROLES
from familyhub.directory.choices import AccessRoute, DeliveryMode, LevelOfNeed
from familyhub.directory.models import Organisation
from familyhub.interchange.feed_pages import FeedError
from familyhub.interchange.feed_web import check_public_address, check_url
from familyhub.interchange.models import MergeKind, PartnerFeed

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _read_upload(upload, allowed: tuple[str, ...]) -> bytes:
    if not upload.name.lower().endswith(allowed):
        raise forms.ValidationError(
            f"The file must be {' or '.join(allowed)}; “{upload.name[:60]}” is not."
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError("The file must be smaller than 50 MB: split it.")
    if upload.size == 0:
        raise forms.ValidationError("The file is empty.")
    return upload.read()


class OrukImportForm(forms.Form):
    url = forms.CharField(
        label="Address of the ORUK feed",
        required=False,
        max_length=500,
        help_text="The API's address, like https://example.org/api/oruk/v3/",
    )
    file = forms.FileField(label="Or a JSON file", required=False)

    def clean(self):
        data = super().clean()
        url, upload = data.get("url", "").strip(), data.get("file")
        if self.errors:
            return data
        if bool(url) == bool(upload):
            raise forms.ValidationError(
                "Enter the feed's address or choose a JSON file (one of the two)."
            )
        if url:
            try:
                data["url"] = check_url(url)
                if not getattr(settings, "INTERCHANGE_ALLOW_PRIVATE_FEEDS", False):
                    check_public_address(data["url"])
            except FeedError as error:
                self.add_error("url", str(error))
        else:
            try:
                raw = _read_upload(upload, (".json",))
                data["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "The file is not UTF-8 text: expected ORUK JSON.")
            except forms.ValidationError as error:
                self.add_error("file", error)
        return data


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", error_messages={"required": "Choose a CSV file made from the template."}
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return upload.name, _read_upload(upload, (".csv",))


class MergeForm(forms.Form):
    kind = forms.ChoiceField(choices=MergeKind.choices)
    first = forms.UUIDField()
    second = forms.UUIDField()
    keep = forms.UUIDField(error_messages={"required": "Choose the record to keep."})

    def clean(self):
        data = super().clean()
        keep = data.get("keep")
        if keep is not None and keep not in (data.get("first"), data.get("second")):
            self.add_error("keep", "Choose one of the two records to keep.")
        return data

    @property
    def duplicate(self):
        data = self.cleaned_data
        return data["second"] if data["keep"] == data["first"] else data["first"]


class ReviewForm(forms.Form):
    """The partnership's fields a feed did not give, set by a data manager before publishing;
    and, only when the feed gave none, how it is delivered and the descriptions."""

    level_of_need = forms.ChoiceField(
        label=_("Level of need"),
        choices=LevelOfNeed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the level of need")},
    )
    access_routes = forms.MultipleChoiceField(
        label=_("How families get it"),
        choices=AccessRoute.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one: drop in, refer yourself or professional referral")
        },
    )
    delivery_modes = forms.MultipleChoiceField(
        label=_("How it is delivered"),
        choices=DeliveryMode.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one: in person, online or phone")},
    )
    description = forms.CharField(
        label=_("What it offers"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter a description of the service, for families")},
    )
    organisation_description = forms.CharField(
        label=_("About the organisation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter a description of the organisation that runs it")},
    )

    def __init__(self, *args, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked only for what the feed did not give.
        if service is None or service.delivery_modes:
            del self.fields["delivery_modes"]
        if service is None or service.description:
            del self.fields["description"]
        if service is None or service.organisation.description:
            del self.fields["organisation_description"]


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it rejected?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why it is rejected, so other data managers know")},
    )


class PartnerFeedForm(forms.ModelForm):
    """A partner's feed: where it is and when to pull it. Its standard is not asked: the
    importer reads whichever it finds."""

    url = forms.URLField(
        label=_("Address of the feed"), max_length=500, assume_scheme="https",
        help_text=_("The API's address, like https://example.org/api/oruk/v3/"),
        error_messages={
            "required": _("Enter the feed's address"),
            "invalid": _("Enter a web address starting https:// or http://"),
        },
    )  # fmt: skip

    class Meta:
        model = PartnerFeed
        fields = ["name", "url", "organisation", "frequency", "weekday", "time_of_day",
                  "managed_by", "enabled"]  # fmt: skip
        labels = {
            "name": _("Name"),
            "organisation": _("Organisation that publishes it (optional)"),
            "frequency": _("How often to pull it"),
            "weekday": _("Day of the week (for a weekly pull)"),
            "time_of_day": _("Time of day"),
            "managed_by": _("Data manager to tell when it fails or is held (optional)"),
            "enabled": _("Pull it on its schedule"),
        }
        help_texts = {
            "time_of_day": _("24-hour clock, UK time, like 06:30"),
            "managed_by": _("With none, every data manager is told."),
        }
        error_messages = {
            "name": {"required": _("Enter a name for the feed")},
            "url": {"unique": _("That feed is registered already")},
            "time_of_day": {
                "required": _("Enter the time of day to pull it, like 06:30"),
                "invalid": _("Enter a time on the 24-hour clock, like 06:30"),
            },
        }
        widgets = {"frequency": forms.RadioSelect, "time_of_day": forms.TimeInput(format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["managed_by"].queryset = (
            get_user_model()
            .objects.filter(profile__role__in=DATA_ROLES, is_active=True)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["managed_by"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.text("url"),
            Field.select("organisation"),
            Field.radios("frequency", legend_size=Size.SMALL, inline=True),
            Field.select("weekday"),
            Field.text("time_of_day", field_width=5),
            Field.select("managed_by"),
            Field.checkbox("enabled"),
            Submit("save", _("Save")),
        )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            url = check_url(url)
            if not getattr(settings, "INTERCHANGE_ALLOW_PRIVATE_FEEDS", False):
                check_public_address(url)
        except FeedError as error:
            raise forms.ValidationError(str(error)) from None
        return url
