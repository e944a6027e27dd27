"""Partners' feeds pulled on a schedule (interchange/pulls.py, decision 0047), against a real
HTTP server on 127.0.0.1 serving the ORUK validator's mock feeds (from ORUK_SPEC_DIR) and
feeds written here: due times, one pull at a time, the existing importer's report, a clear
record of each failure, a message after failures in a row, and a hold (instead of an import)
when a pull would archive many services."""

import json
import time as clock
from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from familyhub.accounts.models import Role
from familyhub.directory import models as m
from familyhub.interchange import export, feed_web, pulls, runner
from familyhub.interchange.models import (
    Frequency,
    ImportKind,
    ImportRun,
    PartnerFeed,
    RunStatus,
    Weekday,
)
from familyhub.notifications.models import Message
from tests.referrals.helpers import person
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

DEFAULT = "V3.0-UK-Default"
DEFAULT_SERVICE = "ac148810-d857-441c-9679-408f346de14b"


@pytest.fixture(autouse=True)
def local_feeds_allowed(settings):
    """The test's server is on 127.0.0.1, which pages refuse in production."""
    settings.INTERCHANGE_ALLOW_PRIVATE_FEEDS = True


def register(url, **fields) -> PartnerFeed:
    """A daily feed due at 06:00, registered two days ago: due now."""
    defaults = {"name": "Partner feed", "time_of_day": time(6, 0),
                "created_at": timezone.now() - timedelta(days=2)}  # fmt: skip
    return PartnerFeed.objects.create(url=url, **(defaults | fields))


def later(hours=25):
    return timezone.now() + timedelta(hours=hours)


# --- when a feed is due -------------------------------------------------------------------


def test_a_daily_feed_is_due_once_its_time_has_passed_in_uk_time():
    feed = PartnerFeed(time_of_day=time(6, 30), created_at=datetime(2026, 6, 1, tzinfo=UTC))
    summer_morning = datetime(2026, 6, 30, 5, 0, tzinfo=UTC)  # 06:00 BST: not yet
    assert pulls.latest_time(feed, summer_morning) == datetime(2026, 6, 29, 5, 30, tzinfo=UTC)
    assert pulls.next_time(feed, summer_morning) == datetime(2026, 6, 30, 5, 30, tzinfo=UTC)
    feed.last_queued_at = datetime(2026, 6, 29, 5, 31, tzinfo=UTC)
    assert not pulls.is_due(feed, summer_morning)
    assert pulls.is_due(feed, datetime(2026, 6, 30, 5, 30, tzinfo=UTC))
    winter = datetime(2026, 12, 30, 6, 31, tzinfo=UTC)  # 06:31 GMT
    assert pulls.latest_time(feed, winter) == datetime(2026, 12, 30, 6, 30, tzinfo=UTC)


def test_a_weekly_feed_waits_for_its_day_and_a_new_feed_for_its_first_time():
    wednesday = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    feed = PartnerFeed(frequency=Frequency.WEEKLY, weekday=Weekday.FRIDAY, time_of_day=time(7),
                       created_at=wednesday - timedelta(days=1))  # fmt: skip
    assert pulls.latest_time(feed, wednesday) == datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    assert not pulls.is_due(feed, wednesday)  # registered since last Friday's time
    assert pulls.is_due(feed, datetime(2026, 12, 4, 7, 0, tzinfo=UTC))
    feed.enabled = False
    assert not pulls.is_due(feed, datetime(2026, 12, 4, 7, 0, tzinfo=UTC))


# --- a pull is the existing import, on the imports queue -----------------------------------


def test_a_due_feed_is_pulled_by_the_importer_and_its_result_noted(mocks, feed_server):
    feed_server.serve_mock_api(mocks / DEFAULT)
    feed = register(feed_server.url + "/")

    counts = pulls.queue_due_pulls()

    assert counts == {"queued": 1, "already_pulling": 0}
    run = ImportRun.objects.get(partner_feed=feed)
    assert (run.status, run.created, run.failed) == (RunStatus.FINISHED, 1, 0)
    assert m.Service._base_manager.filter(pk=DEFAULT_SERVICE).exists()
    assert f"Full record from {feed_server.url}/services/{DEFAULT_SERVICE}." in (
        run.results.get().notes
    )  # the importer's own report
    feed.refresh_from_db()
    assert feed.last_run == run and feed.failures_in_a_row == 0
    assert feed.last_result.startswith("Imported: 1 new, 0 changed")
    assert feed.standard == "ORUK 3.0 / HSDS 3"
    # Pulled since its time: not due again until tomorrow's.
    assert pulls.queue_due_pulls() == {"queued": 0, "already_pulling": 0}
    # Tomorrow the same feed is unchanged: the importer skips the record.
    assert pulls.queue_due_pulls(later()) == {"queued": 1, "already_pulling": 0}
    feed.refresh_from_db()
    assert feed.last_result.startswith("Imported: 0 new, 0 changed, 1 unchanged or skipped")


