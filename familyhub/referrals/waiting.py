"""How long a new request is likely to wait before support starts.

The queue ahead (accepted or waiting, not yet started) divided by the service's capacity (new
starts a week) gives a first estimate. Each request remembers the wait we expected when it was
accepted; once enough have started, the estimate is scaled by how far reality ran from our
expectations (the median of actual ÷ expected, over the latest starts of the past year), so a
service that always starts late shows it.
"""

import math
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from familyhub.referrals.states import Status

QUEUE = (Status.ACCEPTED, Status.WAITLISTED)
OBSERVATIONS_NEEDED = 5
LOOK_BACK_DAYS = 365
# The latest starts are enough for a median, and keep the estimate as quick for a service that
# starts thousands a year as for one that starts a few (index request_service_started).
RECENT_STARTS = 200


@dataclass(frozen=True)
class WaitEstimate:
    weeks: int | None  # None: we cannot say
    queue_ahead: int
    correction: float  # 1.0 until enough requests have started
    based_on: str  # "capacity", "stated" (the provider's usual wait) or "unknown"

    def __bool__(self):
        return self.weeks is not None


def estimate_wait(service) -> WaitEstimate:
    from familyhub.referrals.models import SupportRequest

    queue_ahead = SupportRequest.objects.filter(service=service, status__in=QUEUE).count()
    if not service.capacity_per_week:
        weeks = service.typical_wait_weeks
        return WaitEstimate(weeks, queue_ahead, 1.0, "stated" if weeks is not None else "unknown")
    correction = observed_correction(service)
    raw_weeks = (queue_ahead + 1) / service.capacity_per_week
    return WaitEstimate(math.ceil(raw_weeks * correction), queue_ahead, correction, "capacity")


def predicted_wait_days(service) -> int | None:
    estimate = estimate_wait(service)
    return None if estimate.weeks is None else estimate.weeks * 7


def observed_correction(service) -> float:
    """Median of (actual days from accepted to started) ÷ (days we expected), within 0.5–3,
    over the service's latest RECENT_STARTS starts of the past year."""
    from familyhub.referrals.models import SupportRequest

    since = timezone.now() - timedelta(days=LOOK_BACK_DAYS)
    rows = (
        SupportRequest.objects.filter(
            service=service,
            started_at__gte=since,
            decided_at__isnull=False,
            predicted_wait_days__gt=0,
        )
        .order_by("-started_at")
        .values_list("decided_at", "started_at", "predicted_wait_days")[:RECENT_STARTS]
    )
    return _correction([_ratio(*row) for row in rows])


def _ratio(decided, started, predicted_days) -> float:
    """How far reality ran from what we expected: actual days waited ÷ days expected."""
    return max((started - decided).total_seconds() / 86400, 0) / predicted_days


def estimate_waits(services) -> dict:
    """`estimate_wait` for many services at once, in at most two queries (for the gaps map).

    `services` are Service objects or dicts with id, capacity_per_week and typical_wait_weeks.
    """
    from django.db.models import Count

    from familyhub.referrals.models import SupportRequest

    def get(service, name):
        return service[name] if isinstance(service, dict) else getattr(service, name)

    # Grouped over the whole table, not an id list: queues are short, directories are long.
    queues = dict(
        SupportRequest.objects.filter(service__isnull=False, status__in=QUEUE)
        .values_list("service_id")
        .annotate(count=Count("id"))
        .values_list("service_id", "count")
    )
    ratios: dict = {}
    if any(get(s, "capacity_per_week") for s in services):
        since = timezone.now() - timedelta(days=LOOK_BACK_DAYS)
        rows = (
            SupportRequest.objects.filter(
                service__capacity_per_week__gt=0,
                started_at__gte=since,
                decided_at__isnull=False,
                predicted_wait_days__gt=0,
            )
            .order_by("service_id", "-started_at")
            .values_list("service_id", "decided_at", "started_at", "predicted_wait_days")
        )
        for service_id, *row in rows:
            latest = ratios.setdefault(service_id, [])
            if len(latest) < RECENT_STARTS:  # as observed_correction: the latest starts only
                latest.append(_ratio(*row))
    estimates = {}
    for service in services:
        service_id = get(service, "id")
        capacity = get(service, "capacity_per_week")
        queue_ahead = queues.get(service_id, 0)
        if not capacity:
            weeks = get(service, "typical_wait_weeks")
            estimates[service_id] = WaitEstimate(
                weeks, queue_ahead, 1.0, "stated" if weeks is not None else "unknown"
            )
            continue
        correction = _correction(ratios.get(service_id, []))
        raw_weeks = (queue_ahead + 1) / capacity
        estimates[service_id] = WaitEstimate(
            math.ceil(raw_weeks * correction), queue_ahead, correction, "capacity"
        )
    return estimates


def _correction(ratios: list) -> float:
    if len(ratios) < OBSERVATIONS_NEEDED:
        return 1.0
    return min(max(statistics.median(ratios), 0.5), 3.0)
