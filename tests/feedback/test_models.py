import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from familyhub.feedback import queries
from familyhub.feedback.models import About, FeedbackAnswer, FeedbackInvitation, Scale
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def invitation(family, **kwargs):
    now = timezone.now()
    return FeedbackInvitation.objects.create(
        about=kwargs.pop("about", About.PROGRAMME),
        family=family,
        token_hash=kwargs.pop("token_hash", "x" * 64),
        created_at=now,
        expires_at=now + timezone.timedelta(days=60),
        **kwargs,
    )


def test_one_answer_per_respondent_and_confidence_capped():
    asked = invitation(FamilyFactory(), programme_ref="g1")
    now = timezone.now()
    FeedbackAnswer.objects.create(invitation=asked, helped=Scale.YES, answered_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackAnswer.objects.create(invitation=asked, answered_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackAnswer.objects.create(
            invitation=asked, respondent="child", confidence=11, answered_at=now
        )


def test_response_rate_counts_answered_invitations():
    family = FamilyFactory()
    answered = invitation(family, programme_ref="a", token_hash="a" * 64)
    invitation(family, programme_ref="b", token_hash="b" * 64)
    answered.answered_at = timezone.now()
    answered.save()
    now = timezone.now()
    rate = queries.response_rate(now - timezone.timedelta(days=1), now + timezone.timedelta(days=1))
    assert (rate.invited, rate.answered, rate.rate) == (2, 1, 0.5)
