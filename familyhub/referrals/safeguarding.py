"""A possible safeguarding concern in a request for support: found, flagged, acted on.

Whatever the family answered to "is a child in danger?", their own words are read by the one
safety layer (`familyhub.safety`). When it recognises danger:
- the request is flagged when it is made, and a history row says what was recognised and the
  partnership's required step;
- the service (or the early help triage team) is emailed, by `actions`, that a request needs a
  safeguarding check today (a reference and a link, never the words);
- no decision can be made on it (accept, decline, waiting list, pass on, start, close) until
  someone records the step they took, which is written in its history too.

The required step is the Medway Safeguarding Children Partnership's: speak to your designated
safeguarding lead the same day; if a child may be at risk of significant harm, refer to the
children's front door; if a child is in immediate danger, call 999.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.audit import services as audit
from familyhub.referrals.locking import lock_request
from familyhub.referrals.models import StatusChange, SupportRequest
from familyhub.referrals.states import MoveRefused
from familyhub.safety.recognise import Disclosure, lexicon, recognise

FLAGGED = "safeguarding_flagged"
STEP_TAKEN = "safeguarding_step"


class Step(models.TextChoices):
    DSL = "dsl", _("Spoke to our designated safeguarding lead, who is acting on it")
    FRONT_DOOR = "front_door", _("Referred to the children's front door")
    EMERGENCY = "emergency", _("Called 999 or the police")
    ALREADY_KNOWN = (
        "already_known",
        _("Already known: the family's social worker or lead practitioner has been told"),
    )
    NO_REFERRAL = (
        "no_referral",
        _("Our designated safeguarding lead decided no referral is needed (say why)"),
    )


def required_step() -> str:
    contact = settings.SAFEGUARDING_CONTACT
    return str(
        _(
            "Speak to your designated safeguarding lead today. If a child may be at risk of "
            "significant harm, refer to %(name)s on %(phone)s (%(hours)s; %(out_of_hours)s at "
            "other times). If a child is in immediate danger, call 999."
        )
        % {
            "name": contact["name"],
            "phone": contact["phone"],
            "hours": contact["hours"],
            "out_of_hours": contact["out_of_hours_phone"],
        }
    )


def free_text(answers: dict) -> list[str]:
    """Everything the family (or their practitioner) wrote in their own words."""
    contact = answers.get("contact") or {}
    return [
        str(value)
        for value in (
            answers.get("worries"),
            answers.get("tried"),
            answers.get("would_help"),
            answers.get("accessibility_needs"),
            contact.get("contact_notes") if isinstance(contact, dict) else "",
            contact.get("safe_times") if isinstance(contact, dict) else "",
        )
        if value
    ]


def disclosure_in(answers: dict) -> Disclosure:
    return recognise(*free_text(answers))


def staff_names(keys) -> list[str]:
    kinds = lexicon().kinds
    return [kinds[key].name for key in keys if key in kinds]


def flag(support_request: SupportRequest, disclosure: Disclosure, *, now, by=None) -> None:
    """Called inside the transaction that makes the request (which then emails the service
    or triage: actions.tell_service, kind "safeguarding_concern")."""
    support_request.safeguarding_concerns = disclosure.keys
    support_request.save(update_fields=["safeguarding_concerns"])
    StatusChange.objects.create(
        request=support_request,
        at=now,
        by_label="Family Hub safety check",
        from_status=support_request.status,
        to_status=support_request.status,
        reason_code=FLAGGED,
        note=(
            "Possible safeguarding concern in the family's own words: "
            f"{'; '.join(staff_names(disclosure.keys))}. Required step: {required_step()}"
        ),
    )
    audit.record(by, "change", support_request, detail="safeguarding concern flagged")


def needs_step(support_request: SupportRequest) -> bool:
    return bool(support_request.safeguarding_concerns) and not support_request.safeguarding_step


def check_decision(support_request: SupportRequest, move) -> None:
    """No decision about the family (a move marked `decision` in states.py) until the
    safeguarding step is recorded."""
    if move.decision and needs_step(support_request):
        raise MoveRefused(
            "This request may show a safeguarding concern. Record the safeguarding step you "
            "took before you decide."
        )


def record_step(
    request_id, step: str, *, note: str, by, expected_version: int | None = None
) -> SupportRequest:
    """Record what was done about the concern; a history row and an audit event."""
    if step not in Step.values:
        raise MoveRefused("Choose the safeguarding step you took.")
    note = (note or "").strip()
    if step == Step.NO_REFERRAL and not note:
        raise MoveRefused(
            "Say why your designated safeguarding lead decided no referral is needed."
        )
    with transaction.atomic():
        support_request = lock_request(request_id, expected_version)
        if not support_request.safeguarding_concerns:
            raise MoveRefused("This request has no safeguarding concern to act on.")
        now = timezone.now()
        support_request.safeguarding_step = step
        support_request.safeguarding_step_at = now
        support_request.version += 1
        support_request.save(update_fields=["safeguarding_step", "safeguarding_step_at", "version"])
        StatusChange.objects.create(
            request=support_request,
            at=now,
            by=by if by and by.is_authenticated else None,
            by_label=(by.get_full_name() or by.get_username()) if by else "",
            from_status=support_request.status,
            to_status=support_request.status,
            reason_code=STEP_TAKEN,
            note=f"{Step(step).label}." + (f" {note}" if note else ""),
        )
        audit.record(by, "change", support_request, detail=f"safeguarding step: {step}")
        return support_request
