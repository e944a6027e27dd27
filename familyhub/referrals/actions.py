"""Every change to a request for support: check, write, record history and audit, queue the
messages — in one transaction. Views call these and nothing else writes a request."""

import logging
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from familyhub.audit import services as audit
from familyhub.families.services import children_named_in, save_family_from_answers
from familyhub.notifications.services import InvalidMessage
from familyhub.notifications.services import queue_message as _queue_message
from familyhub.referrals import safeguarding, waiting
from familyhub.referrals.models import Consent, Draft, StatusChange, SupportRequest
from familyhub.referrals.states import (
    OPEN,
    DeclineReason,
    MoveRefused,
    Outcome,
    Status,
    check_move,
)
from familyhub.referrals.working_days import add_working_days

logger = logging.getLogger(__name__)


def _due_dates(submitted_at) -> tuple[date, date]:
    day = timezone.localdate(submitted_at)
    return (
        add_working_days(day, settings.REQUEST_RECEIVE_WITHIN_WORKING_DAYS),
        add_working_days(day, settings.REQUEST_DECIDE_WITHIN_WORKING_DAYS),
    )


def submit_draft(draft_id, *, by=None) -> SupportRequest:
    """Turn a finished draft into a request. Submitting the same draft again (a double click,
    a retry after a timeout) returns the request it already made."""
    try:
        with transaction.atomic():
            draft = Draft.objects.select_for_update().get(pk=draft_id)
            if draft.submitted_request_id:
                return draft.submitted_request
            support_request = _create_request(draft, by=by)
            draft.submitted_request = support_request
            draft.save(update_fields=["submitted_request", "updated_at"])
            return support_request
    except IntegrityError:
        # Another process submitted the same draft at the same moment: its request stands.
        return SupportRequest.objects.get(idempotency_key=draft_id)


def _create_request(draft: Draft, *, by) -> SupportRequest:
    answers = draft.answers
    now = timezone.now()
    family = None
    if answers.get("family_id"):
        from familyhub.referrals.access import families_for

        family = families_for(by).filter(pk=answers["family_id"]).first()
    family = save_family_from_answers(answers, by=by, family=family)
    by_practitioner = answers.get("who") == "practitioner"
    consent = Consent.objects.create(
        family=family,
        given_by_name=answers["consent"]["given_by_name"],
        given_by=Consent.GivenBy.PRACTITIONER if by_practitioner else Consent.GivenBy.FAMILY,
        recorded_by=by if by and by.is_authenticated else None,
        given_at=answers["consent"].get("given_at") or now,
        wording_version=settings.CONSENT_WORDING_VERSION,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
    )
    receive_by, decide_by = _due_dates(now)
    profile = getattr(by, "profile", None) if by and by.is_authenticated else None
    support_request = SupportRequest.objects.create(
        idempotency_key=draft.id,
        family=family,
        service=draft.service,
        need=draft.need,
        consent=consent,
        made_by=by if by and by.is_authenticated else None,
        made_by_practitioner=by_practitioner,
        referrer_team=profile.team if by_practitioner and profile else None,
        worries=answers.get("worries", ""),
        tried=answers.get("tried", ""),
        would_help=answers.get("would_help", ""),
        submitted_at=now,
        status_changed_at=now,
        receive_by=receive_by,
        decide_by=decide_by,
    )
    support_request.children.set(children_named_in(family, answers))
    StatusChange.objects.create(
        request=support_request, at=now, by=support_request.made_by,
        by_label=_label(by, "family"), to_status=Status.SUBMITTED,
    )  # fmt: skip
    audit.record(by, "create", support_request)
    disclosure = safeguarding.disclosure_in(answers)
    if disclosure:
        safeguarding.flag(support_request, disclosure, now=now, by=by)
    _tell_family(support_request, "request_sent")
    _tell_service(support_request)
    return support_request


def move_request(
    request_id,
    move_name: str,
    *,
    by=None,
    by_label: str = "",
    expected_version: int | None = None,
    reason: str = "",
    note: str = "",
    outcome: str = "",
    expected_start: date | None = None,
    service=None,
    suggested_service=None,
) -> SupportRequest:
    """Make one move in the loop. Two people deciding at once: exactly one wins, the other is
    told the request changed under them. Raises MoveRefused with a message to show."""
    with transaction.atomic():
        support_request = SupportRequest.objects.select_for_update().get(pk=request_id)
        if expected_version is not None and support_request.version != expected_version:
            raise MoveRefused(
                "Someone else changed this request while you were looking at it. "
                "Check its status below before you try again."
            )
        move = check_move(support_request.status, move_name)
        safeguarding.check_decision(support_request, move.effect)
        now = timezone.now()
        _apply_details(support_request, move.effect, now, reason=reason, outcome=outcome,
                       expected_start=expected_start, service=service,
                       suggested_service=suggested_service)  # fmt: skip
        from_status = support_request.status
        support_request.status = move.to
        support_request.status_changed_at = now
        support_request.version += 1
        support_request.save()
        StatusChange.objects.create(
            request=support_request, at=now, by=by if by and by.is_authenticated else None,
            by_label=by_label or _label(by, "family"), from_status=from_status,
            to_status=move.to, reason_code=reason or outcome, note=note or None,
        )  # fmt: skip
        audit.record(by, "change", support_request, detail=move.name, actor=by_label)
        if move.effect == "redirect":
            _redirect(support_request, service, by=by, now=now)
        if move.name != "receive" and not move.service_closing:
            _tell_family(support_request, "request_updated")
            _tell_referrer(support_request)
        return support_request


