"""Running the schedule: APScheduler keeps the times (schedule.py's cron fields, in the
council's time zone) and, at each, queues the job's task; a worker runs it. The scheduler
never runs a job itself, so a slow job never delays the next one's time.

Run exactly one (`manage.py run_schedule`). A second would queue each job twice: harmless,
since every job is idempotent, but wasted work.
"""

import logging
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from familyhub.jobs.models import BackgroundWork
from familyhub.jobs.schedule import SCHEDULE, Job

logger = logging.getLogger(__name__)


def queue_job(job: Job):
    """Queue one job's task now; its task result."""
    _drop_old_connections()  # the scheduler's threads keep connections between jobs
    try:
        result = job.task.enqueue()
        logger.debug("Queued %s (%s)", job.key, result.id)
        return result
    finally:
        _drop_old_connections()


def _drop_old_connections():
    """Like close_old_connections, but never in the middle of a transaction."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def build_scheduler(schedule=SCHEDULE) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
    for job in schedule:
        scheduler.add_job(
            queue_job,
            job.trigger(),
            args=[job],
            id=job.key,
            name=job.name,
            coalesce=True,  # times missed while busy are queued once, not once each
            max_instances=1,
            misfire_grace_time=300,
        )
    return scheduler


def catch_up(schedule=SCHEDULE, *, now: datetime | None = None) -> list[Job]:
    """Queue, once, each catch-up job whose latest time passed with nothing queued for it
    (the scheduler was stopped then). Needs the database backend: its rows are the record."""
    now = now or timezone.now()
    queued = []
    for job in schedule:
        if not job.catch_up or not isinstance(job.task.get_backend(), DatabaseBackend):
            continue
        latest = job.latest_time(now)
        if latest is None:
            continue
        done = BackgroundWork.objects.filter(
            task_path=job.task.module_path, enqueued_at__gte=latest
        ).exists()
        if not done:
            queue_job(job)
            queued.append(job)
    return queued
