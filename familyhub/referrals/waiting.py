"""How long a family is likely to wait before support starts: one figure, everywhere.

Every page that shows a wait reads it from here: the results card, the service page and the
shortlist (finder), the check and confirmation pages of a request, the family's request page,
the provider's request page and service page, and the gaps map. `expected_wait(service)` gives
one service's `Wait`; `expected_waits(services)` gives the very same figures for a list in at
most three queries. `Wait.describe()` and `Wait.sentence()` put it in words (ngettext).

Two figures are reconciled by one rule, shown to staff beside them (`RULE`):

- the wait the provider states (`Service.typical_wait_weeks`), and
- the wait worked out from the queue: the requests ahead (accepted or on the waiting list, not
  yet started) plus this one, divided by the service's capacity (new starts a week), scaled by
  how far reality ran from what we expected (the median of actual ÷ expected over the latest
  starts of the past year, within 0.5–3, once 5 have started).

**We show the longer of the two.** The queue we can see holds only requests made here: families
reach a service by other routes too, and only the provider's stated wait counts them, so the
worked-out wait can be too short but not too long; and when our queue alone makes the wait
longer than the provider says, their stated wait is out of date. Taking the longer means a
family is never told a shorter wait than either figure says is likely. When only one is known it
is shown; when neither, families are told to ask.

**A programme run as groups** (the programmes app, decision 0037) knows its wait better: the
dates of its groups are published, so the figure is the weeks until the group where a new
family's place would be (after those already waiting for one). Where a service has upcoming
groups that figure is shown (`GROUPS`); when all of them are full, the rule above, but never
shorter than the weeks to the last planned group. An app declares such a figure with a
`service_waits` attribute on its AppConfig (the dotted path of a function from service ids to
{service id: GroupWait}); this module reads it by name and never imports that app.

A request carries its own expected start. Accepting it sets that to the decision date plus the
wait shown at that moment (so the family keeps the figure they were given, however the queue
moves after); putting it on the waiting list sets it to the date the provider enters (the form
suggests the same figure). A request in the queue whose expected start has passed is overdue:
the "start" rule in overdue.py (on read, for the family's page, the inbox and the request page)
and `remind_late_starts` (the daily command that asks the provider, once, to update the family).
"""

import math
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Count
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from familyhub.referrals.models import SupportRequest
from familyhub.referrals.states import QUEUE

OBSERVATIONS_NEEDED = 5
LOOK_BACK_DAYS = 365
# The latest starts are enough for a median, and keep the estimate as quick for a service that
# starts thousands a year as for one that starts a few (index request_service_started).
RECENT_STARTS = 200
# Up to this many services, the batch form reads only their rows (a page of results); beyond,
# it groups over the whole table (the gaps map: queues are short, directories are long).
FEW_SERVICES = 500

STATED = "stated"
WORKED_OUT = "worked_out"
UNKNOWN = "unknown"
GROUPS = "groups"

RULE = gettext_lazy(
    "We show families the longer of the wait the provider states and the wait worked out from "
    "the queue and capacity. The queue we can see holds only requests made here, so the "
    "worked-out wait can be too short; when it is longer, the stated wait is out of date. "
    "Families should never be told a shorter wait than is likely."
)


@dataclass(frozen=True)
class Wait:
    weeks: int | None  # what everyone is shown; None: we cannot say
    source: str  # STATED, WORKED_OUT or UNKNOWN: which figure `weeks` is
    stated_weeks: int | None  # the provider's figure
    worked_out_weeks: int | None  # from the queue and capacity (None without a capacity)
    queue_ahead: int
    capacity: int | None
    correction: float  # 1.0 until enough requests have started
    drop_in: bool = False
    group_starts_on: object = None  # a programme's: the first session of the group with a place
    group_free_places: int | None = None  # a programme's: free places in its upcoming groups

    def __bool__(self):
        return self.weeks is not None

    @property
    def days(self) -> int | None:
        return None if self.weeks is None else self.weeks * 7

    def describe(self) -> str:
        """On its own, after a label: "About 4 weeks"."""
        if self.drop_in and not self.weeks:
            return _("No wait: drop in")
        if self.weeks is None:
            return _("Ask them how long the wait is")
        if self.weeks == 0:
            return _("No wait")
        return ngettext("About %(weeks)s week", "About %(weeks)s weeks", self.weeks) % {
            "weeks": self.weeks
        }

    def sentence(self) -> str:
        """In a paragraph: "Support is likely to start within about 4 weeks." ("" if unknown)."""
        if self.weeks is None:
            return ""
        if self.weeks == 0:
            return _("Support can usually start straight away.")
        return ngettext(
            "Support is likely to start within about %(weeks)s week.",
            "Support is likely to start within about %(weeks)s weeks.",
            self.weeks,
        ) % {"weeks": self.weeks}

    def workings(self) -> list[str]:
        """For staff: both figures, and how the second was worked out."""
        lines = [
            _("Stated by the provider: %(wait)s.") % {"wait": _weeks(self.stated_weeks)}
            if self.stated_weeks is not None
            else _("The provider has not stated a wait.")
        ]
        if self.capacity:
            worked = _("Worked out from the queue: %(wait)s.") % {
                "wait": _weeks(self.worked_out_weeks)
            }
            queue = ngettext(
                "%(count)s family accepted or waiting, not yet started",
                "%(count)s families accepted or waiting, not yet started",
                self.queue_ahead,
            ) % {"count": self.queue_ahead}
            capacity = ngettext(
                "capacity %(count)s new family a week",
                "capacity %(count)s new families a week",
                self.capacity,
            ) % {"count": self.capacity}
            lines += [worked, f"{queue}; {capacity}."]
            if self.correction != 1.0:
                lines.append(
                    _("Recent starts took %(times)s times as long as expected, so the queue's "
                      "figure is scaled by that.") % {"times": f"{self.correction:.1f}"}
                )  # fmt: skip
        else:
            lines.append(_("No capacity is recorded, so no wait is worked out from the queue."))
        if self.group_free_places is not None:
            lines.append(
                ngettext("Its upcoming groups have %(count)s free place.",
                         "Its upcoming groups have %(count)s free places.",
                         self.group_free_places) % {"count": self.group_free_places}
            )  # fmt: skip
            lines.append(
                _("A new family's place would be in the group starting %(date)s, so that is "
                  "the wait shown.") % {"date": self.group_starts_on.strftime("%d %B %Y")}
                if self.group_starts_on
                else _("Every planned group is full: the wait shown is at least until the last "
                       "of them starts.")
            )  # fmt: skip
        return lines


