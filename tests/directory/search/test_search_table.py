"""The search table (migration 0009, search_table.py) stays exactly what the services and their
tags say, whatever writes them: saves, queryset updates and deletes, and an ORUK import."""

import uuid

import pytest
from django.db import connection
from django.http import QueryDict

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import ServiceStatus
from familyhub.directory.search.request import build_search_request
from familyhub.directory.search.service import search_services
from familyhub.interchange import upsert
from tests import factories as f
from tests.interchange.test_oruk_import_batches import import_records, record

pytestmark = pytest.mark.django_db

SQLITE = {
    "rows": "SELECT search_key, id, status, minimum_age, maximum_age, name "
    "FROM directory_servicesearch",
    "expected rows": "SELECT search_key, id, status, minimum_age, maximum_age, name "
    "FROM directory_service",
    "tags": "SELECT taxonomy_term_id, search_key FROM directory_servicesearchterm",
    "expected tags": "SELECT st.taxonomy_term_id, s.search_key FROM directory_serviceterm st "
    "INNER JOIN directory_service s ON s.id = st.service_id",
}
TERMS = (
    "ARRAY(SELECT st.taxonomy_term_id FROM directory_serviceterm st "
    "WHERE st.service_id = s.id ORDER BY st.taxonomy_term_id)"
)
POSTGRESQL = {
    "rows": "SELECT id, status, minimum_age, maximum_age, name, search_vector::text, "
    "term_ids FROM directory_servicesearch",
    "expected rows": "SELECT id, status, minimum_age, maximum_age, name, search_vector::text, "
    f"{TERMS} FROM directory_service s",
}


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(tuple(row) for row in cursor.fetchall())


def assert_in_step():
    queries = SQLITE if connection.vendor == "sqlite" else POSTGRESQL
    rows = _rows(queries["rows"])
    assert rows, "the search table is empty"
    assert rows == _rows(queries["expected rows"])
    if "tags" in queries:
        assert _rows(queries["tags"]) == _rows(queries["expected tags"])


def found(text):
    query = QueryDict(mutable=True)
    query.update({"text": text, "per_page": "100"})
    return {hit.service.name for hit in search_services(build_search_request(query)).hits}


def test_the_demo_directory_is_in_the_search_table():
    assert_in_step()


def test_saving_tagging_and_deleting_services_keep_it_in_step():
    service = f.ServiceFactory(name="Quokka sleep clinic", minimum_age=1, maximum_age=4)
    tag = f.ServiceTermFactory(service=service)
    f.ServiceTermFactory(service=service, taxonomy_term=f.need("breastfeeding"))
    assert_in_step()
    assert "Quokka sleep clinic" in found("quokka")

    service.name = "Wombat sleep clinic"
    service.maximum_age = 7
    service.save()
    assert_in_step()
    assert "Wombat sleep clinic" in found("wombat") and not found("quokka")

    m.Service.objects.filter(pk=service.pk).update(status=ServiceStatus.INACTIVE)
    assert_in_step()
    assert "Wombat sleep clinic" not in found("wombat")

    m.Service.objects.filter(pk=service.pk).update(status=ServiceStatus.ACTIVE, minimum_age=None)
    tag.delete()
    assert_in_step()
    m.ServiceTerm.objects.filter(service=service).update(taxonomy_term=f.need("sleep"))
    assert_in_step()

    service.delete()
    assert_in_step()
    assert not found("wombat")


@pytest.mark.parametrize("copy_from", [100, 0], ids=["values", "copied"])
def test_an_oruk_import_and_its_update_keep_it_in_step(tmp_path, monkeypatch, copy_from):
    # On PostgreSQL more than COPY_FROM rows of a table go by COPY: 0, every row.
    monkeypatch.setattr(upsert, "COPY_FROM", copy_from)
    first = record(name="Platypus sleep clinic")
    import_records(tmp_path, [first, record(name="Echidna feeding group")], name="one.json")
    assert_in_step()
    assert found("platypus") == {"Platypus sleep clinic"}

    first["name"] = "Numbat sleep clinic"
    # Its need changes too: one tag removed, another added.
    breastfeeding = str(ref.term_id(ref.NEEDS, "breastfeeding"))
    first["attributes"][0] = {"id": str(uuid.uuid4()), "taxonomy_term_id": breastfeeding}
    import_records(tmp_path, [first], name="two.json")
    assert_in_step()
    # (Its organisation is still "Platypus sleep clinic providers", so "platypus" finds it.)
    assert found("numbat") == found("platypus") == {"Numbat sleep clinic"}
