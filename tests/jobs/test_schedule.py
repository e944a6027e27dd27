"""The schedule, declared in code: what it lists, when, and that each job's task runs its
function in the real worker; the scheduler that queues them, and its catch-up at start."""

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from familyhub.accounts.models import Role
from familyhub.directory.models import Service
from familyhub.interchange import export
from familyhub.interchange.models import ImportKind, ImportRun, PartnerFeed, RunStatus
from familyhub.jobs.schedule import SCHEDULE, job_named
from familyhub.jobs.scheduler import build_scheduler, catch_up, queue_job
from familyhub.notifications.models import Message
from familyhub.notifications.services import queue_message
from familyhub.outcomes.models import MeasureValue
from familyhub.referrals.actions import move_request
from familyhub.referrals.models import SupportRequest
from familyhub.retention.models import RetentionRun
from familyhub.upkeep.models import FreshnessReminder
from tests.factories import ServiceFactory
from tests.referrals.helpers import make_request, person
from tests.worker import run_worker

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["send_due_messages", "requeue_interrupted_imports", "remind_stale_services",
        "remind_late_starts", "clear_finished_work", "apply_retention",
        "remind_sustained_checks", "pull_partner_feeds", "review_delivery_plan",
        "remind_feedback", "refresh_outcomes", "remind_expiring_training",
        "remind_information_reviews"]  # fmt: skip


def test_the_schedule_lists_each_job_with_its_time():
    assert [job.key for job in SCHEDULE] == KEYS
    assert job_named("send_due_messages").cron == "* * * * *"
    # Daily jobs are at a time of day in the UK, summer or winter.
    summer, winter = datetime(2026, 6, 30, 12, tzinfo=UTC), datetime(2026, 12, 30, 12, tzinfo=UTC)
    stale = job_named("remind_stale_services")
    assert stale.next_time(summer) == datetime(2026, 7, 1, 6, tzinfo=UTC)  # 07:00 BST
    assert stale.next_time(winter) == datetime(2026, 12, 31, 7, tzinfo=UTC)  # 07:00 GMT
    assert stale.latest_time(summer) == datetime(2026, 6, 30, 6, tzinfo=UTC)
    assert [job.key for job in SCHEDULE if job.catch_up] == [
        "remind_stale_services",
        "remind_late_starts",
        "apply_retention",
        "remind_sustained_checks",
        "review_delivery_plan",
        "remind_feedback",
        "refresh_outcomes",
        "remind_expiring_training",
        "remind_information_reviews",
    ]
    with pytest.raises(KeyError, match="No scheduled job 'nightly'"):
        job_named("nightly")


def test_the_scheduler_holds_every_job_and_queues_its_task(database_tasks, db):
    scheduler = build_scheduler()
    jobs = scheduler.get_jobs()
    assert [job.id for job in jobs] == KEYS
    daily = scheduler.get_job("remind_late_starts")
    assert str(daily.trigger) == (
        "cron[month='*', day='*', day_of_week='*', hour='7', minute='10']"
    )
    daily.func(*daily.args)  # what APScheduler calls at 07:10
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "familyhub.jobs.tasks.remind_late_starts"
    assert queued.status == TaskResultStatus.READY


def test_at_start_a_daily_job_missed_while_stopped_is_queued_once(database_tasks, db):
    caught = catch_up()
    assert [job.key for job in caught] == [
        "remind_stale_services", "remind_late_starts", "apply_retention", "remind_sustained_checks",
        "review_delivery_plan",
        "remind_feedback",
        "refresh_outcomes",
        "remind_expiring_training",
        "remind_information_reviews",
    ]  # fmt: skip
    assert catch_up() == []  # queued since their latest time: nothing more
    # Queued only before its latest time (the scheduler was stopped since): queued again.
    latest = min(job.latest_time(timezone.now()) for job in SCHEDULE if job.catch_up)
    DBTaskResult.objects.update(enqueued_at=latest - timedelta(minutes=1))
    assert [job.key for job in catch_up()] == [
        "remind_stale_services", "remind_late_starts", "apply_retention", "remind_sustained_checks",
        "review_delivery_plan",
        "remind_feedback",
        "refresh_outcomes",
        "remind_expiring_training",
        "remind_information_reviews",
    ]  # fmt: skip


