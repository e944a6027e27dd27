"""Batches committed together (committing.Together, issue 22): a feed read from a file has its
batches written in one transaction for up to GROUP_SECONDS, each batch in a savepoint, so a
refused batch is still rolled back alone; a feed fetched from the web as it is read never has
a transaction of the import's open while its next page is fetched. On PostgreSQL the tables'
statistics follow the directory as the import fills it (committing.Statistics)."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from familyhub.directory import models as m
from familyhub.interchange import committing
from familyhub.interchange import oruk_import as importing
from familyhub.interchange.feed_pages import Feed, FeedItem
from familyhub.interchange.models import ImportRun, Outcome, RunStatus
from tests.interchange.test_oruk_import_batches import ALL_OF_IT, outcomes, record, written_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def batches_of_two(monkeypatch):
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    monkeypatch.setattr(importing, "GROUP_SECONDS", 3600)  # never due in a test


def watched_feed(records, *, fetched_as_read: bool):
    """A feed that notes, as each record is read, how many transactions and savepoints are open
    beyond those open when the import started."""
    depths = []
    start = len(connection.atomic_blocks)  # the test's own, before the import starts

    def items():
        for data in records:
            depths.append(len(connection.atomic_blocks) - start)
            yield FeedItem(data)

    feed = Feed("https://feed.example.org/services", items(), len(records), fetched_as_read)
    return feed, depths


def run_of(feed) -> ImportRun:
    run = importing.start_run(feed.source)
    return importing.run_oruk_import(run, feed=feed)


def test_a_files_batches_are_written_in_one_open_transaction(batches_of_two):
    records = [record(f"Service {n}") for n in range(5)]
    feed, depths = watched_feed(records, fetched_as_read=False)

    run = run_of(feed)

    assert run.status == RunStatus.FINISHED
    assert outcomes(run) == [Outcome.CREATED] * 5
    assert all(written_of(data) == ALL_OF_IT for data in records)
    # The first batch is read before anything is open; the later ones inside the import's
    # transaction (not yet due to be committed).
    assert depths == [0, 0, 1, 1, 1]


def test_a_feed_fetched_as_read_has_nothing_open_while_its_pages_are_fetched(batches_of_two):
    records = [record(f"Service {n}") for n in range(5)]
    feed, depths = watched_feed(records, fetched_as_read=True)

    run = run_of(feed)

    assert outcomes(run) == [Outcome.CREATED] * 5
    assert all(written_of(data) == ALL_OF_IT for data in records)
    assert depths == [0] * 5


def test_a_refused_batch_is_rolled_back_alone_inside_the_open_transaction(batches_of_two):
    records = [record(f"Service {n}") for n in range(3)]
    clash_id = uuid.UUID(bytes=uuid.UUID(records[0]["id"]).bytes[:8] + bytes(8))
    records.append(record("Clash", id=str(clash_id)))  # second batch: 2 and 3
    records.append(record("After"))
    feed, depths = watched_feed(records, fetched_as_read=False)

    run = run_of(feed)

    assert outcomes(run) == [Outcome.CREATED] * 3 + [Outcome.FAILED, Outcome.CREATED]
    assert all(written_of(data) == ALL_OF_IT for data in records[:3] + records[4:])
    assert written_of(records[3])["service"] == 0
    # The refused batch was read inside the open transaction; the batches before it were
    # committed before its records were written again one by one (so locks they held do not
    # refuse the retry too), and the next batch was read with nothing open.
    assert depths == [0, 0, 1, 1, 0]


def test_the_tables_are_analysed_as_the_import_grows_them_on_postgresql(monkeypatch):
    monkeypatch.setattr(importing, "BATCH_SIZE", 1)
    monkeypatch.setattr(importing, "GROUP_SECONDS", 0)  # a commit after every record
    monkeypatch.setattr(committing, "FIRST_AFTER", 2)
    monkeypatch.setattr(committing, "GROWTH", 2)
    feed, _depths = watched_feed([record(f"Service {n}") for n in range(7)], fetched_as_read=False)

    with CaptureQueriesContext(connection) as captured:
        run = run_of(feed)

    assert run.created == 7
    analyses = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor != "postgresql":
        assert analyses == []  # SQLite plans without such statistics
        return
    # At 2 written, at 4 (twice 2), and at the end (7: 3 more since, at least FIRST_AFTER).
    assert len(analyses) == 3
    assert '"directory_service"' in analyses[0] and '"directory_serviceatlocation"' in analyses[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'directory_service'")
        assert cursor.fetchone()[0] >= m.Service.objects.count() - 7  # counted, not unknown
