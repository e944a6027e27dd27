"""Reminders about requests, run daily on the job queue (familyhub/jobs)."""

from datetime import date

from django.utils import timezone

from familyhub.notifications.models import Message
from familyhub.referrals.actions import tell_service
from familyhub.referrals.models import SupportRequest
from familyhub.referrals.overdue import overdue_q


def remind_late_starts(today: date | None = None) -> dict:
    """Ask the service, once for each expected start, to update a family whose support has not
    started by then (run daily by the command remind_late_starts; the family's page says so)."""

    today = today or timezone.localdate()
    late = SupportRequest.objects.filter(
        overdue_q(today, "start"), service__isnull=False
    ).select_related("service__organisation")
    counts = {"reminded": 0, "already_reminded": 0}
    for support_request in late.iterator():
        already = Message.objects.filter(
            kind="start_overdue",
            reference=support_request.reference,
            created_at__date__gt=support_request.expected_start,
        ).exists()
        if already:
            counts["already_reminded"] += 1
            continue
        tell_service(support_request, kind="start_overdue")
        counts["reminded"] += 1
    return counts
