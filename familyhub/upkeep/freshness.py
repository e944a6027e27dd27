"""How fresh a service's details are: reminded at 6 months, "may be out of date" at 12.

A service never checked counts from the day it was added.
"""

from calendar import monthrange
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import Service
from familyhub.upkeep import telling
from familyhub.upkeep.models import FreshnessReminder

REMIND_AFTER_MONTHS = 6
OUT_OF_DATE_AFTER_MONTHS = 12
# Services families can still find (archived ones are not chased).
LISTED = [ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED]


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day if that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def checked_or_added(service: Service) -> date:
    return service.last_checked_on or timezone.localtime(service.created_at).date()


def is_out_of_date(service: Service, today: date | None = None) -> bool:
    """12 months or more since the details were last checked (only once it was checked:
    a never-checked service says "Not checked yet" to the public instead)."""
    today = today or timezone.localdate()
    return bool(service.last_checked_on) and service.last_checked_on <= months_before(
        today, OUT_OF_DATE_AFTER_MONTHS
    )


def is_due_for_check(service: Service, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return checked_or_added(service) <= months_before(today, REMIND_AFTER_MONTHS)


def stale_filter(today: date, months: int) -> Q:
    """As a WHERE: checked `months` ago or more, or never checked and added that long ago."""
    cutoff = months_before(today, months)
    return Q(last_checked_on__lte=cutoff) | Q(
        last_checked_on__isnull=True, created_at__date__lte=cutoff
    )


def remind_stale_services(today: date | None = None) -> dict:
    """Ask providers to check services not checked for 6 months: once per check date."""
    today = today or timezone.localdate()
    due = (
        Service.objects.filter(status__in=LISTED)
        .filter(stale_filter(today, REMIND_AFTER_MONTHS))
        .select_related("organisation")
        .order_by("organisation__name", "name", "id")
    )
    counts = {"services": 0, "messages": 0, "already_reminded": 0}
    reminded = set(
        FreshnessReminder.objects.filter(service__in=due).values_list("service_id", "checked_on")
    )
    for service in due:
        checked_on = checked_or_added(service)
        if (service.pk, checked_on) in reminded:
            counts["already_reminded"] += 1
            continue
        try:
            with transaction.atomic():
                FreshnessReminder.objects.create(service=service, checked_on=checked_on)
                counts["messages"] += telling.check_due(service)
        except IntegrityError:  # another run got there first
            counts["already_reminded"] += 1
            continue
        counts["services"] += 1
    return counts