def test_the_command_lists_the_schedule_and_queues_a_job_now(database_tasks, db):
    out = StringIO()
    call_command("run_schedule", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == KEYS
    assert "0 7 * * *" in lines[2] and "Ask providers to check services" in lines[2]
    call_command("run_schedule", "--now", "remind_stale_services", stdout=StringIO())
    assert DBTaskResult.objects.get().task_path == "familyhub.jobs.tasks.remind_stale_services"
    with pytest.raises(CommandError, match="No scheduled job 'everything'"):
        call_command("run_schedule", "--now", "everything")


def test_the_scheduler_process_runs_until_it_is_stopped(tmp_path):
    """`manage.py run_schedule` as scripts/demo starts it: it starts, and a TERM stops it."""
    env = {**os.environ, "FAMILYHUB_TASKS_BACKEND": "immediate",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}"}  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_schedule"], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        started = process.stdout.readline()
        assert started.startswith(f"Scheduler running: {len(SCHEDULE)} jobs"), started
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, rest
    assert "Scheduler stopped." in rest


# --- each job, run by the real worker --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_each_scheduled_job_runs_its_function_in_the_worker(database_tasks, settings, tmp_path):
    settings.NOTIFICATIONS_BACKEND = "file"
    settings.NOTIFICATIONS_FILE_DIR = tmp_path / "outbox"
    today = timezone.localdate()
    # Due messages whose own task was lost.
    lost = queue_message(
        channel="email", to="parent@example.org", kind="request_sent",
        reference="FH-LOST-0001", link="https://familyhub.example.org/t/",
    )  # fmt: skip
    DBTaskResult.objects.all().delete()
    # A service last checked 7 months ago.
    stale = ServiceFactory(last_checked_on=today - timedelta(days=213))
    # A family whose support should have started 3 days ago.
    service = Service.objects.filter(access_self_referral=True, status="active").first()
    provider = person(Role.PROVIDER, organisation=service.organisation)
    late = make_request(service, by=person(Role.PARENT))
    move_request(late.pk, "waitlist", by=provider, expected_start=today)
    SupportRequest.objects.filter(pk=late.pk).update(expected_start=today - timedelta(days=3))
    # An import run whose worker stopped an hour ago.
    csv = "".join(export.csv_text(export.template_rows()))
    interrupted = ImportRun.objects.create(
        kind=ImportKind.CSV, source="s.csv", upload=csv, status=RunStatus.RUNNING, attempts=1,
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    DBTaskResult.objects.all().delete()  # (the messages queued on the way: not under test)
    # Work finished long ago.
    old = queue_job(job_named("clear_finished_work"))
    DBTaskResult.objects.filter(pk=old.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - timedelta(days=60)
    )

    # A partner's feed due at midnight, registered two days ago (its address answers nothing).
    feed = PartnerFeed.objects.create(
        name="Partner", url="http://127.0.0.1:9/services", time_of_day=time(0, 0),
        created_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip

    for job in SCHEDULE:
        queue_job(job)
    run_worker()

    ran = {
        work.task_path.rsplit(".", 1)[1]: work
        for work in DBTaskResult.objects.filter(task_path__startswith="familyhub.jobs.tasks.")
    }
    assert sorted(ran) == sorted(KEYS)
    for key, work in ran.items():
        assert work.status == TaskResultStatus.SUCCESSFUL, (key, work.traceback)
    effects = {
        "send_due_messages": Message.objects.get(pk=lost.pk).status == Message.Status.SENT,
        "remind_stale_services": FreshnessReminder.objects.filter(service=stale).exists(),
        "remind_late_starts": Message.objects.filter(
            kind="start_overdue", reference=late.reference
        ).exists(),
        "requeue_interrupted_imports": ImportRun.objects.filter(
            pk=interrupted.pk, status=RunStatus.FINISHED, attempts=2
        ).exists(),
        "clear_finished_work": not DBTaskResult.objects.filter(pk=old.id).exists(),
        "apply_retention": RetentionRun.objects.exists(),
        "remind_sustained_checks": True,  # its own test: tests/casework/test_sustained_reminders.py
        # its own tests: tests/interchange/test_partner_feeds.py
        "pull_partner_feeds": ImportRun.objects.filter(partner_feed=feed).exists(),
        "review_delivery_plan": True,  # its own test: tests/planning/test_actions.py
        "remind_feedback": True,  # its own test: tests/feedback/test_asking.py
        "refresh_outcomes": MeasureValue.objects.exists(),
        # their own tests: tests/workforce/test_reminders.py, tests/information/test_reminders.py
        "remind_expiring_training": True,
        "remind_information_reviews": True,
    }
    assert effects == dict.fromkeys(KEYS, True)
    assert ran["requeue_interrupted_imports"].return_value == {"requeued": 1, "failed": 0}
    assert ran["clear_finished_work"].return_value == {"succeeded": 1, "failed": 0}
    assert ran["remind_late_starts"].return_value["reminded"] == 1
