"""PostgreSQL: the temporary tables an upsert copies rows through (upsert._copied) are made once
a session, made again when the transaction that made one is rolled back, and left empty after
every call, so one transaction's batches never write each other's rows (issue 22)."""

import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from familyhub.directory import models as m
from familyhub.interchange import upsert


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("COPY and temporary tables are PostgreSQL's: this runs in the PostgreSQL pass")


def organisations(count: int, name: str) -> list:
    return [
        m.Organisation(id=uuid.uuid4(), name=f"{name} {n}", email=f"{name}{n}@example.org")
        for n in range(count)
    ]


def staging_made(captured) -> int:
    return sum("CREATE TEMPORARY TABLE" in q["sql"] for q in captured.captured_queries)


def staged_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM upsert_directory_organisation")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_staging_table_outlives_only_a_committed_making(postgresql_only):
    connection.close()  # a session of its own: no temporary table made yet
    rolled_back = organisations(upsert.COPY_FROM + 1, "Rolled back")
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            upsert.upsert(m.Organisation, rolled_back)
        assert staging_made(captured) == 1
        assert staged_rows() == 0  # taken out by the statement that wrote them
        transaction.set_rollback(True)  # ...and the table with it

    kept = organisations(upsert.COPY_FROM + 1, "Kept")
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            upsert.upsert(m.Organisation, kept)
        assert staging_made(captured) == 1  # made again: the first making was undone
        more = organisations(upsert.COPY_FROM + 1, "More")
        upsert.upsert(m.Organisation, more)  # the same transaction: the first rows gone
        assert staged_rows() == 0

    names = set(m.Organisation.objects.values_list("name", flat=True))
    assert {o.name for o in kept + more} <= names
    assert not {o.name for o in rolled_back} & names
    assert m.Organisation.objects.filter(name__startswith="More").count() == len(more)

    last = organisations(upsert.COPY_FROM + 1, "Last")
    with CaptureQueriesContext(connection) as captured:
        upsert.upsert(m.Organisation, last)
    assert staging_made(captured) == 0  # known to exist since its making was committed
    assert m.Organisation.objects.filter(name__startswith="Last ").count() == len(last)


@pytest.mark.django_db(transaction=True)
def test_a_staging_table_made_in_a_savepoint_rolled_back_is_made_again(postgresql_only):
    """The importer's way: a batch's savepoint rolled back (the table made in it gone with it)
    while the transaction around it is committed."""
    connection.close()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint, as a batch's
                upsert.upsert(m.Organisation, organisations(upsert.COPY_FROM + 1, "Refused"))
                raise RuntimeError("refused")
        except RuntimeError:
            pass
    kept = organisations(upsert.COPY_FROM + 1, "Written")
    with CaptureQueriesContext(connection) as captured:
        upsert.upsert(m.Organisation, kept)
    assert staging_made(captured) == 1  # not taken for made: its making was rolled back
    assert m.Organisation.objects.filter(name__startswith="Written ").count() == len(kept)
    assert not m.Organisation.objects.filter(name__startswith="Refused ").exists()
