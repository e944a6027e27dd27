"""An updated record rewrites only the rows that changed (issue 22: an update that changes
nothing still writes a new row version, its index entries and its triggers): the parts of it
that are the same keep their row and their time of last change; its service always moves, as
ORUK's last_modified says when anything of the service changed. The same through PostgreSQL's
COPY and through one INSERT's values (upsert.COPY_FROM)."""

import copy
import json
from datetime import timedelta

import pytest
from django.db.models import F

from familyhub.directory import models as m
from familyhub.directory.search.request import build_search_request
from familyhub.directory.search.service import search_services
from familyhub.interchange import oruk_import as importing
from familyhub.interchange import upsert
from familyhub.interchange.models import Outcome
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