def _apply_details(support_request, name, now, *, reason, outcome, expected_start, service,
                   suggested_service):  # fmt: skip
    if name in ("receive", "accept", "decline", "waitlist", "redirect"):
        support_request.received_at = support_request.received_at or now
    if name in ("accept", "decline", "waitlist", "redirect"):
        support_request.decided_at = support_request.decided_at or now
    if name in ("accept", "waitlist") and support_request.service_id:
        support_request.predicted_wait_days = waiting.predicted_wait_days(support_request.service)
    if name == "accept":
        # The family keeps the wait they were shown as this request's expected start.
        days = support_request.predicted_wait_days
        support_request.expected_start = (
            timezone.localdate(now) + timedelta(days=days) if days is not None else None
        )
    if name == "decline":
        if reason not in DeclineReason.values:
            raise MoveRefused("Choose why the request is being declined.")
        support_request.decline_reason = reason
        support_request.suggested_service = suggested_service
    if name == "waitlist":
        if expected_start is None:
            raise MoveRefused("Enter the date support is expected to start.")
        if expected_start < timezone.localdate(now):
            raise MoveRefused("The expected start date must be today or in the future.")
        support_request.expected_start = expected_start
    if name == "redirect":
        if service is None:
            raise MoveRefused("Choose the service to pass the request to.")
        if service.pk == support_request.service_id:
            raise MoveRefused("Choose a different service from the one it was sent to.")
    if name == "start":
        support_request.started_at = now
    if name == "close":
        if outcome not in Outcome.values:
            raise MoveRefused("Choose the outcome.")
        support_request.outcome = outcome
    if name in ("decline", "redirect", "close", "withdraw"):
        support_request.ended_at = now
    if name == "withdraw":
        support_request.outcome = Outcome.FAMILY_WITHDREW


def _redirect(old: SupportRequest, service, *, by, now) -> SupportRequest:
    receive_by, decide_by = _due_dates(now)
    new = SupportRequest.objects.create(
        idempotency_key=uuid.uuid4(), family=old.family, service=service, need=old.need,
        consent=old.consent, made_by=old.made_by, made_by_practitioner=old.made_by_practitioner,
        referrer_team=old.referrer_team, worries=old.worries, tried=old.tried,
        would_help=old.would_help, submitted_at=now, status_changed_at=now,
        receive_by=receive_by, decide_by=decide_by,
        safeguarding_concerns=old.safeguarding_concerns,
        safeguarding_step=old.safeguarding_step, safeguarding_step_at=old.safeguarding_step_at,
    )  # fmt: skip
    new.children.set(old.children.all())
    old.redirected_to = new
    old.save(update_fields=["redirected_to"])
    StatusChange.objects.create(
        request=new, at=now, by=by if by and by.is_authenticated else None,
        by_label=_label(by, "family"), to_status=Status.SUBMITTED, reason_code="redirected",
        note=f"Passed on from request {old.reference}",
    )  # fmt: skip
    audit.record(by, "create", new, detail=f"passed on from {old.reference}")
    _tell_service(new)
    return new


def _label(user, default: str) -> str:
    if user is None or not user.is_authenticated:
        return default
    return user.get_full_name() or user.get_username()


# --- messages: a link and a reference, never personal details ------------------------------


def queue_message(**message):
    """Queue a message; an address the outbox cannot use is logged, never fatal to the change
    (the request still stands, and staff see the contact details on the request page)."""
    try:
        _queue_message(**message)
    except InvalidMessage as problem:
        logger.warning("Message for %s not queued: %s", message.get("reference"), problem)


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _tell_family(support_request: SupportRequest, kind: str):
    """By the safe way the family chose: email if safe, else a text if safe; never both."""
    family = support_request.family
    link = _link("referrals:track")
    if family.contact_email and family.safe_to_email:
        queue_message(channel="email", to=family.contact_email, kind=kind,
                      reference=support_request.reference, link=link)  # fmt: skip
    elif family.contact_phone and family.safe_to_text:
        queue_message(channel="sms", to=family.contact_phone, kind=kind,
                      reference=support_request.reference, link=link)  # fmt: skip


@transaction.atomic
def add_request_to_account(support_request: SupportRequest, user) -> bool:
    """A parent adds a request (unlocked with its code) to their account. The family is told
    by their safe way, so that if someone else holding their phone did it, they know.
    True if the account was newly added."""
    from familyhub.families.services import add_account_holder

    how = f"reference and one-time code, {support_request.reference}"
    added = add_account_holder(support_request.family, user, by=user, how=how)
    if added:
        _tell_family(support_request, "account_added")
    return added


