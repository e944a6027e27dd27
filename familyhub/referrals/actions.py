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
from familyhub.families.duplicates import merge_families
from familyhub.families.safe_contact import message_route
from familyhub.families.services import (
    add_account_holder,
    children_named_in,
    save_family_from_answers,
)
from familyhub.notifications.services import InvalidMessage
from familyhub.notifications.services import queue_message as _queue_message
from familyhub.referrals import privacy, safeguarding, waiting
from familyhub.referrals.access import families_for
from familyhub.referrals.locking import lock_request
from familyhub.referrals.models import Consent, Draft, OnBehalf, StatusChange, SupportRequest
from familyhub.referrals.states import (
    HISTORY_EVENTS,
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
            draft.save(update_fields=["submitted_request", "answers_json", "updated_at"])
            return support_request
    except IntegrityError:
        # Another process submitted the same draft at the same moment: its request stands.
        return SupportRequest.objects.get(idempotency_key=draft_id)


def _create_request(draft: Draft, *, by) -> SupportRequest:
    answers = draft.answers
    now = timezone.now()
    family = None
    if answers.get("family_id"):
        family = families_for(by).filter(pk=answers["family_id"]).first()
    family, how = save_family_from_answers(answers, by=by, family=family)
    # Whether the request joined a record its sender does not hold (queries.may_see_after_sending).
    answers["family_record"] = how
    by_practitioner = answers.get("who") == "practitioner"
    on_behalf = answers.get("on_behalf", "") if by_practitioner else ""
    on_behalf = on_behalf if on_behalf in OnBehalf.values else ""
    consent = Consent.objects.create(
        family=family,
        given_by_name=answers["consent"]["given_by_name"],
        given_by=Consent.GivenBy.PRACTITIONER if by_practitioner else Consent.GivenBy.FAMILY,
        recorded_by=by if by and by.is_authenticated else None,
        given_at=answers["consent"].get("given_at") or now,
        wording_version=settings.CONSENT_WORDING_VERSION,
        privacy_notice_version=answers["consent"].get("privacy_notice_version")
        or privacy.PRIVACY_NOTICE_VERSION,
        given_aloud=on_behalf,
        notice_read_aloud=bool(on_behalf),
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
        # On the family's behalf, staff are not the referrer: the family hears, not them.
        made_by_practitioner=by_practitioner and not on_behalf,
        made_on_behalf=on_behalf,
        referrer_team=profile.team if by_practitioner and profile and not on_behalf else None,
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
        by_label=on_behalf_label(support_request) or _label(by, "family"),
        to_status=Status.SUBMITTED,
    )  # fmt: skip
    audit.record(by, "create", support_request)
    disclosure = safeguarding.disclosure_in(answers)
    if disclosure:
        safeguarding.flag(support_request, disclosure, now=now, by=by)
        tell_service(support_request, kind="safeguarding_concern")
    _tell_family(support_request, "request_sent")
    tell_service(support_request)
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
    reason_for_family: str = "",
    outcome: str = "",
    expected_start: date | None = None,
    service=None,
    suggested_service=None,
) -> SupportRequest:
    """Make one move in the loop. Two people deciding at once: exactly one wins, the other is
    told the request changed under them. Raises MoveRefused with a message to show."""
    with transaction.atomic():
        support_request = lock_request(request_id, expected_version)
        move = check_move(support_request.status, move_name)
        safeguarding.check_decision(support_request, move)
        now = timezone.now()
        _check_reason(move, reason)
        _apply_details(support_request, move, now, reason=reason, outcome=outcome,
                       expected_start=expected_start, service=service,
                       suggested_service=suggested_service,
                       reason_for_family=reason_for_family)  # fmt: skip
        from_status = support_request.status
        support_request.status = move.to
        support_request.status_changed_at = now
        support_request.version += 1
        support_request.save()
        StatusChange.objects.create(
            request=support_request, at=now, by=by if by and by.is_authenticated else None,
            by_label=by_label or _label(by, "family"), from_status=from_status,
            to_status=move.to, reason_code=reason or outcome or "", note=note or None,
        )  # fmt: skip
        audit.record(by, "change", support_request, detail=move.name, actor=by_label)
        if move.passes_on:
            _redirect(support_request, service, by=by, now=now)
        if move.tells_family:
            _tell_family(support_request, "request_updated")
            _tell_referrer(support_request)
        if move.tells_service:
            tell_service(support_request, kind=move.tells_service)
        return support_request


