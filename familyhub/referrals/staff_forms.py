"""Forms for the staff pages: the inbox filters and the details each move needs.

The templates are written by hand in GOV.UK markup, so every error links to the exact input
it is about (the first radio, the day of a date). `error_links()` gives the error summary its
(anchor, message) pairs.
"""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import Service
from familyhub.referrals.states import DeclineReason, Outcome, Status

NOTE_MAX = 2000
FAMILY_REASON_MAX = 1000
NO_SERVICE = "triage"  # the inbox filter value for requests with no service
ANY_OPEN = "open"  # the inbox's default: the work still to do
ANY_STATUS = "all"

# Professional words for the statuses (the families see states.Status's own labels).
STAFF_STATUS_LABELS = {
    Status.SUBMITTED: _("New"),
    Status.RECEIVED: _("Received"),
    Status.ACCEPTED: _("Accepted"),
    Status.DECLINED: _("Declined"),
    Status.WAITLISTED: _("Waiting list"),
    Status.REDIRECTED: _("Redirected"),
    Status.IN_PROGRESS: _("In progress"),
    Status.CLOSED: _("Closed"),
    Status.WITHDRAWN: _("Withdrawn"),
}


def active_services(*, exclude=None):
    services = Service.objects.filter(status=ServiceStatus.ACTIVE).select_related("organisation")
    if exclude is not None:
        services = services.exclude(pk=exclude.pk)
    return services.order_by("organisation__name", "name", "id")


def grouped_choices(services, *, blank):
    """<optgroup> per organisation, services by name within it."""
    groups = {}
    for service in services:
        groups.setdefault(service.organisation.name, []).append((str(service.pk), service.name))
    return [("", blank), *[(name, options) for name, options in sorted(groups.items())]]


class ErrorLinksMixin:
    """Anchors for the error summary: the id of the input each error is about."""

    anchors: dict = {}
    first_anchor = "main-content"

    def error_links(self):
        links = [(self.non_field_anchor, str(error)) for error in self.non_field_errors()]
        for name, field in self.fields.items():
            hidden = isinstance(field.widget, forms.HiddenInput)
            anchor = self.non_field_anchor if hidden else self.anchors.get(name, name)
            for error in self.errors.get(name, []):
                links.append((anchor, str(error)))
        return links

    @property
    def non_field_anchor(self):
        return self.first_anchor

    def full_clean(self):
        """After checking, mark the inputs in error (GOV.UK error classes, described by)."""
        super().full_clean()
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is None or isinstance(widget, (forms.HiddenInput, forms.RadioSelect)):
                continue
            css = widget.attrs.get("class", "")
            if css:
                base = css.split()[0]
                widget.attrs["class"] = f"{css} {base}--error"
            hint = widget.attrs.get("aria-describedby", "")  # a hint stays described
            widget.attrs["aria-describedby"] = f"{hint} {name}-error".strip()


