"""The schedule of background work, declared here in code: what runs, and when.

`manage.py run_schedule` (one process, beside the workers) queues each job's task at its
times; a worker (`manage.py db_worker`) runs it. Times are cron fields (minute, hour, day of
the month, month, day of the week) in the council's time zone (TIME_ZONE, Europe/London). A
job with catch_up is queued once when the scheduler starts if its latest time passed while
the scheduler was stopped.

To add a job: write its task in familyhub/jobs/tasks.py (a @task() function that calls the
app's own function and returns its counts), then add one Job line to SCHEDULE below.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django_tasks.base import Task

from familyhub.jobs import tasks


@dataclass(frozen=True)
class Job:
    name: str  # what it does, in words an administrator reads
    task: Task
    cron: str  # "minute hour day month day-of-week"
    catch_up: bool = False

    @property
    def key(self) -> str:
        """The job's short name: its task's name (run_schedule --now <key>)."""
        return self.task.name

    def trigger(self) -> CronTrigger:
        return CronTrigger.from_crontab(self.cron, timezone=settings.TIME_ZONE)

    def next_time(self, now: datetime) -> datetime:
        return self.trigger().get_next_fire_time(None, now)

    def latest_time(self, now: datetime, *, within=timedelta(days=8)) -> datetime | None:
        """The latest time it was due at or before now (looking back at most `within`)."""
        trigger, latest = self.trigger(), None
        due = trigger.get_next_fire_time(None, now - within)
        while due is not None and due <= now:
            latest = due
            due = trigger.get_next_fire_time(due, due + timedelta(microseconds=1))
        return latest


SCHEDULE: tuple[Job, ...] = (
    Job("Send the messages that are due (retries, and any missed)",
        tasks.send_due_messages, "* * * * *"),
    Job("Start again import runs that were interrupted",
        tasks.requeue_interrupted_imports, "*/5 * * * *"),
    Job("Ask providers to check services not checked for 6 months",
        tasks.remind_stale_services, "0 7 * * *", catch_up=True),
    Job("Ask services to update families whose support has not started",
        tasks.remind_late_starts, "10 7 * * *", catch_up=True),
    Job("Clear finished background work from this list",
        tasks.clear_finished_work, "30 3 * * *"),
    Job("Delete or anonymise what the retention policy says is past its time",
        tasks.apply_retention, "0 2 * * *", catch_up=True),
    Job("Ask lead practitioners to record whether early help's outcome lasted six months",
        tasks.remind_sustained_checks, "20 7 * * *", catch_up=True),
    Job("Pull partners' feeds whose time has come (each import on the imports queue)",
        tasks.pull_partner_feeds, "*/5 * * * *"),
    Job("Work out the delivery plan's ratings again and remind action leads of review dates",
        tasks.review_delivery_plan, "30 7 * * *", catch_up=True),
    Job("Ask families how support went (where missed); remind once those yet to answer",
        tasks.remind_feedback, "0 10 * * *", catch_up=True),
    Job("Work out the outcomes dashboard's figures again",
        tasks.refresh_outcomes, "45 2 * * *", catch_up=True),
    Job("Tell staff (and their team's managers) of training that expires soon",
        tasks.remind_expiring_training, "40 7 * * *", catch_up=True),
    Job("Tell content editors of information pages due for review",
        tasks.remind_information_reviews, "50 7 * * *", catch_up=True),
    # The next job goes here: its task in tasks.py, then
    # Job("<what it does>", tasks.<its task>, "<cron>", catch_up=True),
)  # fmt: skip


def job_named(key: str) -> Job:
    for job in SCHEDULE:
        if job.key == key:
            return job
    raise KeyError(f"No scheduled job {key!r}: use one of {', '.join(j.key for j in SCHEDULE)}.")