def _tell_referrer(support_request: SupportRequest):
    referrer = support_request.made_by
    if support_request.made_by_practitioner and referrer and referrer.email:
        queue_message(
            channel="email",
            to=referrer.email,
            kind="referrer_update",
            reference=support_request.reference,
            link=_link("referrals:staff_request", reference=support_request.reference),
        )


def _tell_service(support_request: SupportRequest, kind: str = "new_request"):
    if support_request.service_id:
        mailbox = support_request.service.email or support_request.service.organisation.email
    else:
        mailbox = settings.TRIAGE_EMAIL
    if mailbox:
        queue_message(
            channel="email",
            to=mailbox,
            kind=kind,
            reference=support_request.reference,
            link=_link("referrals:staff_request", reference=support_request.reference),
        )


def overdue_flags(support_request: SupportRequest, today: date | None = None) -> list[str]:
    """'not received in time' and/or 'no decision in time', or 'not started by the expected
    start' (waiting.start_overdue), for the inbox and the page."""
    today = today or timezone.localdate()
    flags = []
    if support_request.status == Status.SUBMITTED and today > support_request.receive_by:
        flags.append("receipt")
    if support_request.status in (Status.SUBMITTED, Status.RECEIVED) and (
        today > support_request.decide_by
    ):
        flags.append("decision")
    if waiting.start_overdue(support_request, today):
        flags.append("start")
    return flags


def remind_late_starts(today: date | None = None) -> dict:
    """Ask the service, once for each expected start, to update a family whose support has not
    started by then (run daily by the command remind_late_starts; the family's page says so)."""
    from familyhub.notifications.models import Message

    today = today or timezone.localdate()
    late = SupportRequest.objects.filter(
        waiting.start_overdue_q(today), service__isnull=False
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
        _tell_service(support_request, kind="start_overdue")
        counts["reminded"] += 1
    return counts


def repeats_for(family, *, service=None, need=None, exclude=None):
    """Open or recent (12 months) requests by this family — or a record of the same children —
    for the same service or need: shown before a request is sent and in triage."""
    from django.db.models import Q

    from familyhub.families.services import likely_duplicates

    families = [family, *likely_duplicates(family)] if family.pk else []
    since = timezone.now() - timedelta(days=settings.REPEAT_REQUEST_WINDOW_DAYS)
    same = Q()
    if service is not None:
        same |= Q(service=service)
    if need is not None:
        same |= Q(need=need)
    if not same:
        return SupportRequest.objects.none()
    found = (
        SupportRequest.objects.filter(family__in=families)
        .filter(same)
        .filter(Q(status__in=list(OPEN)) | Q(submitted_at__gte=since))
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.select_related("service")


def repeats_in_triage(support_requests, duplicates_by_family: dict) -> dict:
    """For a page of the triage queue, in one query: request id → the other requests for the
    same children (its family and likely duplicates) — for the same need, open or recent (as
    `repeats_for`), or, where no need was given, any other open request."""
    from django.db.models import Q

    family_ids = {
        request.pk: [
            request.family_id,
            *(f.pk for f in duplicates_by_family.get(request.family_id, [])),
        ]
        for request in support_requests
    }
    since = timezone.now() - timedelta(days=settings.REPEAT_REQUEST_WINDOW_DAYS)
    by_family: dict = {}
    others = (
        SupportRequest.objects.filter(
            family_id__in={pk for ids in family_ids.values() for pk in ids}
        )
        .filter(Q(status__in=list(OPEN)) | Q(submitted_at__gte=since))
        .select_related("service")
        .order_by("submitted_at", "id")
    )
    for other in others:
        by_family.setdefault(other.family_id, []).append(other)
    found = {}
    for request in support_requests:
        found[request.pk] = [
            other
            for family_id in family_ids[request.pk]
            for other in by_family.get(family_id, [])
            if other.pk != request.pk
            and (other.need_id == request.need_id if request.need_id else other.status in OPEN)
        ]
    return found


def repeats_before_sending(draft, *, viewer):
    """Requests already made for these children (same name, date of birth and postcode) for
    the same service or need. Shown to practitioners, and to a signed-in family for its own
    record only; never to someone anonymous (they could be anyone)."""
    from familyhub.accounts.roles import is_parent, role_of
    from familyhub.families.matching import matching_children
    from familyhub.families.models import Family
    from familyhub.referrals.access import families_for

    answers = draft.answers
    if role_of(viewer) is None or not answers.get("postcode"):
        return []
    family_ids = {
        match.family_id
        for child in answers.get("children", [])
        for match in matching_children(
            child["first_name"], child.get("last_name", ""),
            date.fromisoformat(child["date_of_birth"]), answers["postcode"],
        )
    }  # fmt: skip
    if is_parent(viewer):
        family_ids &= set(families_for(viewer).values_list("pk", flat=True))
    found = []
    for family in Family.objects.filter(pk__in=family_ids):
        found.extend(repeats_for(family, service=draft.service, need=draft.need))
    return found
