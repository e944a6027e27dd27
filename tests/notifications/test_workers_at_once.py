"""Several workers at once, each on its own database connection (PostgreSQL only).

The rows are committed from other threads, outside the test's transaction, and removed after.
SQLite's in-memory test database is locked by the test's own transaction, so this is skipped.
"""

import threading

import pytest
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from familyhub.notifications.models import Message
from familyhub.notifications.services import deliver_due, queue_message

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

WORKERS = 4
MESSAGES = 12


def in_own_connection(work):
    """Run work() in a new thread, so on a new connection in autocommit, and return its result."""
    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result.get("value")


def test_workers_at_once_send_each_message_exactly_once(notify, database_tasks):
    # Each message's own task is queued for the worker (which is not running): the four
    # deliver_due() calls below share the messages between them.
    notify.delay = 0.05  # slow enough that the workers overlap
    references = [f"FH-PARA-{n:04d}" for n in range(MESSAGES)]

    def queue_all():
        return [
            queue_message(channel="email", to=f"family{n}@example.org", kind="request_updated",
                          reference=ref, link="https://familyhub.example.org/track/").pk
            for n, ref in enumerate(references)
        ]  # fmt: skip

    ids = in_own_connection(queue_all)
    try:
        start = threading.Barrier(WORKERS)
        counts = []

        def worker():
            start.wait()
            try:
                counts.append(deliver_due())
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sum(c["sent"] for c in counts) == MESSAGES
        assert sum(1 for c in counts if c["sent"]) > 1  # the work really was shared
        addresses = sorted(r["email_address"] for r in notify.received)
        assert addresses == sorted(f"family{n}@example.org" for n in range(MESSAGES))
        statuses = in_own_connection(
            lambda: list(Message.objects.filter(pk__in=ids).values_list("status", flat=True))
        )
        assert statuses == [Message.Status.SENT] * MESSAGES
    finally:
        in_own_connection(lambda: Message.objects.filter(pk__in=ids).delete())
        in_own_connection(lambda: DBTaskResult.objects.all().delete())