def _weeks(weeks: int) -> str:
    return ngettext("%(weeks)s week", "%(weeks)s weeks", weeks) % {"weeks": weeks}


def reconcile(stated: int | None, worked_out: int | None) -> tuple[int | None, str]:
    """The rule (see the module's docstring): the longer of the two known figures."""
    if worked_out is not None and (stated is None or worked_out > stated):
        return worked_out, WORKED_OUT
    if stated is not None:
        return stated, STATED
    return None, UNKNOWN


def _wait(stated, capacity, queue_ahead, ratios, drop_in, group=None) -> Wait:
    correction = _correction(ratios) if capacity else 1.0
    worked_out = math.ceil((queue_ahead + 1) / capacity * correction) if capacity else None
    weeks, source = reconcile(stated, worked_out)
    if group is not None:  # a programme with upcoming groups (see the module's docstring)
        if group.weeks is not None:
            weeks, source = group.weeks, GROUPS
        elif weeks is None or weeks < group.at_least_weeks:
            weeks, source = group.at_least_weeks, GROUPS
    return Wait(weeks, source, stated, worked_out, queue_ahead, capacity or None, correction,
                bool(drop_in), group.starts_on if group else None,
                group.free_places if group else None)  # fmt: skip


def _group_waits(service_ids) -> dict:
    """{service id: GroupWait} from the app that runs services as groups (none: {})."""
    for config in apps.get_app_configs():
        path = getattr(config, "service_waits", None)
        if path:
            return import_string(path)(service_ids)
    return {}


def expected_wait(service) -> Wait:
    """The expected wait for a new request to this service."""

    queue_ahead = SupportRequest.objects.filter(service=service, status__in=QUEUE).count()
    ratios = []
    if service.capacity_per_week:
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
        ratios = [_ratio(*row) for row in rows]
    group = _group_waits([service.pk]).get(service.pk)
    return _wait(service.typical_wait_weeks, service.capacity_per_week, queue_ahead, ratios,
                 service.access_drop_in, group)  # fmt: skip


def expected_waits(services) -> dict:
    """`expected_wait` for many services at once, in at most three queries: {service id: Wait}.

    `services` are Service objects or dicts with id, capacity_per_week, typical_wait_weeks and
    (optionally) access_drop_in.
    """

    def get(service, name, default=None):
        if isinstance(service, dict):
            return service.get(name, default)
        return getattr(service, name, default)

    services = list(services)
    if not services:
        return {}
    few = len(services) <= FEW_SERVICES
    in_queue = SupportRequest.objects.filter(service__isnull=False, status__in=QUEUE)
    if few:
        in_queue = in_queue.filter(service_id__in=[get(s, "id") for s in services])
    queues = dict(
        in_queue.values_list("service_id")
        .annotate(count=Count("id"))
        .values_list("service_id", "count")
    )
    # Always read (even when no service listed has a capacity), so that a page makes the same
    # queries whatever services are on it.
    ratios: dict = {}
    since = timezone.now() - timedelta(days=LOOK_BACK_DAYS)
    rows = SupportRequest.objects.filter(
        service__capacity_per_week__gt=0,
        started_at__gte=since,
        decided_at__isnull=False,
        predicted_wait_days__gt=0,
    )
    if few:
        rows = rows.filter(service_id__in=[get(s, "id") for s in services])
    rows = rows.order_by("service_id", "-started_at").values_list(
        "service_id", "decided_at", "started_at", "predicted_wait_days"
    )
    for service_id, *row in rows:
        latest = ratios.setdefault(service_id, [])
        if len(latest) < RECENT_STARTS:  # as expected_wait: the latest starts only
            latest.append(_ratio(*row))
    groups = _group_waits([get(s, "id") for s in services] if few else None)
    return {
        get(s, "id"): _wait(
            get(s, "typical_wait_weeks"),
            get(s, "capacity_per_week"),
            queues.get(get(s, "id"), 0),
            ratios.get(get(s, "id"), []),
            get(s, "access_drop_in", False),
            groups.get(get(s, "id")),
        )
        for s in services
    }


def predicted_wait_days(service) -> int | None:
    """The wait to remember on a request as it is accepted: what the family is being shown."""
    return expected_wait(service).days


def _ratio(decided, started, predicted_days) -> float:
    """How far reality ran from what we expected: actual days waited ÷ days expected."""
    return max((started - decided).total_seconds() / 86400, 0) / predicted_days


def _correction(ratios: list) -> float:
    if len(ratios) < OBSERVATIONS_NEEDED:
        return 1.0
    return min(max(statistics.median(ratios), 0.5), 3.0)


# --- a request's own expected start ---------------------------------------------------------
