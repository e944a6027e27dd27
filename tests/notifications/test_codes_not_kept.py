"""One-time codes are kept in the outbox only until their message is sent or has failed for
good; no staff page ever shows one."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from familyhub.notifications.models import Message
from familyhub.notifications.services import deliver_due, queue_message, send_again

pytestmark = pytest.mark.django_db

CODE = "739184"


def _code_message(to="07700 900123"):
    return queue_message(channel="sms", to=to, kind="tracking_code", reference="FH-ABCD-2345",
                         link="https://familyhub.example.org/track/code/", code=CODE)  # fmt: skip


def _stored(message) -> str:
    """Everything the outbox row holds, as the database gives it back."""
    return str(Message.objects.filter(pk=message.pk).values().get())


def test_the_code_is_delivered_then_no_longer_kept(outbox_dir):
    message = _code_message()
    assert CODE in _stored(message)  # waiting to be sent: the code must be there to send it
    assert deliver_due()["sent"] == 1
    [written] = outbox_dir.glob("*.txt")
    assert CODE in written.read_text()  # the family got it
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.personalisation == {
        "reference": "FH-ABCD-2345",
        "code": "",
        "link": "https://familyhub.example.org/track/code/",
    }
    assert CODE not in _stored(message)


def test_a_code_that_fails_for_good_is_not_kept_and_is_not_sent_again(notify):
    notify.fail_next = 1000
    message = _code_message()
    now = timezone.now()
    deliver_due(now=now)
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and CODE in _stored(message)  # retried
    for _ in range(3):  # NOTIFICATIONS_MAX_ATTEMPTS is 4 in the notify fixture
        now = message.next_attempt_at
        deliver_due(now=now)
        message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert CODE not in _stored(message) and CODE not in message.last_error
    notify.fail_next = 0
    assert not send_again(message)  # a message without its code would tell the family nothing
    assert deliver_due()["sent"] == 0 and notify.received == []


def test_other_failed_messages_can_still_be_sent_again(notify):
    notify.fail_next = 1000
    message = queue_message(
        channel="email",
        to="parent@example.org",
        kind="request_sent",
        reference="FH-ABCD-2345",
        link="https://familyhub.example.org/x/",
    )
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED)  # fmt: skip
    message.refresh_from_db()
    assert send_again(message)


def test_no_outbox_page_shows_a_code_even_before_it_is_sent(admin_client):
    message = _code_message()
    pages = [
        admin_client.get(reverse("admin:notifications_message_changelist")),
        admin_client.get(reverse("admin:notifications_message_changelist"), {"q": "FH-ABCD"}),
        admin_client.get(reverse("admin:notifications_message_change", args=[message.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "FH-ABCD-2345" in page.content.decode()
        assert CODE not in page.content.decode()


def test_codes_already_sent_before_this_change_are_blanked_by_the_migration():
    sent, waiting = _code_message(), _code_message(to="07700 900124")
    Message.objects.filter(pk=sent.pk).update(status=Message.Status.SENT)
    migration = importlib.import_module("familyhub.notifications.migrations.0002_blank_sent_codes")
    migration.blank_codes(apps, None)
    assert CODE not in _stored(sent)
    assert CODE in _stored(waiting)  # still to be sent