@pytest.mark.django_db(transaction=True)
def test_the_pull_is_queued_on_the_imports_queue_and_never_twice_at_once(
    database_tasks, feed_server, mocks
):
    feed_server.serve_mock_api(mocks / DEFAULT)
    feed = register(feed_server.url + "/")
    data_manager = person(Role.DATA_MANAGER)

    pulls.queue_due_pulls()

    run = ImportRun.objects.get(partner_feed=feed)
    [task] = DBTaskResult.objects.all()
    assert (task.task_path, task.queue_name, task.args_kwargs["args"]) == (
        "familyhub.interchange.pulls.pull_feed", "imports", [str(run.pk)]
    )  # fmt: skip
    # Its next time comes while the first is still waiting: no second pull.
    assert pulls.queue_due_pulls(later()) == {"queued": 0, "already_pulling": 1}
    assert pulls.pull_now(feed, by=data_manager) is None
    assert ImportRun.objects.filter(partner_feed=feed).count() == 1

    run_worker(queue="imports")

    run.refresh_from_db()
    assert (run.status, run.created) == (RunStatus.FINISHED, 1)
    assert pulls.pull_now(feed, by=data_manager) is not None  # ended: a new pull may start


# --- failures: each recorded with its reason; the data manager told after N in a row --------


def _not_oruk(query):
    return 200, "application/json", json.dumps({"hello": "world"}).encode()


def _slow(query):
    clock.sleep(1.5)
    return 200, "application/json", b"{}"


@pytest.mark.parametrize(
    "route, words",
    [
        ((500, "text/plain", b"Oops"), "answered 500 Internal Server Error, not 200 OK"),
        (_not_oruk, "not an ORUK feed"),
        (_slow, "no answer within 0.5 seconds"),
    ],
    ids=["http-error", "not-oruk", "timeout"],
)
def test_a_feed_that_cannot_be_read_fails_with_the_reason(feed_server, monkeypatch, route, words):
    monkeypatch.setattr(feed_web, "TIMEOUT_SECONDS", 0.5)
    feed_server.routes["/services"] = route
    feed = register(feed_server.url + "/services")

    pulls.queue_due_pulls()

    run = ImportRun.objects.get(partner_feed=feed)
    assert run.status == RunStatus.FAILED
    assert words in run.error
    feed.refresh_from_db()
    assert (feed.last_result, feed.failures_in_a_row) == (run.error, 1)


def test_the_data_manager_is_told_once_after_failures_in_a_row(feed_server, settings, mocks):
    settings.INTERCHANGE_PULL_FAILURES_TO_TELL = 3
    manager = person(Role.DATA_MANAGER, email="feeds@example.org")
    feed_server.routes["/services"] = (503, "text/plain", b"Down")
    feed = register(feed_server.url + "/services", managed_by=manager)
    told = Message.objects.filter(kind="partner_feed_failing")  # (addresses are encrypted)

    for day in range(4):
        pulls.queue_due_pulls(later(25 * day))
        if day < 2:
            assert not told.exists()

    feed.refresh_from_db()
    assert feed.failures_in_a_row == 4
    [message] = told  # at the third failure, not again at the fourth
    assert (message.to, message.reference) == ("feeds@example.org", feed.reference)
    assert str(feed.pk) in message.personalisation["link"]
    # The feed answers again: the count starts over.
    feed_server.serve_mock_api(mocks / DEFAULT)
    pulls.queue_due_pulls(later(25 * 4))
    feed.refresh_from_db()
    assert (feed.failures_in_a_row, feed.last_run.status) == (0, RunStatus.FINISHED)


# --- a pull that would archive many services is held for the data manager ------------------


def _page(records) -> bytes:
    page = {"total_items": len(records), "total_pages": 1, "page_number": 1,
            "size": len(records), "first_page": True, "last_page": True,
            "empty": not records, "contents": records}  # fmt: skip
    return json.dumps(page).encode()


def test_a_pull_that_would_archive_many_services_is_held_until_imported_anyway(
    feed_server, settings, client
):
    settings.INTERCHANGE_PULL_ARCHIVE_LIMIT = 3
    records = [r for r in json.loads("".join(export.oruk_json()))["contents"]
               if r["status"] == "active"][:3]  # fmt: skip
    ids = [r["id"] for r in records]
    closed = [{**r, "status": "inactive"} for r in records]
    feed_server.routes["/services"] = (200, "application/json", _page(closed))
    manager = person(Role.DATA_MANAGER, email="held@example.org")
    feed = register(feed_server.url + "/services", managed_by=manager)

    pulls.queue_due_pulls()

    run = ImportRun.objects.get(partner_feed=feed)
    assert run.status == RunStatus.HELD and run.processed == 0
    assert "would archive 3 services" in run.error
    assert set(m.Service.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"active"}
    [held] = Message.objects.filter(kind="partner_feed_held")
    assert (held.to, held.reference) == ("held@example.org", feed.reference)
    client.force_login(manager)
    page = client.get(reverse("interchange:partner_feed", args=[feed.pk])).content.decode()
    assert "would archive 3 services" in page and "Import it anyway" in page

    response = client.post(reverse("interchange:pull_feed", args=[feed.pk]), {"anyway": "1"})

    anyway = ImportRun.objects.filter(partner_feed=feed).exclude(pk=run.pk).get()
    assert response.url == reverse("interchange:run", args=[anyway.pk])
    assert (anyway.status, anyway.updated, anyway.started_by) == (RunStatus.FINISHED, 3, manager)
    assert set(m.Service.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "inactive"
    }


