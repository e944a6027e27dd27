"""An updated record rewrites only the rows that changed (issue 22: an update that changes
nothing still writes a new row version, its index entries and its triggers): the parts of it
that are the same keep their row and their time of last change; its service always moves, as
ORUK's last_modified says when anything of the service changed. The same through PostgreSQL's
COPY and through one INSERT's values (upsert.COPY_FROM)."""

import copy
import json
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F

from familyhub.directory import models as m
from familyhub.directory.search.request import build_search_request
from familyhub.directory.search.service import search_services
from familyhub.interchange import oruk_import as importing
from familyhub.interchange import upsert
from familyhub.interchange.models import FeedRecord, Outcome
from tests.interchange.test_oruk_import_batches import outcomes, record

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=30)


def import_feed(tmp_path, records, name):
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return importing.import_oruk(str(path))


def age_everything():
    """Move every time of last change back, so a row written again is told apart."""
    for model in (m.Service, m.Schedule, m.Language, m.Location, m.CostOption):
        model.objects.update(last_modified=F("last_modified") - LONG_AGO)


@pytest.mark.parametrize("copy_from", [10**9, 0], ids=["values", "copied"])
def test_an_update_rewrites_the_changed_rows_only(tmp_path, monkeypatch, copy_from):
    monkeypatch.setattr(upsert, "COPY_FROM", copy_from)
    first = [record(f"Service {n}") for n in range(3)]
    import_feed(tmp_path, first, "first.json")
    age_everything()
    aged = {
        model: dict(model.objects.values_list("pk", "last_modified"))
        for model in (m.Service, m.Schedule, m.Language, m.Location, m.CostOption)
    }
    changed = copy.deepcopy(first)
    changed[0]["schedules"][0]["byday"] = "WE"  # one schedule of the first service
    changed[1]["description"] = "Help with bedtimes, and xylophone lessons."

    run = import_feed(tmp_path, changed, "first.json")  # the same feed again, as its update

    assert outcomes(run) == [Outcome.UPDATED, Outcome.UPDATED, Outcome.SKIPPED]
    moved_schedule = changed[0]["schedules"][0]["id"]
    schedules = dict(m.Schedule.objects.values_list("pk", "last_modified"))
    for pk, before in aged[m.Schedule].items():
        if str(pk) == moved_schedule:
            assert schedules[pk] > before + LONG_AGO / 2  # written again
        else:
            assert schedules[pk] == before  # left as it was
    assert m.Schedule.objects.get(pk=moved_schedule).byday == "WE"
    for model in (m.Language, m.Location, m.CostOption):
        assert dict(model.objects.values_list("pk", "last_modified")) == aged[model]
    services = dict(m.Service.objects.values_list("pk", "last_modified"))
    for data, moved in zip(changed, [True, True, False], strict=True):
        pk = next(pk for pk in services if str(pk) == data["id"])
        assert (services[pk] > aged[m.Service][pk] + LONG_AGO / 2) is moved
    hits = search_services(build_search_request({"text": "xylophone"})).hits
    assert changed[1]["id"] in {str(hit.service.id) for hit in hits}  # its search text too


def rewritten(model, do) -> set:
    """The ids of `model`'s rows that `do()` wrote again (an UPDATE, even of the same values):
    on PostgreSQL a row written again has a new xmin; on SQLite a temporary trigger counts."""
    table, key = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {key}, xmin::text FROM {table}")  # noqa: S608 (a model's)
            before = dict(cursor.fetchall())
            do()
            cursor.execute(f"SELECT {key}, xmin::text FROM {table}")  # noqa: S608
            return {pk for pk, xmin in cursor.fetchall() if pk in before and before[pk] != xmin}
        cursor.execute("CREATE TEMP TABLE written_again (id TEXT)")
        cursor.execute(
            f"CREATE TEMP TRIGGER count_written_again AFTER UPDATE ON main.{table} "
            f"BEGIN INSERT INTO written_again VALUES (new.{key}); END"
        )
        try:
            do()
            cursor.execute("SELECT id FROM written_again")
            return {uuid.UUID(pk) for (pk,) in cursor.fetchall()}
        finally:
            cursor.execute("DROP TRIGGER count_written_again")
            cursor.execute("DROP TABLE written_again")


@pytest.mark.parametrize("copy_from", [10**9, 0], ids=["values", "copied"])
@pytest.mark.parametrize(
    "model", [m.ServiceTerm, m.Organisation, FeedRecord], ids=["tags", "organisations", "feed"]
)
def test_an_update_leaves_unchanged_tags_organisations_and_feed_records_alone(
    tmp_path, monkeypatch, copy_from, model
):
    monkeypatch.setattr(upsert, "COPY_FROM", copy_from)
    first = [record(f"Service {n}") for n in range(3)]
    import_feed(tmp_path, first, "first.json")
    changed = copy.deepcopy(first)
    changed[1]["description"] = "Help with bedtimes, and xylophone lessons."
    runs = []

    written_again = rewritten(
        model, lambda: runs.append(import_feed(tmp_path, changed, "first.json"))
    )

    assert outcomes(runs[0]) == [Outcome.SKIPPED, Outcome.UPDATED, Outcome.SKIPPED]
    updated = uuid.UUID(changed[1]["id"])
    if model is FeedRecord:  # the updated record's fingerprint changed; the others' did not
        assert written_again == {updated}
    else:
        assert written_again == set()
        assert model.objects.exists()
