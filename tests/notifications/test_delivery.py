"""Delivery through a real HTTP server that answers like GOV.UK Notify."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from familyhub.notifications.messages import render
from familyhub.notifications.models import Message
from familyhub.notifications.services import (
    backoff,
    claim_message,
    deliver_due,
    deliver_message,
    queue_message,
    send_again,
)
from tests.notifications import fake_notify

pytestmark = pytest.mark.django_db

LINK = "https://familyhub.example.org/requests/track/"


def email(reference="FH-ABCD-2345", to="parent@example.org", kind="request_sent"):
    return queue_message(channel="email", to=to, kind=kind, reference=reference, link=LINK)


def test_an_email_goes_to_notify_with_only_the_reference_and_link(notify):
    message = email()
    assert deliver_due() == {"sent": 1, "failed": 0, "retrying": 0}
    [received] = notify.received
    assert received["channel"] == "email"
    assert received["template_id"] == fake_notify.EMAIL_TEMPLATE_ID
    assert received["email_address"] == "parent@example.org"
    assert received["reference"] == str(message.pk)
    personalisation = received["personalisation"]
    assert set(personalisation) == {"subject", "body"}
    expected = render("request_sent", "email", {"reference": "FH-ABCD-2345", "link": LINK})
    assert personalisation == {"subject": expected.subject, "body": expected.body}
    assert "FH-ABCD-2345" in personalisation["body"] and LINK in personalisation["body"]
    assert "parent" not in personalisation["body"].lower().replace("your request", "")
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.sent_at and not message.claimed_until
    assert uuid.UUID(message.provider_id)


def test_a_text_message_goes_to_notify(notify):
    message = queue_message(channel="sms", to="+44 7700 900123", kind="tracking_code",
                            reference="FH-ABCD-2345", code="482913")  # fmt: skip
    assert deliver_message(message.pk) == "sent"
    [received] = notify.received
    assert received["channel"] == "sms"
    assert received["template_id"] == fake_notify.SMS_TEMPLATE_ID
    assert received["phone_number"] == "07700900123"
    assert set(received["personalisation"]) == {"body"}
    body = received["personalisation"]["body"]
    assert body == render("tracking_code", "sms", message.personalisation).body
    assert "FH-ABCD-2345" in body and "482913" in body and "30 minutes" in body
    assert deliver_message(message.pk) is None  # sent once only


def test_failures_back_off_then_are_kept_as_failed_and_can_be_sent_again(notify):
    notify.fail_next = 1000
    messages = [email(), email(reference="FH-WXYZ-6789", to="other@example.org")]
    now = timezone.now()
    waits = []
    for attempt in range(1, 5):  # NOTIFICATIONS_MAX_ATTEMPTS is 4 here
        counts = deliver_due(now=now)
        for message in messages:
            message.refresh_from_db()
            assert message.attempts == attempt
            assert "500" in message.last_error and "Internal server error" in message.last_error
            assert "example.org" not in message.last_error and LINK not in message.last_error
            assert message.claimed_until is None
        if attempt < 4:
            assert counts == {"sent": 0, "failed": 0, "retrying": 2}
            assert all(m.status == Message.Status.PENDING for m in messages)
            wait = messages[0].next_attempt_at - now
            waits.append(wait)
            # Not due a moment before the wait is over.
            assert deliver_due(now=now + wait - timedelta(seconds=1)) == {
                "sent": 0, "failed": 0, "retrying": 0}  # fmt: skip
            now += wait
        else:
            assert counts == {"sent": 0, "failed": 2, "retrying": 0}
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert Message.objects.filter(status=Message.Status.FAILED).count() == 2

    # The service recovers; failed messages stay failed until someone sends them again.
    notify.fail_next = 0
    assert deliver_due(now=now + timedelta(days=1))["sent"] == 0
    assert notify.received == []
    assert all(send_again(message) for message in messages)
    assert messages[0].status == Message.Status.PENDING and messages[0].attempts == 0
    assert deliver_due() == {"sent": 2, "failed": 0, "retrying": 0}
    assert deliver_due() == {"sent": 0, "failed": 0, "retrying": 0}
    assert sorted(r["email_address"] for r in notify.received) == [
        "other@example.org", "parent@example.org"]  # fmt: skip
    assert not send_again(messages[0])  # only a failed message can be sent again


def test_a_message_is_delivered_once_the_backend_recovers(notify):
    notify.fail_next = 2
    message = email()
    now = timezone.now()
    assert deliver_due(now=now)["retrying"] == 1
    assert deliver_due(now=now + timedelta(minutes=1))["retrying"] == 1
    assert deliver_due(now=now + timedelta(minutes=3))["sent"] == 1
    for later in (5, 60, 600):
        assert deliver_due(now=now + timedelta(minutes=later))["sent"] == 0
    assert notify.calls == 3 and len(notify.received) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2


def test_a_claimed_message_is_sent_by_one_worker_only(notify):
    message = email()
    now = timezone.now()
    assert claim_message(message.pk, now=now) is not None  # worker A has it
    assert claim_message(message.pk, now=now) is None  # worker B does not
    assert deliver_due(now=now) == {"sent": 0, "failed": 0, "retrying": 0}
    assert deliver_message(message.pk) is None
    assert notify.received == []
    # Worker A died: its claim runs out after five minutes and another worker sends it.
    later = now + timedelta(minutes=6)
    assert deliver_due(now=later) == {"sent": 1, "failed": 0, "retrying": 0}
    assert deliver_due(now=later) == {"sent": 0, "failed": 0, "retrying": 0}
    assert len(notify.received) == 1


def test_backoff_doubles_from_a_minute_up_to_six_hours():
    assert [backoff(n) for n in range(1, 12)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360)
    ]
    assert backoff(1000) == timedelta(hours=6)


def test_a_wrong_key_is_a_retried_failure(notify, settings):
    settings.NOTIFY_API_KEY = f"wrong-{fake_notify.SERVICE_ID}-{uuid.uuid4()}"
    message = email()
    assert deliver_due()["retrying"] == 1
    message.refresh_from_db()
    assert "403" in message.last_error and notify.received == []


@pytest.mark.parametrize("key", ["", "not-a-key", "x" * 80])
def test_a_misconfigured_notify_backend_stops_before_any_attempt(notify, settings, key):
    settings.NOTIFY_API_KEY = key
    message = email()
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY"):
        deliver_due()
    message.refresh_from_db()
    assert message.attempts == 0 and message.status == Message.Status.PENDING
    assert notify.calls == 0


def test_missing_template_ids_are_a_clear_error(notify, settings):
    settings.NOTIFY_SMS_TEMPLATE_ID = ""
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_SMS_TEMPLATE_ID"):
        deliver_due()
