"""The kinds of record the retention policy covers. For each: the records due at a moment under
the policy (one function, returning a queryset), and, for a kind that is anonymised rather than
deleted, the function that anonymises (anonymise.py).

To add a kind: an entry in data/policy.json and one function here,
decorated with `@kind(...)` (a kind that is anonymised names its anonymiser too). The policy
file is refused until both exist.

What is never touched, whatever the dates say: a request that is still open, or whose
safeguarding concern has no step recorded yet; an early help case that has not ended; a family
record with such a request or with a case not yet anonymised; a safeguarding record before the
youngest child named in it is 25 (the requests rule's `safeguarding_kept_until_age`), and an
early help case handed to or from children's social care before the youngest child in the
family is 25 (the cases rule's); a message still waiting to be sent.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Case, CaseChange
from familyhub.casework.states import ENDED, ClosureOutcome, OpenedFrom
from familyhub.casework.states import Status as CaseStatus
from familyhub.families.models import CHILD_RELATIONSHIPS, Family, FamilyMember
from familyhub.feedback.models import FeedbackAnswer
from familyhub.finder.models import SearchRecord
from familyhub.notifications.models import Message
from familyhub.referrals.models import Draft, StatusChange, SupportRequest, TrackingCode
from familyhub.referrals.states import OPEN
from familyhub.retention import anonymise
from familyhub.retention.models import AnonymisedRecord, ErasureRecord
from familyhub.upkeep.models import SuggestedChange


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    due: Callable  # (policy, now) -> QuerySet of the records due
    actions: frozenset
    anonymise: Callable | None = None  # (records) -> how many were anonymised
    # Settings its rule must carry beyond the period: name -> (type, lowest, highest).
    options: dict = field(default_factory=dict)


KINDS: dict[str, Kind] = {}


def kind(name: str, model, *, anonymise_with=None, options=None):
    """Register a kind: the decorated function gives its records due at `now`. Without
    `anonymise_with` the kind's records can only be deleted; with it, only anonymised."""

    def register(due):
        KINDS[name] = Kind(
            name=name,
            model=model,
            due=due,
            actions=frozenset({"anonymise"} if anonymise_with else {"delete"}),
            anonymise=anonymise_with,
            options=options or {},
        )
        return due

    return register


def not_anonymised(kind_name: str) -> Q:
    return ~Q(Exists(AnonymisedRecord.objects.filter(kind=kind_name, object_id=OuterRef("pk"))))


# --- requests and family records ----------------------------------------------------------


def request_last_activity():
    """The later of its last change of status and the last entry in its history."""
    latest_entry = StatusChange.objects.filter(request=OuterRef("pk")).order_by("-at")
    return Greatest(
        "status_changed_at", Coalesce(Subquery(latest_entry.values("at")[:1]), "status_changed_at")
    )


def safeguarding_record() -> Q:
    """A request with a safeguarding concern recognised or a safeguarding step recorded."""
    return ~Q(safeguarding_concerns=[]) | ~Q(safeguarding_step="")


def safeguarding_open() -> Q:
    """A concern recognised and no step recorded yet: no decision, and nothing deleted."""
    return ~Q(safeguarding_concerns=[]) & Q(safeguarding_step="")


def child_under(age: int, now: datetime) -> Q:
    """A child named in the request is younger than `age` (a baby not born yet counts by its
    due date); with no child's date known, the request was made less than `age` years ago."""
    born_after = timezone.localdate(now) - relativedelta(years=age)
    named = FamilyMember.objects.filter(requests=OuterRef("pk"))
    younger = named.filter(
        Q(date_of_birth__gt=born_after) | Q(date_of_birth__isnull=True, due_date__gt=born_after)
    )
    dated = named.filter(Q(date_of_birth__isnull=False) | Q(due_date__isnull=False))
    return Q(Exists(younger)) | (
        ~Q(Exists(dated)) & Q(submitted_at__gt=now - relativedelta(years=age))
    )


