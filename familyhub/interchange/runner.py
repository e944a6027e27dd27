"""Import runs started from a page are background work: the page queues the task run_import
with the run's id and answers; a worker (`manage.py db_worker --queue-name imports`) runs it,
so a run goes on whatever happens to the web process. The run's own counts are the progress
the page shows.

One attempt at a time: an attempt claims a queued run with a conditional UPDATE (queued to
running, attempts + 1) and, as it goes, shows it is alive (a heartbeat after a batch, at most
every HEARTBEAT) only while it still holds the run. A worker asked to stop finishes its task
first, so a run is cut short only when its worker is killed or its machine stops. Then its
heartbeat stops, and after INTERCHANGE_RUN_STALE_MINUTES requeue_interrupted() (a scheduled
job) queues it again: the next attempt starts it over (its results so far are cleared;
records are matched by id, so nothing is doubled), up to INTERCHANGE_RUN_ATTEMPTS attempts,
and after that the run is marked failed with why. An attempt that finds its run taken over
stops at its next heartbeat. An error inside a run is not an interruption: the run fails at
once with the error (running it again would fail the same way), and so does its task.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from familyhub.interchange.csv_import import run_csv_import
from familyhub.interchange.models import ImportKind, ImportRun, RunStatus
from familyhub.interchange.oruk_import import run_oruk_import

logger = logging.getLogger(__name__)

HEARTBEAT = timedelta(seconds=15)
COUNTS = {"total": None, "processed": 0, "created": 0, "updated": 0, "skipped": 0, "failed": 0}


class RunTakenOver(Exception):
    """This attempt no longer holds the run: it was taken for interrupted and queued again."""


def start(run: ImportRun) -> None:
    """Queue a run made by a page. Inside the caller's transaction, if there is one: the
    database backend writes the task's row with the run's, so there are both or neither."""
    run_import.enqueue(str(run.pk))


@task(queue_name="imports")
def run_import(run_id: str) -> dict:
    """The worker's task: run a queued import to the end, if no other attempt holds it."""
    run = claim(run_id)
    if run is None:
        return {"run": run_id, "ran": False}  # running, finished or failed already
    heartbeat = Heartbeat(run)
    try:
        if run.kind == ImportKind.CSV:
            run_csv_import(run, run.upload, progress=heartbeat)
        else:
            run_oruk_import(run, progress=heartbeat)
    except RunTakenOver:
        logger.warning("Import run %s attempt %s stopped: taken over", run_id, run.attempts)
        return {"run": run_id, "ran": False, "taken_over": True}
    except Exception as error:
        fail(run, f"The import stopped with an error: {type(error).__name__}: {error}"[:1000])
        raise  # the task fails too: the administrators' page shows its traceback
    return {"run": run_id, "ran": True, "status": run.status, "processed": run.processed}


def claim(run_id, *, now: datetime | None = None) -> ImportRun | None:
    """Take a queued run for this attempt: the run, or None if it is not waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now
        )
        if not claimed:
            return None
        run = ImportRun.objects.get(pk=run_id)
        if run.attempts > 1:  # started over: what the interrupted attempt reported goes
            run.results.all().delete()
            ImportRun.objects.filter(pk=run_id).update(**COUNTS, error="")
            run.refresh_from_db()
    return run


class Heartbeat:
    """The progress callback of an attempt: now and then, shows it still holds the run."""

    def __init__(self, run: ImportRun):
        self.run_id, self.attempt = run.pk, run.attempts
        self.last = timezone.now()

    def __call__(self, _run=None):
        now = timezone.now()
        if now - self.last >= HEARTBEAT:
            beat(self.run_id, self.attempt, now=now)
            self.last = now


def beat(run_id, attempt: int, *, now: datetime | None = None) -> None:
    held = ImportRun.objects.filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING)
    if not held.update(heartbeat_at=now or timezone.now()):
        raise RunTakenOver(f"Import run {run_id}: attempt {attempt} no longer holds it")


def fail(run: ImportRun, error: str) -> None:
    ImportRun.objects.filter(pk=run.pk, attempts=run.attempts, status=RunStatus.RUNNING).update(
        status=RunStatus.FAILED, error=error, finished_at=timezone.now(), upload=""
    )


def stale_after() -> timedelta:
    return timedelta(minutes=settings.INTERCHANGE_RUN_STALE_MINUTES)


def requeue_interrupted(
    *, now: datetime | None = None, runs=None, task=None, on_failed=None
) -> dict:
    """Runs whose attempt stopped showing it was alive: queued again, or failed after the last
    attempt. Counts of each. (Command-line runs are never touched: they have no attempts.)
    `runs` and `task` are for runs that another task runs (a partner feed's pulls: pulls.py);
    by default, the runs started from a page, queued again to run_import; `on_failed(run_id)`
    is called for each run failed here."""
    now = now or timezone.now()
    runs = ImportRun.objects.filter(partner_feed__isnull=True) if runs is None else runs
    task = task or run_import
    counts = {"requeued": 0, "failed": 0}
    interrupted = runs.filter(
        status=RunStatus.RUNNING, attempts__gte=1, heartbeat_at__lt=now - stale_after()
    )
    for run_id, attempts in interrupted.values_list("pk", "attempts"):
        still = interrupted.filter(pk=run_id, attempts=attempts)
        if attempts >= settings.INTERCHANGE_RUN_ATTEMPTS:
            error = (
                f"The import was interrupted {attempts} times (the worker running it stopped). "
                "Import it again: records are matched by id, so nothing is doubled."
            )
            if still.update(status=RunStatus.FAILED, error=error, finished_at=now, upload=""):
                counts["failed"] += 1
                if on_failed:
                    on_failed(run_id)
            continue
        with transaction.atomic():
            if still.update(status=RunStatus.QUEUED):
                task.enqueue(str(run_id))
                counts["requeued"] += 1
    return counts