class InboxFilterForm(ErrorLinksMixin, forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, services, include_no_service, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("initial", {"status": ANY_OPEN})
        super().__init__(*args, **kwargs)
        self.fields["service"].widget.attrs["class"] = "govuk-select"
        self.fields["status"].widget.attrs["class"] = "govuk-select"
        self.fields["overdue"].widget.attrs["class"] = "govuk-checkboxes__input"
        choices = [("", _("All services"))]
        if include_no_service:
            choices.append((NO_SERVICE, _("Early help triage (no service chosen)")))
        choices += [(str(service.pk), service.name) for service in services]
        self.fields["service"].choices = choices
        self.fields["service"].error_messages["invalid_choice"] = _(
            "Choose a service from the list"
        )
        self.fields["status"].choices = [
            (ANY_OPEN, _("Any open status")),
            (ANY_STATUS, _("Any status, including finished")),
            *STAFF_STATUS_LABELS.items(),
        ]
        self.fields["status"].error_messages["invalid_choice"] = _("Choose a status from the list")

    def filters(self) -> dict:
        """The filters that were valid (a bad one is reported and left out). With no status
        chosen, open requests only."""
        if not self.is_bound:
            return {"status": ANY_OPEN}
        self.is_valid()
        chosen = {name: value for name, value in self.cleaned_data.items() if value}
        chosen.setdefault("status", ANY_OPEN)
        if chosen["status"] == ANY_STATUS:
            del chosen["status"]
        return chosen


class MoveForm(ErrorLinksMixin, forms.Form):
    """The details a move needs, and the version of the request the page showed."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2_147_483_647,
        error_messages={
            "required": _("This page is out of date. Go back to the request and try again."),
            "invalid": _("This page is out of date. Go back to the request and try again."),
            "min_value": _("This page is out of date. Go back to the request and try again."),
            "max_value": _("This page is out of date. Go back to the request and try again."),
        },
    )
    first_anchor = "current-status"
    DATE_PARTS = ("day", "month", "year")

    def __init__(self, *args, move, support_request, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.move = move
        self.anchors = {}
        current = support_request.service
        for detail in move.asks:
            getattr(self, f"_ask_{detail}")(move, current)
        self.fields["note"] = forms.CharField(
            label=_("Note for staff (optional, the family does not see it)")
            if "reason_for_family" in move.asks
            else _("Note (optional)"),
            required=False,
            max_length=NOTE_MAX,
            widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
            error_messages={
                "max_length": _("The note must be %(limit_value)s characters or fewer"),
            },
        )

    # --- the details a move asks for (states.DETAILS), one builder each ----------------------

    def _ask_reason(self, move, current):
        self.fields["reason"] = forms.ChoiceField(
            label=move.reason_question,
            choices=move.reasons.choices,
            required="reason" in move.needs,
            widget=forms.RadioSelect,
            error_messages={"required": move.reason_error, "invalid_choice": move.reason_error},
        )
        self.anchors["reason"] = "reason"

    def _ask_reason_for_family(self, move, current):
        self.fields["reason_for_family"] = forms.CharField(
            label=_("What to tell the family"),
            help_text=_(
                "The family will read this. Write to them in plain, kind words, without "
                "jargon. You must write it if you chose “another reason”. If you leave it "
                "empty, they see a plain sentence for the reason you chose."
            ),
            required=False,
            max_length=FAMILY_REASON_MAX,
            widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3,
                                         "aria-describedby": "reason_for_family-hint"}),
            error_messages={
                "max_length": _("What to tell the family must be %(limit_value)s characters "
                                "or fewer"),
            },
        )  # fmt: skip

    def _ask_suggested_service(self, move, current):
        self._service_choice(
            "suggested_service",
            _("Suggest another service to the family (optional)"),
            exclude=current,
            required=False,
        )

    def _ask_expected_start(self, move, current):
        for part in self.DATE_PARTS:
            self.fields[f"expected_start_{part}"] = forms.CharField(required=False)
        self.date_error = ""
        self.date_error_parts = ()

    def _ask_service(self, move, current):
        self._service_choice(
            "service",
            _("Which service should the request go to?"),
            exclude=current,
            required=True,
        )

    def _ask_outcome(self, move, current):
        self.fields["outcome"] = forms.ChoiceField(
            label=_("What was the outcome?"),
            choices=Outcome.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose the outcome"),
                "invalid_choice": _("Choose the outcome"),
            },
        )
        self.anchors["outcome"] = "outcome"

    def _service_choice(self, name, label, *, exclude, required):
        services = list(active_services(exclude=exclude))
        self._services = {str(service.pk): service for service in services}
        blank = _("Choose a service") if required else _("No suggestion")
        self.fields[name] = forms.ChoiceField(
            label=label,
            required=required,
            choices=grouped_choices(services, blank=blank),
            widget=forms.Select(attrs={"class": "govuk-select"}),
            error_messages={
                "required": _("Choose the service to pass the request to"),
                "invalid_choice": _("Choose a service from the list"),
            },
        )

    def clean_service(self):
        return self._services.get(self.cleaned_data["service"])

    def clean_suggested_service(self):
        return self._services.get(self.cleaned_data["suggested_service"])

    def clean(self):
        data = super().clean()
        if "expected_start" in self.move.asks:
            self._clean_expected_start(data)
        if (
            "reason_for_family" in self.move.asks
            and data.get("reason") == DeclineReason.OTHER
            and not data.get("reason_for_family", "").strip()
        ):
            self.add_error(
                "reason_for_family",
                _("Write what to tell the family, as you chose “another reason”"),
            )
        return data

    def _clean_expected_start(self, data):
        parts = {part: data.get(f"expected_start_{part}", "") for part in self.DATE_PARTS}
        missing = [part for part in self.DATE_PARTS if not parts[part]]
        day = month = year = None
        if len(missing) == 3:
            return self._date_error(_("Enter the date support is expected to start"), ["day"])
        if missing:
            words = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
            message = _("The expected start date must include %(parts)s") % {
                "parts": _(" and ").join(str(words[part]) for part in missing)
            }
            return self._date_error(message, missing)
        wrong = [part for part in self.DATE_PARTS if not re.fullmatch(r"\d{1,4}", parts[part])]
        if wrong:
            return self._date_error(_("The expected start date must be a real date"), wrong)
        day, month, year = (int(parts[part]) for part in self.DATE_PARTS)
        if len(parts["year"]) != 4:
            return self._date_error(_("Year must include 4 numbers"), ["year"])
        try:
            expected = date(year, month, day)
        except ValueError:
            return self._date_error(
                _("The expected start date must be a real date"), self.DATE_PARTS
            )
        if expected < timezone.localdate():
            return self._date_error(
                _("The expected start date must be today or in the future"), self.DATE_PARTS
            )
        data["expected_start"] = expected

    def _date_error(self, message, parts):
        self.date_error = message
        self.date_error_parts = tuple(parts)
        self.add_error(f"expected_start_{parts[0]}", message)

    @property
    def asked(self) -> list:
        """(detail, its field) for each detail the move asks, in order; the date is three."""
        return [(detail, self[detail] if detail in self.fields else None)
                for detail in self.move.asks]  # fmt: skip

    def move_details(self) -> dict:
        """The keyword arguments for actions.move_request: the note and what the move asks."""
        data = self.cleaned_data
        details = {"note": data.get("note", "")}
        for detail in self.move.asks:
            details[detail] = data.get(detail) or ("" if detail.startswith("reason") else None)
        return details


class MergeForm(forms.Form):
    into = forms.UUIDField(widget=forms.HiddenInput)


class SafeguardingStepForm(forms.Form):
    """What was done about a possible safeguarding concern (referrals/safeguarding.py)."""

    step = forms.ChoiceField(
        label=_("What did you do about this concern?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the safeguarding step you took"),
            "invalid_choice": _("Choose the safeguarding step you took"),
        },
    )
    note = forms.CharField(
        label=_("Note for the request's history"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        error_messages={"max_length": _("The note must be %(limit_value)s characters or fewer")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, choices=(), **kwargs):
        kwargs.setdefault("auto_id", "%s")  # ids the hand-written labels point at
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = choices

    def error_links(self) -> list[tuple[str, str]]:
        anchors = {"step": "step", "note": "note", "version": "step", "__all__": "step"}
        return [
            (anchors.get(name, name), message)
            for name, messages in self.errors.items()
            for message in messages
        ]
