"""Demonstration partners' feeds (scripts/demo): one pulled well, one held because it would
archive many services, one failing. Their addresses end in .invalid (a name that never
resolves), so the demo's scheduler pulls nothing from the internet: their pulls fail, and say
why, as a real feed's would."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from familyhub.directory.models import Organisation
from familyhub.interchange.models import (
    Frequency,
    ImportKind,
    ImportRun,
    PartnerFeed,
    RunStatus,
    Weekday,
)
from familyhub.interchange.pulls import held_reason

DATA_MANAGER = "datamanager@example.org"
FEEDS = [
    # name, address, frequency, weekday, time, organisation name (if in the directory)
    ("Medway Community Healthcare services",
     "https://directory.medway-community-healthcare.invalid/api/oruk/v3/",
     Frequency.WEEKLY, Weekday.MONDAY, time(6, 0), "Medway Community Healthcare"),
    ("Kent County Council family services (ORUK 1.0)",
     "https://kent-family-services.invalid/api/services",
     Frequency.DAILY, Weekday.MONDAY, time(5, 30), ""),
    ("Medway Parent Carer Forum directory",
     "https://directory.medway-parent-carer-forum.invalid/oruk/services",
     Frequency.DAILY, Weekday.MONDAY, time(7, 0), "Medway Parent Carer Forum"),
]  # fmt: skip


def loaded() -> bool:
    return PartnerFeed.objects.filter(url=FEEDS[0][1]).exists()


def load_demo_partner_feeds() -> int:
    manager = get_user_model().objects.filter(email=DATA_MANAGER).first()
    now = timezone.now()
    feeds = []
    for name, url, frequency, weekday, at, organisation in FEEDS:
        feeds.append(
            PartnerFeed.objects.create(
                name=name, url=url, frequency=frequency, weekday=weekday, time_of_day=at,
                organisation=Organisation.objects.filter(name=organisation).first()
                if organisation else None,
                managed_by=manager, created_at=now - timedelta(days=30),
                last_queued_at=now - timedelta(hours=20),
            )
        )  # fmt: skip
    good, held, failing = feeds
    _ran(good, RunStatus.FINISHED, created=4, updated=11, skipped=163, processed=178,
         result="Imported: 4 new, 11 changed, 163 unchanged or skipped, 0 failed.",
         standard="ORUK 3.0 / HSDS 3")  # fmt: skip
    _ran(held, RunStatus.HELD, error=held_reason(27), standard="ORUK 1.0")
    error = f"{failing.url} answered 503 Service Unavailable, not 200 OK."
    _ran(failing, RunStatus.FAILED, error=error, failures=3)
    return len(feeds)


def _ran(feed, status, *, error="", result="", standard="", failures=0, **counts):
    run = ImportRun.objects.create(
        kind=ImportKind.ORUK, source=feed.url, status=status, partner_feed=feed, error=error,
        started_at=feed.last_queued_at, finished_at=feed.last_queued_at + timedelta(minutes=2),
        **counts,
    )  # fmt: skip
    feed.last_run, feed.last_result = run, result or error
    feed.standard, feed.failures_in_a_row = standard, failures
    feed.save(update_fields=["last_run", "last_result", "standard", "failures_in_a_row"])
