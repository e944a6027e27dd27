"""Reminding staff that their training expires (the job queue's `remind_expiring_training`,
every morning).

The rule: a person's latest record for a course (no later record for that course) whose expiry
is today or within WORKFORCE_EXPIRY_NOTICE_DAYS, and who has not been reminded of it, gets one
email saying the course, the date and where to record the renewal; each manager of their team
(accounts: a team manager of the person's team) gets a copy. Each record is claimed with a
conditional UPDATE on `expiry_reminded_on` in the transaction that queues the emails, so a
re-run or a second worker never sends twice. A record whose expiry has already passed when
the job first sees it (an old certificate entered late) is not reminded: the training page
already shows it as expired.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from familyhub.accounts.models import Role
from familyhub.notifications.services import queue_message
from familyhub.workforce.models import TrainingRecord

MESSAGE_KIND = "training_expiring"


def due_reminders(today: date | None = None):
    """Latest records for their course, expiring within the notice, not yet reminded."""
    today = today or timezone.localdate()
    until = today + timedelta(days=settings.WORKFORCE_EXPIRY_NOTICE_DAYS)
    later = TrainingRecord.objects.filter(
        person_id=OuterRef("person_id"),
        course_id=OuterRef("course_id"),
        completed_on__gt=OuterRef("completed_on"),
    )
    return (
        TrainingRecord.objects.filter(
            expires_on__range=(today, until), expiry_reminded_on__isnull=True
        )
        .exclude(Exists(later))
        .select_related("person__profile", "course")
        .order_by("expires_on", "pk")
    )


def managers_of(person) -> list[str]:
    """The email addresses of the managers of the person's team (not the person)."""
    profile = getattr(person, "profile", None)
    if profile is None or not profile.team_id:
        return []
    managers = (
        get_user_model()
        .objects.filter(
            profile__role=Role.TEAM_MANAGER, profile__team_id=profile.team_id, is_active=True
        )
        .exclude(pk=person.pk)
        .exclude(email="")
        .order_by("pk")
    )
    return [manager.email for manager in managers]


def details(record) -> str:
    person = record.person.get_full_name() or record.person.email
    return (
        f"Course: {record.course}\n"
        f"Trained on: {format_date(record.completed_on, 'j F Y')}\n"
        f"Expires on: {format_date(record.expires_on, 'j F Y')}\n"
        f"For: {person}"
    )


def remind_expiring(today: date | None = None) -> dict:
    """The scheduled job: each due record claimed, then its emails queued, in one transaction."""
    today = today or timezone.localdate()
    counts = {"reminded": 0, "managers_copied": 0, "no_email": 0}
    link = settings.SITE_URL + reverse("workforce:training_add")
    for record in due_reminders(today):
        person = record.person
        if not person.is_active or not person.email:
            counts["no_email"] += 1
            continue
        with transaction.atomic():
            claimed = TrainingRecord.objects.filter(
                pk=record.pk, expiry_reminded_on__isnull=True
            ).update(expiry_reminded_on=today)
            if not claimed:  # another worker reminded it first
                continue
            text = details(record)
            managers = managers_of(person)
            for to in [person.email, *managers]:
                queue_message(
                    channel="email", to=to, kind=MESSAGE_KIND,
                    reference=f"TRAINING-{record.pk}", link=link, details=text,
                )  # fmt: skip
        counts["reminded"] += 1
        counts["managers_copied"] += len(managers)
    return counts