def _check_reason(move, reason: str):
    """A move with coded reasons takes only those; one that needs a reason must have one."""
    if move.reasons is None:
        return
    if reason and reason not in move.reasons.values:
        raise MoveRefused("That reason is not one of the choices. Choose one from the list.")
    if "reason" in move.needs and not reason:
        raise MoveRefused(f"Choose why the request is being {move.past}.")


def _apply_details(support_request, move, now, *, reason, outcome, expected_start, service,
                   suggested_service, reason_for_family):  # fmt: skip
    """Check the details the move asks for and record them, then what the move itself records
    (its `asks`, `needs`, `sets` and `outcome` in states.py)."""
    given = {"reason": reason, "outcome": outcome, "expected_start": expected_start,
             "service": service}  # fmt: skip
    for name in move.needs:
        if name in MISSING and not given[name]:
            raise MoveRefused(MISSING[name])
    if "reason_for_family" in move.asks:
        if reason == DeclineReason.OTHER and not reason_for_family.strip():
            raise MoveRefused("Write the reason for the family: they will read it.")
        support_request.decline_reason = reason
        support_request.reason_for_family = reason_for_family.strip() or None
    if "suggested_service" in move.asks:
        support_request.suggested_service = suggested_service
    if "expected_start" in move.asks:
        if expected_start < timezone.localdate(now):
            raise MoveRefused("The expected start date must be today or in the future.")
        support_request.expected_start = expected_start
    if "service" in move.needs and service.pk == support_request.service_id:
        raise MoveRefused("Choose a different service from the one it was sent to.")
    if "outcome" in move.needs:
        if outcome not in Outcome.values:
            raise MoveRefused("Choose the outcome.")
        support_request.outcome = outcome
    if move.outcome:
        support_request.outcome = move.outcome
    _record_what_the_move_sets(support_request, move, now)


# The message for a detail a move needs and was not given.
MISSING = {
    "expected_start": "Enter the date support is expected to start.",
    "service": "Choose the service to pass the request to.",
    "outcome": "Choose the outcome.",
}


def _record_what_the_move_sets(support_request, move, now):
    if "received_at" in move.sets:
        support_request.received_at = support_request.received_at or now
    if "decided_at" in move.sets:
        support_request.decided_at = support_request.decided_at or now
    if "predicted_wait" in move.sets and support_request.service_id:
        support_request.predicted_wait_days = waiting.predicted_wait_days(support_request.service)
    if "expected_start_from_wait" in move.sets:
        # The family keeps the wait they were shown as this request's expected start.
        days = support_request.predicted_wait_days
        support_request.expected_start = (
            timezone.localdate(now) + timedelta(days=days) if days is not None else None
        )
    if "started_at" in move.sets:
        support_request.started_at = now
    if "ended_at" in move.sets:
        support_request.ended_at = now


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
    tell_service(new)
    return new


def record_event(support_request, code: str, *, by, note: str = "", at=None) -> StatusChange:
    """A row in the request's history for something that happened to it without a move (its
    status stays): `code` is one of states.HISTORY_EVENTS."""
    if code not in HISTORY_EVENTS:
        raise ValueError(f"Unknown history event {code!r}: declare it in states.HISTORY_EVENTS")
    return StatusChange.objects.create(
        request=support_request, at=at or timezone.now(),
        by=by if by and by.is_authenticated else None, by_label=_label(by, "Family Hub"),
        from_status=support_request.status, to_status=support_request.status,
        reason_code=code, note=note or None,
    )  # fmt: skip


