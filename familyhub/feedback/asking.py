"""Asking a family for feedback: once a request or an early help case closes, or a programme
ends. The ask goes only by the way the family said is safe (families.safe_contact): email if
safe, else a text if safe, never both; with no safe way nothing is sent, and the family still
sees "Tell us how it went" on its own tracking page. One reminder, FEEDBACK_REMINDER_DAYS later,
if no one has answered.

The closing apps do not call this module (feedback depends on them, not the other way round): a
closing move writes a history row, and the receivers below queue a task for the worker once the
close is committed. The daily job (`remind`) also asks about any close whose task was lost.
"""

import logging
import uuid
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import task

from familyhub.casework.models import Case, CaseChange
from familyhub.casework.states import ClosureOutcome
from familyhub.casework.states import Status as CaseStatus
from familyhub.families.safe_contact import message_route
from familyhub.feedback.links import link_for, token_for, token_hash
from familyhub.feedback.models import About, FeedbackInvitation
from familyhub.notifications.services import InvalidMessage, queue_message
from familyhub.referrals.models import StatusChange, SupportRequest
from familyhub.referrals.states import Outcome, Status

logger = logging.getLogger(__name__)

# Closes the family is not asked about: no one could reach them, or they left the support.
NOT_ASKED_REQUEST_OUTCOMES = frozenset({Outcome.COULD_NOT_CONTACT, Outcome.FAMILY_WITHDREW})
# Early help's ending moves that ask; not a step up (social care has the family now), nor
# consent withdrawn, nor a family that could not engage.
ASKING_CASE_MOVES = frozenset({"close", "step_down"})
NOT_ASKED_CASE_OUTCOMES = frozenset(
    {ClosureOutcome.STEPPED_UP, ClosureOutcome.CONSENT_WITHDRAWN, ClosureOutcome.COULD_NOT_ENGAGE}
)
# The daily job looks back this far for closes whose ask was lost.
CATCH_UP = timedelta(days=14)
REFERENCE_CHARACTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


def language_of(family) -> str:
    """Polish pages and links for a family who said they speak Polish at home."""
    spoken = (family.home_languages or "").lower()
    return "pl" if ("polish" in spoken or "polski" in spoken) else "en-gb"


def message_reference(invitation) -> str:
    """What the message names: the request's or case's reference, or the programme's."""
    if invitation.request_id:
        return invitation.request.reference
    if invitation.case_id:
        return invitation.case.reference
    ref = invitation.programme_ref
    if ref and len(ref) <= 40 and set(ref) <= REFERENCE_CHARACTERS:
        return ref
    return "programme"


def ask_for_feedback(
    *,
    family,
    about: str,
    request=None,
    case=None,
    programme_ref: str = "",
    programme_name: str = "",
    service=None,
    now=None,
) -> FeedbackInvitation | None:
    """Ask the family once about this request, case or programme place (for programmes, give
    `programme_ref`, unique per programme, and its name). Returns the invitation (the one
    already made, if asked before); the message goes by the family's safe way only."""
    if about not in About.values:
        raise ValueError(f"Feedback about {about!r}: use one of {', '.join(About.values)}.")
    if about == About.PROGRAMME and not programme_ref:
        raise ValueError("Feedback about a programme needs its programme_ref.")
    now = now or timezone.now()
    invitation_id = uuid.uuid4()
    try:
        with transaction.atomic():
            invitation = FeedbackInvitation.objects.create(
                id=invitation_id,
                about=about,
                family=family,
                request=request,
                case=case,
                programme_ref=programme_ref,
                programme_name=programme_name,
                service=service if service is not None else getattr(request, "service", None),
                token_hash=token_hash(token_for(invitation_id)),
                language=language_of(family),
                created_at=now,
                expires_at=now + timedelta(days=settings.FEEDBACK_LINK_DAYS),
            )
            _send(invitation, "feedback_asked", now=now)
    except IntegrityError:  # asked already (a retried task, or the daily catch-up)
        return _existing(family=family, request=request, case=case, programme_ref=programme_ref)
    return invitation


def _existing(*, family, request, case, programme_ref):
    if request is not None:
        return FeedbackInvitation.objects.filter(request=request).first()
    if case is not None:
        return FeedbackInvitation.objects.filter(case=case).first()
    return FeedbackInvitation.objects.filter(family=family, programme_ref=programme_ref).first()


def _send(invitation, kind: str, *, now) -> bool:
    """Queue the message by the family's safe way (inside the caller's transaction)."""
    route = message_route(invitation.family)
    if route is None:
        return False
    try:
        queue_message(
            channel=route.channel,
            to=route.to,
            kind=kind,
            reference=message_reference(invitation),
            link=link_for(invitation),
        )
    except InvalidMessage as problem:
        logger.warning("Feedback message for %s not queued: %s", invitation.pk, problem)
        return False
    if kind == "feedback_asked":
        invitation.sent_at, invitation.channel = now, route.channel
        invitation.save(update_fields=["sent_at", "channel"])
    return True


