import pytest
from django.db import connection, transaction
from django.utils import timezone

from familyhub.notifications.models import Message
from familyhub.notifications.services import messages_about, queue_message

pytestmark = pytest.mark.django_db

LINK = "https://familyhub.example.org/requests/track/"


def queue(**overrides):
    fields = {"channel": "email", "to": "parent@example.org", "kind": "request_sent",
              "reference": "FH-ABCD-2345", "link": LINK} | overrides  # fmt: skip
    return queue_message(**fields)


def test_a_queued_message_waits_with_only_a_reference_and_link(settings):
    message = queue()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 0
    assert message.next_attempt_at <= timezone.now()
    assert message.personalisation == {"reference": "FH-ABCD-2345", "link": LINK}
    assert message.to == "parent@example.org"


@pytest.mark.parametrize(
    "overrides, says",
    [
        ({"kind": "birthday_card"}, "Unknown message kind"),
        ({"channel": "fax"}, "Unknown channel"),
        ({"to": "not an address"}, "email address"),
        ({"to": "parent@"}, "email address"),
        ({"to": ""}, "email address"),
        ({"channel": "sms", "to": "12345"}, "UK phone number"),
        ({"channel": "sms", "to": "+33 1 23 45 67 89"}, "UK phone number"),
        ({"channel": "sms", "to": "07700 90012x"}, "UK phone number"),
        ({"channel": "sms", "to": "parent@example.org"}, "UK phone number"),
        ({"link": ""}, "needs link"),
        ({"link": "javascript:alert(1)"}, "web address"),
        ({"link": "https://familyhub.example.org/track/ Alex"}, "one web address"),
        ({"kind": "tracking_code"}, "needs code"),
        ({"kind": "tracking_code", "code": "12 34"}, "code"),
        ({"reference": "Alex Smith"}, "reference"),
        # Details only in a reminder to staff whose words have them, never about a family.
        ({"details": "Course: ELSA"}, "carries no details"),
        ({"kind": "training_expiring", "details": ""}, "needs details"),
        ({"kind": "training_expiring", "details": "Course:\tELSA"}, "printable"),
        ({"kind": "training_expiring", "details": "x" * 4001}, "4,000"),
    ],
)
def test_queue_message_refuses_what_it_must_not_send(overrides, says):
    with pytest.raises(ValueError, match=says) as refused:
        queue(**overrides)
    assert "parent@example.org" not in str(refused.value)
    assert Message.objects.count() == 0


def test_a_link_to_any_web_host_is_fine(settings):
    for link in ("http://127.0.0.1:8000/requests/track/", "http://familyhub-internal/track/"):
        assert queue(link=link).personalisation["link"] == link


def test_only_reference_link_and_code_can_be_carried():
    with pytest.raises(TypeError):
        queue(name="Alex")
    message = Message(channel="email", to="parent@example.org", kind="request_sent",
                      reference="FH-ABCD-2345", personalisation={"reference": "FH-ABCD-2345",
                                                                 "worries": "Bedtime"})  # fmt: skip
    with pytest.raises(ValueError, match="worries"):
        message.save()
    assert Message.objects.count() == 0


@pytest.mark.parametrize(
    "typed", ["07700 900123", "+44 7700 900123", "+44 (0)7700 900123", "0044-7700-900-123"]
)
def test_uk_phone_numbers_are_kept_in_one_form(typed, settings):
    assert queue(channel="sms", to=typed).to == "07700900123"


def test_the_address_is_encrypted_in_the_database(settings):
    message = queue(to="parent@example.org")
    sms = queue(channel="sms", to="07700 900123")
    table = Message._meta.db_table
    column = connection.ops.quote_name("to")
    with connection.cursor() as cursor:
        for row, plain in ((message, "parent@example.org"), (sms, "07700900123")):
            key = Message._meta.pk.get_db_prep_value(row.pk, connection)
            cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [key])
            (stored,) = cursor.fetchone()
            assert stored and plain not in stored and "07700" not in stored
    assert Message.objects.get(pk=message.pk).to == "parent@example.org"


def test_messages_about_a_request_are_in_order(settings):
    first = queue()
    second = queue(kind="request_updated")
    queue(reference="FH-OTHER-0001")
    assert list(messages_about("FH-ABCD-2345")) == [first, second]


def test_after_commit_its_task_is_queued_and_sends_it(
    outbox_dir, django_capture_on_commit_callbacks
):
    """The tests' tasks run as soon as they are queued (tests/conftest.py): the message's own
    task sends it. (With the database backend the worker does: tests/jobs/test_worker.py.)"""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue()
        assert Message.objects.get(pk=message.pk).status == Message.Status.PENDING
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.sent_at
    assert len(list(outbox_dir.glob("*.txt"))) == 1


def test_a_change_rolled_back_queues_no_task(outbox_dir, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert Message.objects.count() == 0
    assert not outbox_dir.exists()


def test_a_failed_attempt_after_commit_is_kept_not_raised(
    settings, notify, django_capture_on_commit_callbacks
):
    notify.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1 and "500" in message.last_error


def test_a_misconfigured_backend_fails_the_task_not_the_change(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = ""
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.attempts == 0
    assert "NOTIFY_API_KEY" in caplog.text