def kept(policy, now: datetime) -> Q:
    """A request (with its last activity annotated) that must not be anonymised at `now`."""
    rule = policy["requests"]
    age = rule.option("safeguarding_kept_until_age")
    return (
        Q(status__in=OPEN)
        | safeguarding_open()
        | (safeguarding_record() & child_under(age, now))
        | Q(last_activity__gte=rule.cutoff(now))
    )


def requests_kept(policy, now: datetime) -> QuerySet:
    """Requests (not yet anonymised) that must not be anonymised at `now`."""
    return (
        SupportRequest.objects.filter(not_anonymised("requests"))
        .annotate(last_activity=request_last_activity())
        .filter(kept(policy, now))
    )


@kind(
    "requests",
    SupportRequest,
    anonymise_with=anonymise.anonymise_requests,
    options={"safeguarding_kept_until_age": (int, 1, 120)},
)
def requests_due(policy, now):
    return (
        SupportRequest.objects.filter(not_anonymised("requests"))
        .annotate(last_activity=request_last_activity())
        .exclude(kept(policy, now))
    )


def family_last_activity():
    """The later of the record's last change and the last activity on any of its requests."""
    latest_request = (
        SupportRequest.objects.filter(family=OuterRef("pk"))
        .annotate(last=request_last_activity())
        .order_by("-last")
        .values("last")[:1]
    )
    return Greatest("updated_at", Coalesce(Subquery(latest_request), "updated_at"))


# --- early help cases -------------------------------------------------------------------------


def case_with_social_care() -> Q:
    """A case handed to children's social care (a handover started, stepped up, or closed as
    stepped up) or stepped down from it with its history: a safeguarding record."""
    stepped_up = CaseChange.objects.filter(case=OuterRef("pk"), to_status=CaseStatus.STEPPED_UP)
    return (
        Q(handover_sent_at__isnull=False)
        | Q(handover_concern__isnull=False)
        | Q(outcome=ClosureOutcome.STEPPED_UP)
        | Q(opened_from=OpenedFrom.SOCIAL_CARE)
        | Q(Exists(stepped_up))
    )


def case_child_under(age: int, now: datetime) -> Q:
    """A child in the case's family is younger than `age` (a baby not born yet by its due
    date); with no child's date known, the case was opened less than `age` years ago."""
    born_after = timezone.localdate(now) - relativedelta(years=age)
    children = FamilyMember.objects.filter(
        family=OuterRef("family"), relationship__in=CHILD_RELATIONSHIPS
    )
    younger = children.filter(
        Q(date_of_birth__gt=born_after) | Q(date_of_birth__isnull=True, due_date__gt=born_after)
    )
    dated = children.filter(Q(date_of_birth__isnull=False) | Q(due_date__isnull=False))
    return Q(Exists(younger)) | (
        ~Q(Exists(dated)) & Q(opened_at__gt=now - relativedelta(years=age))
    )


def case_kept(policy, now: datetime) -> Q:
    """A case that must not be anonymised at `now`: not ended, ended within the period, or
    handed to or from children's social care while a child in the family is under the age."""
    rule = policy["cases"]
    age = rule.option("safeguarding_kept_until_age")
    return (
        ~Q(status__in=ENDED)
        | Q(closed_at__isnull=True)
        | Q(closed_at__gte=rule.cutoff(now))
        | (case_with_social_care() & case_child_under(age, now))
    )


@kind(
    "cases",
    Case,
    anonymise_with=anonymise.anonymise_cases,
    options={"safeguarding_kept_until_age": (int, 1, 120)},
)
def cases_due(policy, now):
    return Case.objects.filter(not_anonymised("cases")).exclude(case_kept(policy, now))


@kind("families", Family, anonymise_with=anonymise.anonymise_families)
def families_due(policy, now):
    kept_request = requests_kept(policy, now).filter(family=OuterRef("pk"))
    # A case not yet anonymised (open, or ended and kept under the cases rule) keeps the record.
    kept_case = Case.objects.filter(family=OuterRef("pk")).filter(not_anonymised("cases"))
    return (
        Family.objects.filter(not_anonymised("families"))
        .annotate(last_activity=family_last_activity())
        .filter(last_activity__lt=policy["families"].cutoff(now))
        .exclude(Exists(kept_request))
        .exclude(Exists(kept_case))
    )