def request_is_asked(support_request) -> bool:
    return (
        support_request.status == Status.CLOSED
        and support_request.outcome not in NOT_ASKED_REQUEST_OUTCOMES
    )


def case_is_asked(case) -> bool:
    return (
        case.closed_at is not None
        and case.status in (CaseStatus.CLOSED, CaseStatus.STEPPED_DOWN)
        and case.outcome not in NOT_ASKED_CASE_OUTCOMES
    )


@task()
def ask_about_request(request_id: str) -> str:
    """The worker's task once a request closes (its id only: no personal data in the queue)."""
    rows = SupportRequest.objects.select_related("family", "service")
    support_request = rows.filter(pk=request_id).first()  # None: gone since (erased)
    if support_request is None or not request_is_asked(support_request):
        return "not asked"
    invitation = ask_for_feedback(
        family=support_request.family, about=About.REQUEST, request=support_request
    )
    return "asked" if invitation and invitation.sent_at else "no safe way"


@task()
def ask_about_case(case_id: str) -> str:
    case = Case.objects.select_related("family").filter(pk=case_id).first()
    if case is None or not case_is_asked(case):
        return "not asked"
    invitation = ask_for_feedback(family=case.family, about=About.CASE, case=case)
    return "asked" if invitation and invitation.sent_at else "no safe way"


def ask_after_programme(place_id) -> FeedbackInvitation | None:
    """A family completed a parenting programme (the programmes app calls this, declared as
    `programme_place_completed` in apps.py, once the completion is saved): ask them, once per
    programme, how it went."""
    place = (
        apps.get_model("programmes", "Place")
        .objects.select_related("group__programme__service", "request__family")
        .filter(pk=place_id)
        .first()
    )
    if place is None:
        return None
    programme = place.group.programme
    return ask_for_feedback(
        family=place.request.family,
        about=About.PROGRAMME,
        programme_ref=f"programme-{programme.pk}",
        programme_name=programme.service.name,
        service=programme.service,
    )


def request_closed(sender, instance, created, raw=False, **kwargs):
    """A request's history row for a close: ask once the close is committed."""
    closing = instance.to_status == Status.CLOSED and instance.from_status != Status.CLOSED
    if created and not raw and closing:
        request_id = str(instance.request_id)
        transaction.on_commit(lambda: ask_about_request.enqueue(request_id), robust=True)


def case_closed(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.move in ASKING_CASE_MOVES:
        case_id = str(instance.case_id)
        transaction.on_commit(lambda: ask_about_case.enqueue(case_id), robust=True)


def connect():
    post_save.connect(request_closed, sender=StatusChange, dispatch_uid="feedback_request")
    post_save.connect(case_closed, sender=CaseChange, dispatch_uid="feedback_case")


# --- the daily job --------------------------------------------------------------------------


def ask_missed(now=None) -> int:
    """Closes in the last CATCH_UP whose ask was lost (a task that never ran): asked now."""
    now = now or timezone.now()
    asked = 0
    requests = SupportRequest.objects.filter(
        status=Status.CLOSED, ended_at__gte=now - CATCH_UP, feedback_invitations__isnull=True
    ).exclude(outcome__in=NOT_ASKED_REQUEST_OUTCOMES)
    for support_request in requests.select_related("family", "service"):
        ask_for_feedback(
            family=support_request.family, about=About.REQUEST, request=support_request, now=now
        )
        asked += 1
    cases = Case.objects.filter(
        status__in=[CaseStatus.CLOSED, CaseStatus.STEPPED_DOWN],
        closed_at__gte=now - CATCH_UP,
        feedback_invitations__isnull=True,
    ).exclude(outcome__in=NOT_ASKED_CASE_OUTCOMES)
    for case in cases.select_related("family"):
        ask_for_feedback(family=case.family, about=About.CASE, case=case, now=now)
        asked += 1
    return asked


def due_reminders(now=None):
    """Asked FEEDBACK_REMINDER_DAYS ago or more, sent, unanswered, not reminded, not expired."""
    now = now or timezone.now()
    return FeedbackInvitation.objects.filter(
        sent_at__isnull=False,
        sent_at__lte=now - timedelta(days=settings.FEEDBACK_REMINDER_DAYS),
        answered_at__isnull=True,
        reminded_at__isnull=True,
        expires_at__gt=now,
    )


def remind(now=None) -> dict:
    """The daily job: ask about closes that were missed, then remind, once, those who have not
    answered. Running it twice reminds no one twice (each reminder claims its invitation)."""
    now = now or timezone.now()
    counts = {"asked": ask_missed(now), "reminded": 0, "no_safe_way": 0}
    for invitation in due_reminders(now).select_related("family", "request", "case"):
        with transaction.atomic():
            claimed = FeedbackInvitation.objects.filter(
                pk=invitation.pk, reminded_at__isnull=True, answered_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            if _send(invitation, "feedback_reminder", now=now):
                counts["reminded"] += 1
            else:
                counts["no_safe_way"] += 1
    return counts
