"""Confidence at the start: the request form asks families the same confidence question (0 to
10) they are asked when support ends (referrals.request_forms, the worries step). When the
draft becomes a request, its answer is recorded here, once, for the change to be measured. A
case opened from a request starts from that request's answer (queries.confidence_pairs)."""

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save

from familyhub.feedback.models import CONFIDENCE_MAX, ConfidenceAtStart, Respondent
from familyhub.referrals.models import Draft


def confidence_given(answers: dict) -> int | None:
    value = str(answers.get("confidence") or "")
    if answers.get("who") == "practitioner" or not value.isdigit():
        return None
    number = int(value)
    return number if 0 <= number <= CONFIDENCE_MAX else None


def record_from_draft(draft) -> ConfidenceAtStart | None:
    """The submitted draft's confidence answer, recorded once against its request."""
    confidence = confidence_given(draft.answers)
    if confidence is None or not draft.submitted_request_id:
        return None
    support_request = draft.submitted_request
    try:
        with transaction.atomic():
            return ConfidenceAtStart.objects.get_or_create(
                request=support_request,
                respondent=Respondent.PARENT,
                defaults={
                    "family_id": support_request.family_id,
                    "confidence": confidence,
                    "asked_at": support_request.submitted_at,
                },
            )[0]
    except IntegrityError:  # recorded at the same moment by another save
        return None


def draft_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and instance.submitted_request_id:
        record_from_draft(instance)


def connect():
    post_save.connect(draft_saved, sender=Draft, dispatch_uid="feedback_confidence_at_start")
