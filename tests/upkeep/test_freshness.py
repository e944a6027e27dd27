"""Freshness: the 6-month reminder (idempotent), the public 12-month banner, the data
managers' flag."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from familyhub.notifications.models import Message
from familyhub.upkeep.freshness import months_before, remind_stale_services
from familyhub.upkeep.models import FreshnessReminder
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

BANNER = "This information may be out of date."


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 30), 6, date(2026, 5, 30)),
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2026, 1, 15), 12, date(2025, 1, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_reminders_go_at_six_months_once_per_check(service, provider):
    today = date(2026, 11, 30)
    service.last_checked_on = date(2026, 5, 30)
    service.save()
    recent = ServiceFactory(organisation=service.organisation, last_checked_on=date(2026, 6, 1))
    archived = ServiceFactory(
        organisation=service.organisation, last_checked_on=date(2020, 1, 1), status="inactive"
    )

    remind_stale_services(today)  # the demo directory's services are reminded too
    ours = Message.objects.filter(kind="directory_check_due", reference=str(service.pk))
    assert [m.to for m in ours.all()] == [provider.email]
    assert not FreshnessReminder.objects.filter(service__in=[recent, archived]).exists()
    assert not Message.objects.filter(reference__in=[str(recent.pk), str(archived.pk)]).exists()

    # Running again the same day sends nothing new.
    before = Message.objects.count()
    out = StringIO()
    call_command("remind_stale_services", "--today", "2026-11-30", stdout=out)
    assert "Reminded about 0 services" in out.getvalue()
    assert Message.objects.count() == before

    # Once checked again, the next reminder is six months after that check.
    service.last_checked_on = date(2026, 12, 1)
    service.save()
    remind_stale_services(date(2027, 5, 31))
    assert ours.count() == 1
    remind_stale_services(date(2027, 6, 1))
    assert ours.count() == 2


def test_an_organisation_without_staff_accounts_is_reminded_at_its_mailbox(organisation):
    service = ServiceFactory(organisation=organisation, last_checked_on=date(2025, 1, 1))
    remind_stale_services(date(2026, 11, 30))
    told = Message.objects.filter(kind="directory_check_due", reference=str(service.pk))
    assert [m.to for m in told] == [organisation.email]


def test_the_command_explains_a_bad_date():
    with pytest.raises(Exception, match="--today must be a date"):
        call_command("remind_stale_services", "--today", "yesterday")


def test_the_public_page_warns_at_twelve_months_only(client, service):
    page = reverse("finder:service", kwargs={"service_id": service.pk})
    today = timezone.localdate()
    service.last_checked_on = months_before(today, 12) + timedelta(days=1)
    service.save()
    assert BANNER not in client.get(page).content.decode()
    service.last_checked_on = months_before(today, 12)
    service.save()
    assert BANNER in client.get(page).content.decode()


def test_the_data_managers_list_flags_out_of_date_services(client, service, data_manager):
    today = timezone.localdate()
    fresh = ServiceFactory(name="Fresh service", last_checked_on=today)
    service.last_checked_on = months_before(today, 13)
    service.save()
    client.force_login(data_manager)
    flagged = client.get(reverse("upkeep:services") + "?show=out_of_date").content.decode()
    assert service.name in flagged and fresh.name not in flagged
    assert "May be out of date" in flagged
