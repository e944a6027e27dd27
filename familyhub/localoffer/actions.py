"""The one writer of Local Offer answers: each save is a new version (the history)."""

from django.db import transaction
from django.utils import timezone

from familyhub.localoffer.models import LocalOfferAnswers
from familyhub.localoffer.questions import FIELDS


def save_answers(service, data: dict, *, by) -> LocalOfferAnswers:
    with transaction.atomic():
        return LocalOfferAnswers.objects.create(
            service=service,
            saved_at=timezone.now(),
            saved_by=by if by is not None and by.is_authenticated else None,
            **{name: (data.get(name) or "").strip() for name in FIELDS},
        )
