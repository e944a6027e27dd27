"""A request's status in plain English, for the family."""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familyhub.referrals.overdue import is_overdue
from familyhub.referrals.states import DeclineReason, Outcome, Status
from familyhub.referrals.working_days import add_working_days

# After a late start, the service has this long to update the family before the family is
# told to contact them.
LATE_START_REPLY_WORKING_DAYS = 5


def status_for_family(support_request, today=None) -> dict:
    """A short title and a sentence saying what it means and what happens next; for a request
    whose support has not started by its expected start, what happens now ("late")."""
    service = (
        support_request.service.name if support_request.service else _("Medway's early help team")
    )
    # In the reader's language: "Tuesday 3 December", "wtorek 3 grudnia" (E: the month's name as
    # it is said after a day, the genitive in Polish).
    decide_by = date_format(support_request.decide_by, "l j E")
    status = support_request.status
    words = {
        Status.SUBMITTED: _("%(service)s has your request. They will reply by %(date)s.")
        % {"service": service, "date": decide_by},
        Status.RECEIVED: _("%(service)s is reading your request. They will decide by %(date)s.")
        % {"service": service, "date": decide_by},
        Status.ACCEPTED: _("%(service)s can help. They will contact you to arrange it.")
        % {"service": service},
        Status.WAITLISTED: _("You are on the waiting list. Support should start around %(date)s.")
        % {"date": date_format(support_request.expected_start, "j E Y")}
        if support_request.expected_start
        else _("You are on the waiting list. %(service)s will tell you when support can start.")
        % {"service": service},
        Status.DECLINED: _("%(service)s cannot help with this request.") % {"service": service},
        Status.REDIRECTED: _("Your request has been passed to a service that can help better."),
        Status.IN_PROGRESS: _("Your support has started."),
        Status.CLOSED: _("This support has finished."),
        Status.WITHDRAWN: _("This request was withdrawn."),
    }
    text = words[status]
    if status == Status.CLOSED and support_request.outcome == Outcome.SERVICE_CLOSED:
        text = _("%(service)s has closed, so this request was closed. We are sorry.") % {
            "service": service
        }
    if status == Status.ACCEPTED and support_request.expected_start:
        text += " " + _("Support should start around %(date)s.") % {
            "date": date_format(support_request.expected_start, "j E Y")
        }
    found = {"title": Status(status).label, "text": text, "tag": TAG_COLOURS.get(status, "grey")}
    today = today or timezone.localdate()
    if is_overdue(support_request, "start", today):
        found["late"] = True
        found["text"] = _(
            "%(service)s expected support to start by %(date)s. It has not started yet, so we "
            "are asking them to update you."
        ) % {"service": service, "date": date_format(support_request.expected_start, "j E Y")}
        heard_by = add_working_days(support_request.expected_start, LATE_START_REPLY_WORKING_DAYS)
        found["next_step"] = (
            _("If you have not heard from them by %(date)s, contact them.")
            % {"date": date_format(heard_by, "l j E")}
            if heard_by >= today
            else _("If you have not heard from them, contact them now.")
        )
    return found


TAG_COLOURS = {
    Status.SUBMITTED: "blue",
    Status.RECEIVED: "light-blue",
    Status.ACCEPTED: "green",
    Status.WAITLISTED: "yellow",
    Status.DECLINED: "red",
    Status.REDIRECTED: "purple",
    Status.IN_PROGRESS: "turquoise",
    Status.CLOSED: "grey",
    Status.WITHDRAWN: "grey",
}


# Why a request was declined, written to the family (staff choose the coded reason in their
# own words, states.DeclineReason; "another reason" is explained by the provider, in words
# written for the family: SupportRequest.reason_for_family).
DECLINE_REASONS_FOR_FAMILY = {
    DeclineReason.NOT_ELIGIBLE: _("This service is for families in a different situation."),
    DeclineReason.NEEDS_NOT_MATCHED: _("This service does not give the help you asked for."),
    DeclineReason.NEEDS_MORE_SUPPORT: _("Your family needs more specialist support than this "
                                        "service gives."),
    DeclineReason.OUT_OF_AREA: _("You live outside the area this service covers."),
    DeclineReason.ALREADY_SUPPORTED: _("Your family already has this support."),
    DeclineReason.DUPLICATE: _("You have already asked for this in another request."),
}  # fmt: skip


def decline_reason_for_family(support_request) -> str:
    """What the family is told about why: the provider's words for them, else the plain
    sentence for the coded reason. Never the staff note."""
    if support_request.reason_for_family:
        return support_request.reason_for_family
    reason = DECLINE_REASONS_FOR_FAMILY.get(support_request.decline_reason)
    return str(reason) if reason else ""


def service_phone(support_request) -> str:
    """The number a family rings about a request: the service's, or early help's."""
    if support_request.service_id:
        return support_request.service.phone or ""
    return settings.TRIAGE_PHONE
