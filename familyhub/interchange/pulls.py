"""Scheduled pulls of partners' feeds (decision 0047).

A data manager registers a partner's feed (models.PartnerFeed: its address, daily or weekly at a
time). Every few minutes the scheduler's job `pull_partner_feeds` calls queue_due_pulls(): each
enabled feed whose time has come since its last pull gets an ImportRun, and the task
pull_feed is queued for it on the `imports` queue, where the import worker runs it. A feed with
a pull waiting or running gets no second one (the feed's row is locked while this is decided).

A pull is an ordinary import (oruk_import: the same checks, report and review of held records),
with one check first: the whole feed is read, and if importing it would archive many services
that are active here (their records now say inactive, defunct or temporarily closed), nothing is
written: the run is held, and the data manager is told; they can import it anyway from the
feed's page. A feed that cannot be read (an HTTP error, no answer in time, not an ORUK feed)
fails its run with the reason; after PULL_FAILURES_TO_TELL failures in a row its data manager
is told, once. Records that were in the feed before and are not now are left as they are (the
importer never removes a service) and counted in the feed's last result.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from familyhub.accounts.models import Role
from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import Service
from familyhub.interchange import runner
from familyhub.interchange.feed_pages import Feed, FeedError
from familyhub.interchange.feeds import open_feed
from familyhub.interchange.models import (
    FeedRecord,
    Frequency,
    ImportRun,
    PartnerFeed,
    RunStatus,
)
from familyhub.interchange.oruk_import import id_namespace, run_oruk_import, start_run
from familyhub.interchange.reading import record_uuid
from familyhub.notifications.services import InvalidMessage, queue_message

logger = logging.getLogger(__name__)

IN_PROGRESS = (RunStatus.QUEUED, RunStatus.RUNNING)


# --- when a feed is due -------------------------------------------------------------------


def latest_time(feed: PartnerFeed, now: datetime) -> datetime:
    """The feed's latest scheduled time at or before now, in the council's time zone."""
    zone = timezone.get_current_timezone()
    local = timezone.localtime(now, zone)
    day = local.date()
    if feed.frequency == Frequency.WEEKLY:
        day -= timedelta(days=(local.weekday() - feed.weekday) % 7)
    step = timedelta(days=7 if feed.frequency == Frequency.WEEKLY else 1)
    due = datetime.combine(day, feed.time_of_day, tzinfo=zone)
    if due > local:
        due = datetime.combine(day - step, feed.time_of_day, tzinfo=zone)
    return due


def is_due(feed: PartnerFeed, now: datetime) -> bool:
    """Due when a scheduled time has passed since its last pull (or since it was registered:
    a new feed waits for its first time; "pull now" is there for sooner)."""
    since = feed.last_queued_at or feed.created_at
    return feed.enabled and latest_time(feed, now) > since


def next_time(feed: PartnerFeed, now: datetime) -> datetime:
    step = timedelta(days=7 if feed.frequency == Frequency.WEEKLY else 1)
    return latest_time(feed, now) + step


# --- queueing -----------------------------------------------------------------------------


def queue_due_pulls(now: datetime | None = None) -> dict:
    """The scheduled job: a pull for each feed that is due, none for one already pulling."""
    now = now or timezone.now()
    counts = {"queued": 0, "already_pulling": 0}
    for feed_id in PartnerFeed.objects.filter(enabled=True).values_list("pk", flat=True):
        with transaction.atomic():
            feed = PartnerFeed.objects.select_for_update().get(pk=feed_id)
            if not is_due(feed, now):
                continue
            if queue_pull(feed, now=now) is None:
                counts["already_pulling"] += 1
            else:
                counts["queued"] += 1
    return counts


@transaction.atomic
def pull_now(feed: PartnerFeed, *, by, approve_archiving=False) -> ImportRun | None:
    """A data manager's "pull now" (or "import it anyway" after a hold): None if a pull of
    this feed is waiting or running already."""
    feed = PartnerFeed.objects.select_for_update().get(pk=feed.pk)
    return queue_pull(feed, by=by, approve_archiving=approve_archiving)


def queue_pull(feed, *, by=None, now=None, approve_archiving=False) -> ImportRun | None:
    """Inside a transaction holding the feed's row: its run, and the task that runs it."""
    if feed.runs.filter(status__in=IN_PROGRESS).exists():
        return None
    public_only = not getattr(settings, "INTERCHANGE_ALLOW_PRIVATE_FEEDS", False)
    run = start_run(feed.url, user=by, public_only=public_only)
    run.partner_feed = feed
    run.archiving_approved = approve_archiving
    run.save(update_fields=["partner_feed", "archiving_approved"])
    feed.last_queued_at = now or timezone.now()
    feed.save(update_fields=["last_queued_at"])
    pull_feed.enqueue(str(run.pk))
    return run


def requeue_interrupted_pulls(now: datetime | None = None) -> dict:
    """Pulls whose worker stopped: queued again to pull_feed (so the hold check is made), or
    failed after the last attempt, and the feed's result noted."""
    pulls = ImportRun.objects.filter(partner_feed__isnull=False)
    return runner.requeue_interrupted(now=now, runs=pulls, task=pull_feed, on_failed=note_result)


# --- the pull itself ----------------------------------------------------------------------


