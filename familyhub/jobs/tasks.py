"""The scheduled jobs' tasks. Each calls one app's function, the same one its command calls,
and returns that function's counts, kept with the task for the administrators' page. Every
job works from the state of the data, not from the time since it last ran, so running one
twice, late or after a failure does no harm and catches up what was missed.

The tasks an app queues itself live in that app (notifications.services.send_message,
interchange.runner.run_import): the apps never import this module.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from familyhub.casework import actions as casework
from familyhub.feedback import asking as feedback
from familyhub.information import reminders as information
from familyhub.interchange import pulls, runner
from familyhub.jobs.models import BackgroundWork
from familyhub.notifications import services as notifications
from familyhub.outcomes import refresh as outcomes_refresh
from familyhub.planning import reminders as planning
from familyhub.referrals import reminders as referrals
from familyhub.retention import services as retention
from familyhub.upkeep import freshness
from familyhub.workforce import reminders as workforce


@task()
def send_due_messages() -> dict:
    """Messages that are due: retries after a failure, and any whose own task was lost."""
    return notifications.deliver_due()


@task()
def remind_stale_services() -> dict:
    return freshness.remind_stale_services()


@task()
def remind_late_starts() -> dict:
    return referrals.remind_late_starts()


@task()
def requeue_interrupted_imports() -> dict:
    """Import runs from a page, and partners' feeds' pulls, whose worker stopped."""
    counts = runner.requeue_interrupted()
    pulled = pulls.requeue_interrupted_pulls()
    return {name: counts[name] + pulled[name] for name in counts}


@task()
def clear_finished_work() -> dict:
    """Finished background work is kept JOBS_KEEP_FINISHED_DAYS, failed JOBS_KEEP_FAILED_DAYS;
    what is waiting or running is never cleared."""
    now = timezone.now()
    succeeded = BackgroundWork.objects.successful().filter(
        finished_at__lt=now - timedelta(days=settings.JOBS_KEEP_FINISHED_DAYS)
    )
    failed = BackgroundWork.objects.failed().filter(
        finished_at__lt=now - timedelta(days=settings.JOBS_KEEP_FAILED_DAYS)
    )
    return {"succeeded": succeeded.delete()[0], "failed": failed.delete()[0]}


@task()
def apply_retention() -> dict:
    """The retention policy (familyhub/retention/data/policy.json): what is past its period is
    deleted or anonymised; its counts per kind."""
    return retention.apply_retention().results


@task()
def remind_sustained_checks() -> dict:
    """Early help that ended six months ago: its lead practitioner is asked, once, to record
    whether the change lasted."""
    return casework.remind_sustained_checks()


@task()
def pull_partner_feeds() -> dict:
    """Partners' feeds whose scheduled time has come: each pull queued for the import worker
    (none for a feed whose last pull is still going)."""
    return pulls.queue_due_pulls()


@task()
def review_delivery_plan() -> dict:
    """The delivery plan: every action's RAG worked out again by the rule (each change kept),
    and action leads reminded, once, of a review date within two weeks."""
    return planning.daily()


@task()
def remind_feedback() -> dict:
    """Family feedback: ask about any close whose ask was lost, and remind, once, families who
    have not answered after FEEDBACK_REMINDER_DAYS."""
    return feedback.remind()


@task()
def refresh_outcomes() -> dict:
    """The outcomes dashboard's summary table: every measure worked out from Family Hub's
    records for the last 8 quarters, by Medway, town and ward (decision 0031)."""
    return {"rows": outcomes_refresh.refresh()}


@task()
def remind_expiring_training() -> dict:
    """Training: each person whose latest record for a course expires within
    WORKFORCE_EXPIRY_NOTICE_DAYS is told once (their team's managers copied)."""
    return workforce.remind_expiring()


@task()
def remind_information_reviews() -> dict:
    """Information pages whose review-by date is within INFORMATION_REVIEW_NOTICE_DAYS or past:
    one email to the content editors listing them, each page once for each review-by date."""
    return information.remind_reviews()
