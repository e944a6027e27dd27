"""Confidence at the start: the same question on the request form (families only), recorded
once on submit; the pairs start → end the outcomes dashboard reads."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.feedback import queries
from familyhub.feedback.models import ConfidenceAtStart, FeedbackAnswer
from familyhub.feedback.questions import CONFIDENCE_QUESTION
from familyhub.referrals.models import Draft
from familyhub.referrals.request_forms import WorriesForm
from tests.feedback.helpers import a_service, closed_request, sent_link
from tests.referrals.helpers import answers, make_request

pytestmark = pytest.mark.django_db


def test_the_request_form_asks_the_same_question_of_families_only():
    family_form = WorriesForm()
    assert str(CONFIDENCE_QUESTION).rstrip("?") in str(family_form.fields["confidence"].label)
    assert "confidence" not in WorriesForm(by_practitioner=True).fields


def test_the_worries_step_keeps_the_answer_for_the_request(client):
    service = a_service()
    draft = Draft.objects.create(service=service, answers=answers(confidence=""))
    session = client.session
    session["request_drafts"] = [str(draft.id)]
    session.save()
    url = reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "worries"})
    page = client.get(url)
    assert "How confident do you feel as a parent or carer right now?" in page.content.decode()
    bad = client.post(url, {"worries": "Sleep", "confidence": "12"})
    assert bad.status_code == 400 and b"Choose a number from 0 to 10, or none" in bad.content
    client.post(url, {"worries": "Sleep", "confidence": "4"})
    assert Draft.objects.get(pk=draft.pk).answers["confidence"] == "4"


def test_submitting_records_confidence_at_the_start_once():
    support_request = make_request(a_service(), confidence="3")
    recorded = ConfidenceAtStart.objects.get(request=support_request)
    assert recorded.confidence == 3 and recorded.family_id == support_request.family_id
    assert recorded.asked_at == support_request.submitted_at
    Draft.objects.get(submitted_request=support_request).save()  # saved again: still one
    assert ConfidenceAtStart.objects.count() == 1


@pytest.mark.parametrize("given", ["", "prefer_not", None])
def test_no_answer_records_nothing(given):
    make_request(a_service(), confidence=given)
    assert not ConfidenceAtStart.objects.exists()


def test_a_practitioners_request_records_nothing():
    make_request(a_service(), who="practitioner", confidence="5")
    assert not ConfidenceAtStart.objects.exists()


def test_confidence_pairs_start_to_end(client, django_capture_on_commit_callbacks):
    support_request = closed_request(django_capture_on_commit_callbacks, confidence="3")
    client.post(sent_link(), {"respondent": "parent", "confidence": "7"})
    client.post(sent_link(), {"respondent": "child", "confidence": "9"})  # not a parent's
    now = timezone.now()
    pairs = queries.confidence_pairs(now - timedelta(days=1), now + timedelta(days=1))
    assert pairs == [(3, 7)]
    assert FeedbackAnswer.objects.filter(invitation__request=support_request).count() == 2
