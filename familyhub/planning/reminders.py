"""Reminding action leads before a review date, and the daily check of the plan (the job queue's
`review_delivery_plan`, every morning).

The rule: an action not complete whose review date (or, with none, its deadline) is within
REMIND_DAYS_BEFORE days and not yet past gets one email to its lead, once for that date (a new
date reminds again). Every action's rating is worked out again first, as time passes.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from familyhub.notifications.services import queue_message
from familyhub.planning.actions import rerate_all
from familyhub.planning.models import Action

REMIND_DAYS_BEFORE = 14
MESSAGE_KIND = "plan_review_due"


def date_to_remind_of(action: Action):
    return action.review_date or action.deadline


def due_reminders(today: date | None = None):
    today = today or timezone.localdate()
    until = today + timedelta(days=REMIND_DAYS_BEFORE)
    return (
        Action.objects.exclude(status=Action.Status.COMPLETE)
        .filter(
            Q(review_date__range=(today, until))
            | Q(review_date__isnull=True, deadline__range=(today, until))
        )
        .select_related("lead")
    )


def remind_leads(today: date | None = None) -> dict:
    counts = {"reminded": 0, "already_reminded": 0, "no_lead_email": 0}
    for action in due_reminders(today):
        when = date_to_remind_of(action)
        if action.reminded_for == when:
            counts["already_reminded"] += 1
            continue
        if action.lead is None or not action.lead.email:
            counts["no_lead_email"] += 1
            continue
        link = settings.SITE_URL + reverse("planning:progress", args=[action.pk])
        with transaction.atomic():
            queue_message(
                channel="email",
                to=action.lead.email,
                kind=MESSAGE_KIND,
                reference=action.reference,
                link=link,
            )
            Action.objects.filter(pk=action.pk).update(reminded_for=when)
        counts["reminded"] += 1
    return counts


def daily(today: date | None = None) -> dict:
    """The scheduled job: ratings worked out again (each change kept), then reminders."""
    return {**rerate_all(today), **remind_leads(today)}
