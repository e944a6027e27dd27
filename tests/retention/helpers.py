"""Records made the real way (a draft, then submit_draft; moves through move_request), then
moved back in time: what the retention rules read is each record's dates."""

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from familyhub.families.models import Family
from familyhub.referrals.actions import move_request
from familyhub.referrals.models import StatusChange, SupportRequest
from familyhub.retention.services import apply_retention
from tests.referrals.helpers import make_request, person

NOW = timezone.make_aware(datetime(2026, 6, 15, 12, 0))
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


def years(n):
    return relativedelta(years=n)


def provider_for(service):
    return person("provider", organisation=service.organisation)


def closed_request(service, *, outcome="needs_met", **answers) -> SupportRequest:
    """Received, accepted, started and closed with an outcome by the service's provider."""
    provider = provider_for(service)
    support_request = make_request(service, **answers)
    for move in ("receive", "accept", "start"):
        move_request(support_request.id, move, by=provider)
    return move_request(support_request.id, "close", by=provider, outcome=outcome)


def withdraw(support_request) -> SupportRequest:
    return move_request(support_request.id, "withdraw", reason="no_longer_needed")


def withdrawn_request(service, **answers) -> SupportRequest:
    return withdraw(make_request(service, **answers))


def set_last_activity(support_request, at, *, family_too=True):
    """The request (its dates and every history entry) happened at `at`; and its family."""
    SupportRequest.objects.filter(pk=support_request.pk).update(
        submitted_at=at - timedelta(days=40),
        status_changed_at=at,
        received_at=at - timedelta(days=39),
        decided_at=at - timedelta(days=35),
        started_at=at - timedelta(days=20),
        receive_by=(at - timedelta(days=38)).date(),
        decide_by=(at - timedelta(days=33)).date(),
    )
    StatusChange.objects.filter(request=support_request).update(at=at)
    if family_too:
        Family.objects.filter(pk=support_request.family_id).update(updated_at=at, created_at=at)
    support_request.refresh_from_db()
    return support_request


def run_at(moment):
    return apply_retention(now=moment)
