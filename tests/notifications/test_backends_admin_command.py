from io import StringIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from familyhub.notifications.backends import get_backend
from familyhub.notifications.models import Message, masked
from familyhub.notifications.services import deliver_due, queue_message

pytestmark = pytest.mark.django_db

LINK = "https://familyhub.example.org/staff/requests/FH-ABCD-2345/"


def new_request_message(to="triage.team@example.org"):
    return queue_message(channel="email", to=to, kind="new_request",
                         reference="FH-ABCD-2345", link=LINK)  # fmt: skip


def test_the_file_backend_writes_one_file_per_message(outbox_dir):
    message = new_request_message()
    assert not outbox_dir.exists()
    assert deliver_due()["sent"] == 1
    [written] = outbox_dir.glob("*.txt")
    text = written.read_text()
    assert "FH-ABCD-2345" in text and LINK in text
    assert "triage.team@example.org" not in text and "t•••@example.org" in text
    message.refresh_from_db()
    assert message.provider_id == written.name


def test_the_console_backend_prints_the_message(settings, capsys):
    settings.NOTIFICATIONS_BACKEND = "console"
    new_request_message()
    assert deliver_due()["sent"] == 1
    printed = capsys.readouterr().out
    assert "New request for support FH-ABCD-2345" in printed and LINK in printed


def test_an_unknown_backend_is_a_clear_error(settings):
    settings.NOTIFICATIONS_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        get_backend()


def test_addresses_are_masked():
    assert masked("parent@example.org") == "p•••@example.org"
    assert masked("07700900123") == "07•••••123"
    assert masked("") == ""


def test_the_command_sends_what_is_due(outbox_dir):
    new_request_message()
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert out.getvalue().strip() == "sent 1, retrying 0, failed 0"
    out = StringIO()
    call_command("send_notifications", "--loop", "--every", "0", "--rounds", "2", stdout=out)
    assert out.getvalue().splitlines() == ["sent 0, retrying 0, failed 0"] * 2
    assert len(list(outbox_dir.glob("*.txt"))) == 1


def test_the_command_stops_on_a_misconfiguration(settings):
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        call_command("send_notifications", "--loop", "--every", "0", stdout=StringIO())


def _failed(to="parent@example.org"):
    message = new_request_message(to=to)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.FAILED, attempts=8, last_error="HTTPError: 500 - Internal error"
    )
    return message


def test_staff_see_failed_messages_first_with_addresses_masked(admin_client):
    sent = new_request_message(to="sent.one@example.org")
    Message.objects.filter(pk=sent.pk).update(status=Message.Status.SENT)
    _failed()
    page = admin_client.get(reverse("admin:notifications_message_changelist"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 message(s) failed to send" in html
    assert "p•••@example.org" in html and "parent@example.org" not in html
    assert "sent.one@example.org" not in html
    assert html.index("FAILED") < html.index("s•••@example.org")
    filtered = admin_client.get(
        reverse("admin:notifications_message_changelist"), {"status__exact": "failed"}
    )
    assert "p•••@example.org" in filtered.content.decode()
    assert "s•••@example.org" not in filtered.content.decode()


def test_the_message_page_shows_no_address_or_code(admin_client):
    message = queue_message(channel="sms", to="07700 900123", kind="tracking_code",
                            reference="FH-ABCD-2345", code="482913")  # fmt: skip
    page = admin_client.get(reverse("admin:notifications_message_change", args=[message.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "07•••••123" in html
    assert "07700900123" not in html and "482913" not in html


def test_send_again_from_the_admin(admin_client, outbox_dir):
    failed = _failed()
    response = admin_client.post(
        reverse("admin:notifications_message_changelist"),
        {"action": "send_again_action", "_selected_action": [str(failed.pk)]},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Message.Status.PENDING and failed.attempts == 0
    assert deliver_due()["sent"] == 1


def test_staff_who_may_only_look_cannot_send_again(client):
    viewer = User.objects.create_user("viewer", password="x-unused-1", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_message"))
    client.force_login(viewer)
    page = client.get(reverse("admin:notifications_message_changelist"))
    assert page.status_code == 200
    assert "send_again_action" not in page.content.decode()