def test_fewer_archived_than_the_limit_are_imported_as_usual(feed_server, settings):
    settings.INTERCHANGE_PULL_ARCHIVE_LIMIT = 3
    records = [r for r in json.loads("".join(export.oruk_json()))["contents"]
               if r["status"] == "active"][:2]  # fmt: skip
    feed_server.routes["/services"] = (
        200, "application/json", _page([{**r, "status": "inactive"} for r in records])
    )  # fmt: skip
    feed = register(feed_server.url + "/services")

    pulls.queue_due_pulls()

    assert feed.runs.get().status == RunStatus.FINISHED
    assert m.Service.objects.get(pk=records[0]["id"]).status == "inactive"


# --- the data pages -------------------------------------------------------------------------


def test_a_data_manager_registers_a_feed_and_sees_its_errors_kept(client):
    client.force_login(person(Role.DATA_MANAGER))
    url = reverse("interchange:partner_feeds")

    typed = {"name": "", "url": "ftp://example.org/feed", "frequency": "daily", "weekday": "0",
             "time_of_day": "25:00"}  # fmt: skip
    refused = client.post(url, typed)

    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Enter a name for the feed" in body
    assert "Enter a time on the 24-hour clock" in body
    assert "ftp://example.org/feed" in body  # what was typed is kept
    assert not PartnerFeed.objects.exists()

    saved = client.post(url, {"name": "Kent County Council", "url": "http://127.0.0.1:9/services",
                              "frequency": "weekly", "weekday": "4", "time_of_day": "06:30",
                              "enabled": "on"})  # fmt: skip

    feed = PartnerFeed.objects.get()
    assert saved.url == reverse("interchange:partner_feed", args=[feed.pk])
    assert (feed.frequency, feed.weekday, feed.time_of_day) == ("weekly", 4, time(6, 30))
    listing = client.get(url).content.decode()
    assert "Kent County Council" in listing and "Not pulled yet" in listing


def test_pages_refuse_a_feed_inside_our_own_network(client, settings):
    settings.INTERCHANGE_ALLOW_PRIVATE_FEEDS = False
    client.force_login(person(Role.DATA_MANAGER))

    response = client.post(reverse("interchange:partner_feeds"), {
        "name": "Inside", "url": "http://127.0.0.1/services", "frequency": "daily",
        "weekday": "0", "time_of_day": "06:30"})  # fmt: skip

    assert response.status_code == 400
    assert "inside a private network" in response.content.decode()


# --- a pull whose worker stopped ------------------------------------------------------------


def _interrupted_pull(feed, attempts):
    return ImportRun.objects.create(
        kind=ImportKind.ORUK, source=feed.url, partner_feed=feed, status=RunStatus.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


def test_an_interrupted_pull_is_pulled_again_with_its_checks(feed_server, mocks, settings):
    settings.INTERCHANGE_RUN_STALE_MINUTES = 30
    feed_server.serve_mock_api(mocks / DEFAULT)
    feed = register(feed_server.url + "/")
    run = _interrupted_pull(feed, attempts=1)

    assert pulls.requeue_interrupted_pulls() == {"requeued": 1, "failed": 0}
    assert runner.requeue_interrupted() == {"requeued": 0, "failed": 0}  # not a page's run

    run.refresh_from_db()  # (the tests' tasks run at once: attempt 2 has run it)
    assert (run.status, run.attempts, run.created) == (RunStatus.FINISHED, 2, 1)
    feed.refresh_from_db()
    assert feed.last_run == run and feed.last_result.startswith("Imported: 1 new")


def test_a_pull_interrupted_at_its_last_attempt_fails_and_counts_as_a_failure(settings):
    settings.INTERCHANGE_RUN_ATTEMPTS = 2
    feed = register("http://127.0.0.1:9/services")
    run = _interrupted_pull(feed, attempts=2)

    assert pulls.requeue_interrupted_pulls() == {"requeued": 0, "failed": 1}

    feed.refresh_from_db()
    assert (feed.last_run, feed.failures_in_a_row) == (run, 1)
    assert feed.last_result.startswith("The import was interrupted 2 times")
