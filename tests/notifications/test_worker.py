"""A request for support sent through the pages only writes rows and queues tasks: GOV.UK
Notify is never called inside the web request, so a hung Notify holds a worker, never a page.
The worker (django-tasks-db's db_worker, run for real) sends the messages, and once Notify
answers again they are delivered.

Notify is a real socket on 127.0.0.1 that accepts connections (the kernel does) and never
answers. Transactional: the request commits as in production, so its on-commit work runs."""

import socket
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from familyhub.directory.models import Service
from familyhub.jobs.schedule import job_named
from familyhub.jobs.scheduler import queue_job
from familyhub.notifications.models import Message
from familyhub.referrals.models import Draft, SupportRequest
from tests.notifications import fake_notify
from tests.referrals.helpers import answers
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

SEND_MESSAGE = "familyhub.notifications.services.send_message"


@pytest.fixture
def hung_notify(settings, database_tasks):
    """Notify that never answers; the notify backend pointed at it, giving up after 1 s."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(32)
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{listener.getsockname()[1]}"
    settings.NOTIFY_API_KEY = fake_notify.API_KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = fake_notify.EMAIL_TEMPLATE_ID
    settings.NOTIFY_SMS_TEMPLATE_ID = fake_notify.SMS_TEMPLATE_ID
    settings.NOTIFY_TIMEOUT_SECONDS = 1
    yield listener
    listener.close()


def connections_made(listener) -> int:
    """How many connections reached the hung Notify since last asked (each accepted, closed)."""
    listener.setblocking(False)
    made = 0
    while True:
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            return made
        connection.close()
        made += 1


def send_a_request(client) -> SupportRequest:
    """A family's request, sent through the pages (the answers filled in on the draft)."""
    service = Service.objects.filter(access_self_referral=True, status="active").first()
    started = client.post(
        reverse("referrals:start") + f"?service={service.id}", {"in_danger": "no"}
    )  # the first answer makes the draft
    assert started.status_code == 302
    draft = Draft.objects.latest("created_at")
    draft.answers = answers()
    draft.save()
    sent = client.post(reverse("referrals:submit", args=[draft.id]))
    support_request = SupportRequest.objects.get(idempotency_key=draft.id)
    assert sent.status_code == 302
    assert sent.url == reverse("referrals:sent", args=[support_request.reference])
    return support_request


def test_a_hung_notify_is_never_called_in_the_request_and_the_worker_delivers_later(
    client, hung_notify, settings
):
    support_request = send_a_request(client)

    # The request wrote the messages and queued one task for each; nothing was sent.
    messages = Message.objects.filter(reference=support_request.reference)
    assert messages.count() >= 2  # the family told, the service told
    assert set(messages.values_list("status", "attempts")) == {(Message.Status.PENDING, 0)}
    assert connections_made(hung_notify) == 0
    tasks = DBTaskResult.objects.filter(task_path=SEND_MESSAGE)
    assert sorted(t.args_kwargs["args"][0] for t in tasks) == sorted(
        str(pk) for pk in messages.values_list("pk", flat=True)
    )
    assert set(tasks.values_list("status", flat=True)) == {TaskResultStatus.READY}

    # The worker tries: it is the one held by the hung Notify, and each try is kept.
    run_worker()
    assert connections_made(hung_notify) == messages.count()
    for message in messages:
        assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
        # (Notify's client reports a request that timed out as its HTTP503Error.)
        assert message.last_error == "HTTP503Error: 503 - Request failed"
    assert set(tasks.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}

    # Notify recovers; when the retry is due the scheduled job sends them, through the worker.
    recovered = fake_notify.FakeNotify().start()
    try:
        settings.NOTIFY_BASE_URL = recovered.url
        messages.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        queue_job(job_named("send_due_messages"))
        run_worker()
    finally:
        recovered.stop()
    assert set(messages.values_list("status", flat=True)) == {Message.Status.SENT}
    assert len(recovered.received) == messages.count()
    assert all(support_request.reference in str(r["personalisation"]) for r in recovered.received)


def test_the_sent_page_answers_while_the_worker_is_still_stopped(client, hung_notify):
    """No worker at all: the family still sees their reference, and the work waits, queued."""
    support_request = send_a_request(client)
    page = client.get(reverse("referrals:sent", args=[support_request.reference]))
    assert page.status_code == 200
    assert support_request.reference in page.content.decode()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() >= 2
    assert connections_made(hung_notify) == 0
