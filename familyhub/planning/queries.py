"""Reads that several pages share: the plan by priority, one priority's report, the public plan,
the charter in the page's language. The same figures on the staff page, the PDF and the CSV."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language

from familyhub.directory.models import TaxonomyTerm
from familyhub.directory.reference_data import NEEDS
from familyhub.planning.models import (
    Action,
    CharterSignUp,
    CharterVersion,
    Decision,
    PlanReview,
    Priority,
    ProgressUpdate,
    RagChange,
    ReviewRating,
    Strategy,
)
from familyhub.planning.rag import Rag


def is_overdue(action: Action, today: date | None = None) -> bool:
    """Past its deadline and not complete (the rule's red, whatever an override says)."""
    today = today or timezone.localdate()
    return bool(
        action.deadline and action.deadline < today and action.status != Action.Status.COMPLETE
    )


def actions_with_people():
    return Action.objects.select_related("priority__strategy", "lead", "organisation")


def plan_by_strategy():
    """Strategies → priorities → actions, with each priority's count by rating."""
    actions = Prefetch("actions", queryset=actions_with_people())
    priorities = Prefetch("priorities", queryset=Priority.objects.prefetch_related(actions))
    strategies = list(Strategy.objects.prefetch_related(priorities))
    today = timezone.localdate()
    for strategy in strategies:
        for priority in strategy.priorities.all():
            shown = list(priority.actions.all())
            priority.counts = Counter(action.rag for action in shown)
            for action in shown:
                action.is_overdue = is_overdue(action, today)
    return strategies


def rag_counts(strategies) -> list[tuple[str, str, int]]:
    counts = Counter()
    for strategy in strategies:
        for priority in strategy.priorities.all():
            counts.update(priority.counts)
    return [(value, label, counts.get(value, 0)) for value, label in Rag.choices]


def last_review() -> PlanReview | None:
    return PlanReview.objects.select_related("group").first()


@dataclass
class ActionRow:
    action: Action
    rag_then: str = ""
    progress_then: int | None = None
    overdue: bool = False
    updates_since: list = field(default_factory=list)
    rag_changes_since: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.rag_then) and self.rag_then != self.action.rag


@dataclass
class PriorityReport:
    priority: Priority
    review: PlanReview | None
    rows: list
    decisions_needed: list
    decisions_since: list
    today: date

    @property
    def counts(self):
        counts = Counter(row.action.rag for row in self.rows)
        return [(value, label, counts.get(value, 0)) for value, label in Rag.choices]


def priority_report(priority: Priority, today: date | None = None) -> PriorityReport:
    """One priority for the board: each action's rating now and at the last review, what
    changed since (progress updates and changes of rating), decisions needed and taken."""
    today = today or timezone.localdate()
    review = last_review()
    since = review.held_on if review else None
    actions = list(actions_with_people().filter(priority=priority))
    then = {}
    if review:
        then = {
            r.action_id: r
            for r in ReviewRating.objects.filter(review=review, action__priority=priority)
        }
    updates = ProgressUpdate.objects.filter(action__priority=priority).select_related("by")
    changes = RagChange.objects.filter(action__priority=priority)
    if since:
        updates = updates.filter(on__gt=since)
        changes = changes.filter(at__date__gt=since)
    by_action_updates, by_action_changes = {}, {}
    for update in updates:
        by_action_updates.setdefault(update.action_id, []).append(update)
    for change in changes:
        by_action_changes.setdefault(change.action_id, []).append(change)
    rows = [
        ActionRow(
            action=action,
            rag_then=then[action.pk].rag if action.pk in then else "",
            progress_then=then[action.pk].progress if action.pk in then else None,
            overdue=is_overdue(action, today),
            updates_since=by_action_updates.get(action.pk, []),
            rag_changes_since=by_action_changes.get(action.pk, []),
        )
        for action in actions
    ]
    decisions = Decision.objects.filter(priority=priority).select_related("meeting__group")
    return PriorityReport(
        priority=priority,
        review=review,
        rows=rows,
        decisions_needed=list(decisions.filter(kind=Decision.Kind.NEEDED, resolved=False)),
        decisions_since=list(
            decisions.exclude(kind=Decision.Kind.NEEDED).filter(meeting__held_on__gt=since)
            if since
            else decisions.exclude(kind=Decision.Kind.NEEDED)
        ),
        today=today,
    )


def need_names() -> dict[str, str]:
    return dict(TaxonomyTerm.objects.filter(taxonomy__key=NEEDS).values_list("code", "name"))


CSV_COLUMNS = [
    "Strategy",
    "Priority",
    "Reference",
    "Action",
    "Lead",
    "Organisation",
    "Start",
    "Deadline",
    "Review date",
    "Status",
    "Progress (%)",
    "RAG",
    "RAG by the rule",
    "Why",
    "Override reason",
    "Overdue",
    "Latest update",
    "Measures",
    "Gaps (need, town)",
]


def csv_rows(today: date | None = None):
    today = today or timezone.localdate()
    for action in actions_with_people().prefetch_related("gaps"):
        yield [
            str(action.priority.strategy),
            str(action.priority),
            action.reference,
            action.title,
            action.lead.get_full_name() if action.lead else action.lead_role,
            action.organisation.name if action.organisation else "",
            action.start.isoformat(),
            action.deadline.isoformat() if action.deadline else "",
            action.review_date.isoformat() if action.review_date else "",
            action.get_status_display(),
            action.progress,
            Rag(action.rag).label,
            Rag(action.rag_computed).label,
            action.rag_computed_why,
            action.rag_override_reason,
            "yes" if is_overdue(action, today) else "",
            action.latest_update_on.isoformat() if action.latest_update_on else "",
            "; ".join(action.measure_keys),
            "; ".join(f"{gap.need_code} in {gap.town}" for gap in action.gaps.all()),
        ]


# The public site.


def published_plan():
    """The plan for the public: priorities, actions, their rating; roles and organisations only,
    never a person's name."""
    return plan_by_strategy()


def current_charter() -> CharterVersion | None:
    return CharterVersion.objects.first()


def charter_in_language(version: CharterVersion) -> dict:
    polish = (get_language() or "").startswith("pl")
    return {
        "introduction": (polish and version.introduction_pl) or version.introduction,
        "you_can_expect": (polish and version.you_can_expect_pl) or version.you_can_expect,
        "we_ask": (polish and version.we_ask_pl) or version.we_ask,
    }


def signed_up_organisations():
    return CharterSignUp.objects.select_related("organisation", "version")


def signed_up(organisation_id) -> bool:
    return CharterSignUp.objects.filter(organisation_id=organisation_id).exists()
