"""Identical searches are answered from the cache (familyhub.directory.search.cached) until the
directory changes: never stale after any write to the directory (a provider's approved edit, a
bulk update, raw SQL as an import may use), never before the safety check, never personal."""

import re

import pytest
from django.apps import apps
from django.db import connection

from familyhub.accounts.models import Role
from familyhub.directory.models import DirectoryVersion, Service, ServiceTerm
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search import cached
from familyhub.directory.search.request import SearchRequest
from familyhub.finder import views
from familyhub.finder.models import SearchRecord
from familyhub.upkeep import changes
from tests.personas import person

pytestmark = pytest.mark.django_db

TANTRUMS = {"q": "toddler tantrums", "postcode": "ME4 4TR", "age": "2"}


def result_ids(page: str) -> list[str]:
    """The services listed (not those offered under "Open to all families near you")."""
    return re.findall(r'<h3 [^>]*><a class="govuk-link" href="/services/([0-9a-f-]{36})/', page)


def test_the_same_search_again_is_answered_from_the_cache(client, django_assert_max_num_queries):
    first = client.get("/services/", TANTRUMS).content.decode()
    with django_assert_max_num_queries(4):  # the version, and the expected waits
        again = client.get("/services/", TANTRUMS).content.decode()
    assert result_ids(again) == result_ids(first) and result_ids(first)


def _first_result(client) -> Service:
    page = client.get("/services/", TANTRUMS).content.decode()
    return Service.objects.get(pk=result_ids(page)[0])


def test_a_providers_approved_edit_is_shown_at_once(client):
    service = _first_result(client)
    provider = person(Role.PROVIDER, organisation=service.organisation)
    data = changes.snapshot(service)
    data["service"]["name"] = "Calmer toddlers (renamed)"
    change = changes.propose(
        service=service, organisation=service.organisation, data=data, by=provider
    )
    assert service.name in client.get("/services/", TANTRUMS).content.decode()  # not yet
    changes.approve(change.pk, by=person(Role.DATA_MANAGER))
    page = client.get("/services/", TANTRUMS).content.decode()
    assert "Calmer toddlers (renamed)" in page


@pytest.mark.parametrize(
    "change",
    ["bulk update", "raw SQL", "taxonomy link removed", "place moved", "organisation renamed"],
)
def test_any_write_to_the_directory_is_shown_at_once(client, change):
    """Writes that send no signal (QuerySet.update, raw SQL, as imports do) count too."""
    service = _first_result(client)
    need = service.taxonomy_terms.filter(taxonomy__key=NEEDS).first()
    by_need = {"need": need.code, "postcode": "ME4 4TR"}
    assert str(service.pk) in result_ids(client.get("/services/", by_need).content.decode())
    before = DirectoryVersion.objects.get().version
    if change == "bulk update":
        Service.objects.filter(pk=service.pk).update(name="Bulk-renamed service")
    elif change == "raw SQL":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE directory_service SET name = %s WHERE id = %s",
                [
                    "SQL-renamed service",
                    service.pk.hex if connection.vendor == "sqlite" else service.pk,
                ],
            )
    elif change == "taxonomy link removed":
        ServiceTerm.objects.filter(service=service).delete()
    elif change == "place moved":
        for link in service.service_at_locations.all():
            type(link.location).objects.filter(pk=link.location_id).update(
                latitude=57.0,
                longitude=-4.0,  # the Highlands, far from ME4
            )
    elif change == "organisation renamed":
        service.organisation.name = "Renamed organisation"
        service.organisation.save()
    assert DirectoryVersion.objects.get().version != before
    page = client.get("/services/", TANTRUMS).content.decode()
    if change == "bulk update":
        assert "Bulk-renamed service" in page
    elif change == "raw SQL":
        assert "SQL-renamed service" in page
    elif change == "organisation renamed":
        assert "Renamed organisation" in page
    elif change == "taxonomy link removed":
        page = client.get("/services/", by_need).content.decode()
        assert str(service.pk) not in result_ids(page)
    else:
        assert str(service.pk) not in result_ids(page)


def test_every_directory_table_changes_the_version():
    """A new directory table needs its triggers (a migration like directory 0007)."""
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("directory").get_models(include_auto_created=True)
        if model is not DirectoryVersion
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = c.relname || '_version'"
            )
            have = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            found = cursor.fetchall()
            have = {
                table
                for table in tables
                if all(
                    (table, f"{table}_version_{event}") in found
                    for event in ("insert", "update", "delete")
                )
            }
    assert tables - have == set()


def test_searching_writes_nothing_that_changes_the_version(client, settings):
    """A search that finds little is recorded (finder.SearchRecord): not a directory change."""
    settings.FEW_RESULTS = 100
    client.get("/services/", {"q": "toddler tantrums"})
    before = DirectoryVersion.objects.get().version
    records = SearchRecord.objects.count()
    client.get("/services/", {"q": "zebra grooming lessons"})
    client.get("/services/", {"q": "zebra grooming lessons"})
    assert SearchRecord.objects.count() == records + 2  # recorded on a cache hit too
    assert DirectoryVersion.objects.get().version == before


def test_the_safety_check_comes_before_the_cache_on_every_request(client, monkeypatch):
    """Words that describe danger are never answered with an ordinary list, even a cached one,
    and the cache never sees them: it is given the request the safety check made."""
    words = {"q": "my partner hits me", "postcode": "ME4 4TR"}
    real = views.recognise
    monkeypatch.setattr(views, "recognise", lambda text: None)  # as if the check missed them
    ordinary = client.get("/services/", words).content.decode()
    assert "What to do now" not in ordinary
    monkeypatch.setattr(views, "recognise", real)

    asked = []
    remembered = cached.remembered

    def spy(kind, parts, compute, **kw):
        asked.extend(part for part in parts if isinstance(part, SearchRequest))
        return remembered(kind, parts, compute, **kw)

    monkeypatch.setattr(cached, "remembered", spy)
    for _ in range(2):
        page = client.get("/services/", words).content.decode()
        assert real(words["q"]) and "What to do now" in page
        assert result_ids(page) != result_ids(ordinary)
    assert asked and all(request.text == "" and request.needs for request in asked)


def test_nothing_personal_is_cached(client, django_user_model):
    """One family's shortlist is theirs: another's page, from the same cached search, shows
    their own."""
    from django.test import Client

    service = _first_result(client)
    client.post("/shortlist/add/", {"service": str(service.pk)})
    mine = client.get("/services/", TANTRUMS).content.decode()
    theirs = Client().get("/services/", TANTRUMS).content.decode()
    assert "On your shortlist" in mine
    assert "On your shortlist" not in theirs
    assert result_ids(mine) == result_ids(theirs)
    assert "csrfmiddlewaretoken" in theirs


def test_pages_in_another_language_are_kept_apart(client):
    english = client.get("/services/", TANTRUMS).content.decode()
    polish = client.get("/pl/services/", TANTRUMS).content.decode()
    assert '<html lang="pl"' in polish and '<html lang="pl"' not in english
    assert client.get("/services/", TANTRUMS).content.decode().count("Expected wait") == (
        english.count("Expected wait")
    )