def remove_feedback_comments(records) -> int:
    """The comment removed; the short answers and confidence kept (outcome measures)."""
    return FeedbackAnswer.objects.filter(pk__in=[r.pk for r in records]).update(comment=None)


@kind("feedback_comments", FeedbackAnswer, anonymise_with=remove_feedback_comments)
def feedback_comments_due(policy, now):
    return FeedbackAnswer.objects.filter(
        comment__isnull=False, answered_at__lt=policy["feedback_comments"].cutoff(now)
    )


# --- everything deleted ---------------------------------------------------------------------


@kind("drafts", Draft)
def drafts_due(policy, now):
    return Draft.objects.filter(updated_at__lt=policy["drafts"].cutoff(now))


@kind("messages", Message)
def messages_due(policy, now):
    return (
        Message.objects.exclude(status=Message.Status.PENDING)
        .annotate(last_activity=Coalesce("sent_at", "created_at"))
        .filter(last_activity__lt=policy["messages"].cutoff(now))
    )


@kind("tracking_codes", TrackingCode)
def tracking_codes_due(policy, now):
    return TrackingCode.objects.filter(expires_at__lt=policy["tracking_codes"].cutoff(now))


@kind("audit_events", AuditEvent)
def audit_events_due(policy, now):
    held_family = Family.objects.filter(pk=OuterRef("family_id")).filter(not_anonymised("families"))
    return AuditEvent.objects.filter(at__lt=policy["audit_events"].cutoff(now)).exclude(
        Exists(held_family)
    )


@kind("erasure_records", ErasureRecord)
def erasure_records_due(policy, now):
    return ErasureRecord.objects.filter(at__lt=policy["erasure_records"].cutoff(now))


@kind("parent_accounts", get_user_model())
def parent_accounts_due(policy, now):
    open_request = SupportRequest.objects.filter(
        family__account_holders=OuterRef("pk"), status__in=OPEN
    )
    return (
        get_user_model()
        .objects.filter(profile__role=Role.PARENT, is_staff=False, is_superuser=False)
        .annotate(last_activity=Coalesce("last_login", "date_joined"))
        .filter(last_activity__lt=policy["parent_accounts"].cutoff(now))
        .exclude(Exists(open_request))
    )


@kind("suggestions", SuggestedChange)
def suggestions_due(policy, now):
    return SuggestedChange.objects.filter(
        status=SuggestedChange.Status.RESOLVED, created_at__lt=policy["suggestions"].cutoff(now)
    )


@kind("unmet_need_searches", SearchRecord)
def unmet_need_searches_due(policy, now):
    cutoff = timezone.localdate(policy["unmet_need_searches"].cutoff(now))
    return SearchRecord.objects.filter(searched_on__lt=cutoff)


# --- signing in ---------------------------------------------------------------------------


@kind("sessions", Session)
def sessions_due(policy, now):
    """Expired sessions (a signed-out family's drafts and requests are listed in one)."""
    return Session.objects.filter(expire_date__lt=policy["sessions"].cutoff(now))


@kind("sign_in_log", AccessLog)
def sign_in_log_due(policy, now):
    return AccessLog.objects.filter(attempt_time__lt=policy["sign_in_log"].cutoff(now))


@kind("failed_sign_ins", AccessAttempt)
def failed_sign_ins_due(policy, now):
    return AccessAttempt.objects.filter(attempt_time__lt=policy["failed_sign_ins"].cutoff(now))


@kind("failed_sign_in_log", AccessFailureLog)
def failed_sign_in_log_due(policy, now):
    cutoff = policy["failed_sign_in_log"].cutoff(now)
    return AccessFailureLog.objects.filter(attempt_time__lt=cutoff)
