"""Asking: when a request or an early help case closes the family is asked once, by its safe
way only; one reminder after FEEDBACK_REMINDER_DAYS; programmes ask through ask_for_feedback."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.feedback import asking
from familyhub.feedback.links import token_for, token_hash
from familyhub.feedback.models import About, FeedbackInvitation
from familyhub.notifications.models import Message
from familyhub.referrals.actions import move_request
from tests.factories import FamilyFactory
from tests.feedback.helpers import a_service, closed_case, closed_request, sent_link
from tests.personas import person
from tests.referrals.helpers import make_request

pytestmark = pytest.mark.django_db


def test_closing_a_request_asks_the_family_once_by_email(django_capture_on_commit_callbacks):
    support_request = closed_request(django_capture_on_commit_callbacks)
    invitation = FeedbackInvitation.objects.get(request=support_request)
    assert invitation.about == About.REQUEST and invitation.service == support_request.service
    assert invitation.sent_at is not None and invitation.channel == "email"
    message = Message.objects.get(kind="feedback_asked")
    assert message.to == "sam@example.org" and message.reference == support_request.reference
    path = sent_link()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    # Asking again (a retried task, the daily catch-up) makes no second invitation or message.
    asking.ask_about_request.call(str(support_request.pk))
    assert asking.ask_missed() == 0
    assert FeedbackInvitation.objects.count() == 1
    assert Message.objects.filter(kind="feedback_asked").count() == 1


def test_a_family_that_said_email_is_unsafe_is_asked_by_text(django_capture_on_commit_callbacks):
    contact = {
        "contact_email": "sam@example.org",
        "contact_phone": "07700 900123",
        "preferred_contact": "text",
        "safe_to_email": False,
        "safe_to_text": True,
        "safe_to_phone": False,
        "voicemail_ok": False,
    }
    closed_request(django_capture_on_commit_callbacks, contact=contact)
    message = Message.objects.get(kind="feedback_asked")
    assert message.channel == "sms" and message.to == "07700900123"
    assert not Message.objects.filter(kind="feedback_asked", channel="email").exists()


def test_no_safe_way_means_no_message_and_the_tracking_page_asks(
    django_capture_on_commit_callbacks,
):
    contact = {
        "contact_email": "sam@example.org",
        "contact_phone": "07700 900123",
        "preferred_contact": "email",
        "safe_to_email": False,
        "safe_to_text": False,
        "safe_to_phone": False,
        "voicemail_ok": False,
        "other_way": "family_will_call",
    }
    support_request = closed_request(django_capture_on_commit_callbacks, contact=contact)
    invitation = FeedbackInvitation.objects.get(request=support_request)
    assert invitation.sent_at is None and invitation.channel == ""
    assert not Message.objects.filter(kind__startswith="feedback").exists()
    # Nor is a reminder sent to a family who was never sent the ask.
    later = timezone.now() + timedelta(days=30)
    assert asking.remind(now=later)["reminded"] == 0


def test_a_request_closed_as_could_not_contact_is_not_asked(django_capture_on_commit_callbacks):
    closed_request(django_capture_on_commit_callbacks, outcome="could_not_contact")
    assert not FeedbackInvitation.objects.exists()


def test_closing_early_help_asks_the_family(django_capture_on_commit_callbacks):
    case = closed_case(django_capture_on_commit_callbacks)
    invitation = FeedbackInvitation.objects.get(case=case)
    assert invitation.about == About.CASE and invitation.request is None
    message = Message.objects.get(kind="feedback_asked")
    assert message.reference == case.reference and message.to == "sam@example.org"


def test_early_help_that_could_not_engage_is_not_asked(django_capture_on_commit_callbacks):
    closed_case(django_capture_on_commit_callbacks, outcome="could_not_engage")
    assert not FeedbackInvitation.objects.exists()


def test_one_reminder_after_the_days_set_and_never_twice(
    settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_REMINDER_DAYS = 7
    closed_request(django_capture_on_commit_callbacks)
    invitation = FeedbackInvitation.objects.get()
    too_soon = invitation.sent_at + timedelta(days=6)
    assert asking.remind(now=too_soon)["reminded"] == 0
    due = invitation.sent_at + timedelta(days=7, minutes=1)
    assert asking.remind(now=due)["reminded"] == 1
    assert asking.remind(now=due + timedelta(days=1))["reminded"] == 0
    reminder = Message.objects.get(kind="feedback_reminder")
    assert reminder.to == "sam@example.org"
    # The reminder carries the same link as the ask.
    assert sent_link("feedback_reminder") == sent_link("feedback_asked")
    invitation.refresh_from_db()
    assert invitation.reminded_at == due


def test_no_reminder_once_answered_or_expired(django_capture_on_commit_callbacks):
    closed_request(django_capture_on_commit_callbacks)
    invitation = FeedbackInvitation.objects.get()
    invitation.answered_at = timezone.now()
    invitation.save()
    assert asking.remind(now=timezone.now() + timedelta(days=8))["reminded"] == 0
    invitation.answered_at = None
    invitation.save()
    assert asking.remind(now=invitation.expires_at + timedelta(days=1))["reminded"] == 0
    assert not Message.objects.filter(kind="feedback_reminder").exists()


def test_a_programme_asks_through_ask_for_feedback():
    family = FamilyFactory()
    first = asking.ask_for_feedback(
        family=family,
        about=About.PROGRAMME,
        programme_ref="PG-2027-01",
        programme_name="Incredible Years, spring",
    )
    again = asking.ask_for_feedback(
        family=family, about=About.PROGRAMME, programme_ref="PG-2027-01"
    )
    assert first.pk == again.pk and first.language == "en-gb"
    message = Message.objects.get(kind="feedback_asked")
    assert message.reference == "PG-2027-01"
    assert token_for(first.pk) in message.personalisation["link"]
    with pytest.raises(ValueError, match="programme_ref"):
        asking.ask_for_feedback(family=family, about=About.PROGRAMME)


def test_a_family_speaking_polish_gets_the_polish_link():
    family = FamilyFactory()
    family.home_languages = "Polish, English"
    family.save()
    invitation = asking.ask_for_feedback(family=family, about=About.PROGRAMME, programme_ref="x1")
    assert invitation.language == "pl"
    message = Message.objects.get(kind="feedback_asked")
    assert "/pl/feedback/" in message.personalisation["link"]


def test_the_familys_request_page_says_tell_us_how_it_went(
    client, django_capture_on_commit_callbacks
):
    parent = person("parent")
    service = a_service()
    support_request = make_request(service, by=parent)
    provider = person("provider", organisation=service.organisation)
    for move in ("accept", "start"):
        move_request(support_request.pk, move, by=provider)
    url = reverse("referrals:family_request", args=[support_request.reference])
    client.force_login(parent)
    assert b"Tell us how it went" not in client.get(url).content  # not before it ends
    with django_capture_on_commit_callbacks(execute=True):
        move_request(support_request.pk, "close", by=provider, outcome="needs_met")
    page = client.get(url).content.decode()
    assert "Tell us how it went" in page and sent_link() in page
    client.force_login(provider)  # staff looking at the same page are never shown it
    staff_view = client.get(url)
    assert staff_view.status_code == 200 and b"Tell us how it went" not in staff_view.content
    client.force_login(parent)
    client.post(sent_link(), {"respondent": "parent", "helped": "yes"})
    assert b"Tell us how it went" not in client.get(url).content  # answered: gone


def test_a_task_for_a_request_or_case_that_is_gone_does_nothing():
    assert asking.ask_about_request.call(str(uuid.uuid4())) == "not asked"
    assert asking.ask_about_case.call(str(uuid.uuid4())) == "not asked"
    assert not FeedbackInvitation.objects.exists()