@task(queue_name="imports")
def pull_feed(run_id: str) -> dict:
    """The import worker's task: read the feed, hold it if it would archive many services,
    else import it; then note the result on the feed (and tell its data manager if need be)."""
    run = runner.claim(run_id)
    if run is None:
        return {"run": run_id, "ran": False}
    try:
        pull(run, progress=runner.Heartbeat(run))
    except runner.RunTakenOver:
        return {"run": run_id, "ran": False, "taken_over": True}
    except Exception as error:
        runner.fail(run, f"The pull stopped with an error: {type(error).__name__}: {error}"[:1000])
        note_result(run.pk)
        raise
    note_result(run.pk)
    run.refresh_from_db()
    return {"run": run_id, "ran": True, "status": run.status, "processed": run.processed}


def pull(run: ImportRun, *, progress=None) -> ImportRun:
    """Read the whole feed first (so a feed that stops part way writes nothing, and what it
    would archive is known), then hold it or import it."""
    try:
        opened = open_feed(run.source, public_only=run.public_only)
        items = list(opened.items)
    except FeedError as error:
        return _finish(run, RunStatus.FAILED, str(error))
    archiving = would_archive(run.source, items)
    if archiving >= settings.INTERCHANGE_PULL_ARCHIVE_LIMIT and not run.archiving_approved:
        return _finish(run, RunStatus.HELD, held_reason(archiving))
    return run_oruk_import(run, feed=Feed(opened.source, iter(items), len(items)),
                           progress=progress)  # fmt: skip


def held_reason(archiving: int) -> str:
    return (
        f"Held, nothing imported: this pull would archive {archiving} services that are "
        "active here (the feed now says they are inactive, defunct or temporarily closed). "
        "Check with the partner, then import it anyway from the feed's page if it is right."
    )


def _finish(run: ImportRun, status: str, error: str) -> ImportRun:
    run.status, run.error, run.finished_at = status, error, timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run


def would_archive(source: str, items) -> int:
    """How many services active here the feed's records would make not active."""
    namespace = id_namespace(source)
    ids = set()
    for item in items:
        record = item.record if isinstance(item.record, dict) else {}
        status = str(record.get("status") or "").strip().lower()
        if not status or status == ServiceStatus.ACTIVE:
            continue
        try:
            ids.add(record_uuid(record.get("id"), namespace))
        except (TypeError, ValueError):
            continue
    return Service.objects.filter(pk__in=ids, status=ServiceStatus.ACTIVE).count()


def gone_from_feed(run: ImportRun) -> int:
    """Services imported from this address before that this run did not see (left as they
    are: the importer never removes a service)."""
    seen = run.results.exclude(record_id="").values_list("record_id", flat=True)
    namespace = id_namespace(run.source)
    seen_ids = set()
    for raw in seen:
        try:
            seen_ids.add(record_uuid(raw, namespace))
        except (TypeError, ValueError):
            continue
    return FeedRecord.objects.filter(source=run.source).exclude(record_id__in=seen_ids).count()


# --- after a pull -------------------------------------------------------------------------


def note_result(run_id) -> PartnerFeed | None:
    """The feed's last result, its failures in a row, and a message when its data manager
    needs to act (held, or failing PULL_FAILURES_TO_TELL times in a row)."""
    run = ImportRun.objects.select_related("partner_feed").get(pk=run_id)
    feed = run.partner_feed
    if feed is None:
        return None
    feed.last_run = run
    if run.status == RunStatus.FINISHED:
        feed.failures_in_a_row = 0
        feed.last_result = _finished_text(run)
        feed.standard = standard_read(run)
    elif run.status == RunStatus.FAILED:
        feed.failures_in_a_row += 1
        feed.last_result = run.error
        if feed.failures_in_a_row == settings.INTERCHANGE_PULL_FAILURES_TO_TELL:
            tell_data_manager(feed, "partner_feed_failing")
    elif run.status == RunStatus.HELD:
        feed.last_result = run.error
        tell_data_manager(feed, "partner_feed_held")
    feed.save(update_fields=["last_run", "failures_in_a_row", "last_result", "standard"])
    return feed


def _finished_text(run: ImportRun) -> str:
    text = (
        f"Imported: {run.created} new, {run.updated} changed, {run.skipped} unchanged or "
        f"skipped, {run.failed} failed."
    )
    gone = gone_from_feed(run)
    if gone:
        text += f" {gone} imported before are no longer in the feed (left as they are)."
    return text


def standard_read(run: ImportRun) -> str:
    """Which generation of the standard the importer found (it reads any; nothing is asked)."""
    if run.results.filter(notes__icontains="Read as ORUK 1.0").exists():
        return "ORUK 1.0"
    return "ORUK 3.0 / HSDS 3" if run.processed else ""


def tell_data_manager(feed: PartnerFeed, kind: str) -> int:
    """Email the feed's data manager (or, with none named, every data manager): a reference
    and a link to the feed's page, nothing else. How many were queued."""
    if feed.managed_by_id and feed.managed_by.email and feed.managed_by.is_active:
        addresses = [feed.managed_by.email]
    else:
        addresses = list(
            get_user_model()
            .objects.filter(profile__role=Role.DATA_MANAGER, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    link = settings.SITE_URL + reverse("interchange:partner_feed", args=[feed.pk])
    queued = 0
    for address in addresses:
        try:
            queue_message(channel="email", to=address, kind=kind, reference=feed.reference,
                          link=link)  # fmt: skip
            queued += 1
        except InvalidMessage as problem:
            logger.warning("Message about feed %s not queued: %s", feed.reference, problem)
    return queued