def flag_later_concern(request_id, disclosure, *, words: str, by_label: str) -> SupportRequest:
    """Danger recognised in something the family wrote after the request was made (their
    feedback, say): the request is flagged again (a new safeguarding step is needed), its
    history keeps their words for the service, and the service is emailed today."""
    with transaction.atomic():
        support_request = lock_request(request_id)
        keys = [*support_request.safeguarding_concerns, *disclosure.keys]
        support_request.safeguarding_concerns = list(dict.fromkeys(keys))
        support_request.safeguarding_step, support_request.safeguarding_step_at = "", None
        support_request.version += 1
        support_request.save(update_fields=["safeguarding_concerns", "safeguarding_step",
                                            "safeguarding_step_at", "version"])  # fmt: skip
        note = (
            f"Possible safeguarding concern in {by_label}: "
            f"{'; '.join(safeguarding.staff_names(disclosure.keys))}. Their words: {words} "
            f"Required step: {safeguarding.required_step()}"
        )
        record_event(support_request, safeguarding.FLAGGED, by=None, note=note)
        audit.record(None, "change", support_request, detail="safeguarding concern flagged")
        tell_service(support_request, kind="safeguarding_concern")
        return support_request


@transaction.atomic
def merge_family_records(keep, duplicate, *, by):
    """Triage found two records of one family: `duplicate` folds into `keep` (families'
    merge_families), and each of its requests moves to `keep` here, with a history row."""

    def move_requests(keep, duplicate, twins):
        moving = SupportRequest.objects.select_for_update().filter(family=duplicate).order_by("pk")
        for support_request in moving:
            for child in support_request.children.filter(pk__in=twins):
                support_request.children.remove(child)
                support_request.children.add(twins[child.pk])
            support_request.family = keep
            support_request.version += 1
            support_request.save(update_fields=["family", "version"])
            record_event(support_request, "family_records_merged", by=by)
            audit.record(by, "change", support_request, detail="family records merged")
        Consent.objects.filter(family=duplicate).update(family=keep)

    return merge_families(keep, duplicate, by=by, move_requests=move_requests)


def service_merged(requests, keep, duplicate, *, by=None) -> int:
    """Interchange merged a duplicate service into `keep`: its requests (and those suggesting
    it) now name `keep`, each with a history row. Called through the merge registry (the
    referrals app's AppConfig.directory_movers), inside the merge's transaction."""
    moved = 0
    for support_request in requests.select_for_update().order_by("pk"):
        changed = []
        if support_request.service_id == duplicate.pk:
            support_request.service = keep
            changed.append("service")
        if support_request.suggested_service_id == duplicate.pk:
            support_request.suggested_service = keep
            changed.append("suggested_service")
        if not changed:
            continue
        support_request.version += 1
        support_request.save(update_fields=[*changed, "version"])
        record_event(support_request, "service_records_merged", by=by,
                     note=f"{duplicate.name} is now recorded as {keep.name}")  # fmt: skip
        audit.record(by, "change", support_request, detail="its service's records merged")
        moved += 1
    return moved


def on_behalf_label(support_request) -> str:
    """ "Made on the family's behalf by Sam Hub by phone", or "" for any other request."""
    if not support_request.made_on_behalf:
        return ""
    label = "Made on the family's behalf by {} {}".format(
        _label(support_request.made_by, "staff"),
        "by phone" if support_request.made_on_behalf == OnBehalf.PHONE else "in person",
    )
    return label[:120]


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


def _tell_family(support_request: SupportRequest, kind: str) -> bool:
    """By the safe way the family chose: email if safe, else a text if safe; never both.
    False if nothing may be sent (families.safe_contact): staff must arrange contact."""
    route = message_route(support_request.family)
    if route is None:
        return False
    queue_message(channel=route.channel, to=route.to, kind=kind,
                  reference=support_request.reference, link=_link("referrals:track"))  # fmt: skip
    return True


@transaction.atomic
def add_request_to_account(support_request: SupportRequest, user) -> bool:
    """A parent adds a request (unlocked with its code) to their account. The family is told
    by their safe way, so that if someone else holding their phone did it, they know.
    True if the account was newly added."""

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


def tell_service(support_request: SupportRequest, kind: str = "new_request"):
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
