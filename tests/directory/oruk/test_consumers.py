"""Serving the consumers that read ORUK (issue 21): the API at the root of its own host; a page
with no per_page big enough for a council's feed; an oversized per_page given the most a page
holds; and a consumer like DfE's family hub ingest (at the host's root, /services with no
per_page, every page, then every /services/{id}) reads every published service. Also what such
consumers read in a record: schedules with their place, service areas' extent_type as a format,
taxonomy_detail."""

import pytest
from django.urls import reverse

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import ORUK_STATUSES, ExtentType

pytestmark = pytest.mark.django_db

API_HOST = "oruk.example.test"


@pytest.fixture
def api_host(settings):
    settings.ORUK_API_HOST = API_HOST
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, API_HOST]
    return API_HOST


def read_pages(client, host) -> list[dict]:
    """/services at the host's root with no per_page, following pages to the last."""
    pages, number = [], 1
    while True:
        params = {} if number == 1 else {"page": number}
        response = client.get("/services", params, HTTP_HOST=host)
        assert response.status_code == 200, response.content[:200]
        pages.append(response.json())
        if pages[-1]["last_page"]:
            return pages
        number += 1


def published_ids() -> set[str]:
    services = m.Service.objects.filter(status__in=ORUK_STATUSES)
    return {str(pk) for pk in services.values_list("id", flat=True)}


def test_a_consumer_at_the_api_hosts_root_reads_every_service(client, api_host, oruk):
    """What DfE's ingest does: /services at the host's root with no per_page (one page), then
    each service's full record. Every published service is read, once; and each full record
    has its place schedules with its places (where the ingest reads them)."""
    published = published_ids()
    assert len(published) > 100

    pages = read_pages(client, api_host)
    records = []
    for summary in pages[0]["contents"]:
        response = client.get(f"/services/{summary['id']}", HTTP_HOST=api_host)
        assert response.status_code == 200
        records.append(response.json())

    assert len(pages) == 1 and pages[0]["total_items"] == len(published)
    assert [record["id"] for record in records] == [s["id"] for s in pages[0]["contents"]]
    assert {record["id"] for record in records} == published
    assert len(records) == len(published)  # none twice
    for record in records[:: len(records) // 10]:
        assert oruk.errors(record, "service.json") == []
    at_places = m.Schedule.objects.filter(
        service_id__in=published, service_at_location__isnull=False
    )
    assert at_places.count() > 100
    read_at_places, read_for_services = set(), set()
    for record in records:
        for link in record["service_at_locations"]:
            for schedule in link["schedules"]:
                assert schedule["service_at_location_id"] == link["id"]
                read_at_places.add(schedule["id"])
        for schedule in record["schedules"]:
            assert "service_at_location_id" not in schedule
            read_for_services.add(schedule["id"])
    assert read_at_places == {str(pk) for pk in at_places.values_list("id", flat=True)}
    everywhere = m.Schedule.objects.filter(
        service_id__in=published, service_at_location__isnull=True
    )
    assert read_for_services == {str(pk) for pk in everywhere.values_list("id", flat=True)}


def test_a_consumer_follows_every_page_when_pages_are_smaller(client, api_host, settings):
    settings.ORUK_DEFAULT_PER_PAGE = 50
    published = published_ids()

    pages = read_pages(client, api_host)

    ids = [item["id"] for page in pages for item in page["contents"]]
    assert len(pages) == -(-len(published) // 50) > 1
    assert len(ids) == len(set(ids)) and set(ids) == published
    assert [page["page_number"] for page in pages] == list(range(1, len(pages) + 1))


def test_the_api_host_serves_only_the_api_and_the_site_is_unchanged(client, api_host):
    details = client.get("/", HTTP_HOST=api_host)
    site = client.get("/")  # the families' start page, on the site's own host
    not_on_the_site = client.get("/services")

    assert details.json()["version"] == "HSDS-UK-3.0"
    assert details.json()["openapi_url"] == f"http://{api_host}/openapi.json"
    openapi = client.get("/openapi.json", HTTP_HOST=api_host).json()
    assert openapi["servers"] == [{"url": f"http://{api_host}"}]
    assert site.status_code == 200 and "text/html" in site["Content-Type"]
    assert not_on_the_site.status_code in (301, 404)  # the site's own URLs (no API there)
    assert client.get(reverse("oruk:services")).status_code == 200  # still at /api/oruk/v3/
    assert client.get("/accounts/sign-in/", HTTP_HOST=api_host).status_code == 404
    assert client.get("/services", HTTP_HOST=f"{api_host.upper()}:8443").status_code == 200
    assert client.get("/services", HTTP_HOST="elsewhere.example").status_code == 400


def test_without_the_setting_no_host_is_the_apis(client, settings):
    settings.ORUK_API_HOST = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, API_HOST]

    assert client.get("/services", HTTP_HOST=API_HOST).status_code in (301, 404)
    assert client.get("/", HTTP_HOST=API_HOST)["Content-Type"].startswith("text/html")


def test_no_per_page_gives_a_council_sized_page(client):
    published = m.Service.objects.filter(status__in=ORUK_STATUSES).count()

    page = client.get(reverse("oruk:services")).json()

    assert page["size"] == len(page["contents"]) == published == page["total_items"]
    assert (page["total_pages"], page["last_page"]) == (1, True)


def test_an_oversized_per_page_is_given_the_most_a_page_holds(client, settings):
    settings.ORUK_MAX_PER_PAGE = 40
    total = m.Service.objects.filter(status__in=ORUK_STATUSES).count()

    response = client.get(reverse("oruk:services"), {"per_page": 500})

    page = response.json()
    assert response.status_code == 200
    assert page["size"] == len(page["contents"]) == 40
    assert page["total_pages"] == -(-total // 40)
    last = client.get(reverse("oruk:services"), {"per_page": 500, "page": page["total_pages"]})
    assert last.json()["size"] == total - 40 * (page["total_pages"] - 1)


def test_a_schedule_of_a_place_alone_is_published_with_the_place(client):
    link = m.ServiceAtLocation.objects.filter(service__status="active").first()
    alone = m.Schedule.objects.create(service_at_location=link, byday="SA", description="Sat")

    record = client.get(reverse("oruk:service", args=[link.service_id])).json()

    (place,) = [item for item in record["service_at_locations"] if item["id"] == str(link.id)]
    assert str(alone.id) in [schedule["id"] for schedule in place["schedules"]]


def test_service_areas_say_what_they_are_in_an_attribute_not_in_extent_type(client):
    area = m.ServiceArea.objects.filter(area_type="local_authority").first()
    area.extent = '{"type": "Polygon", "coordinates": []}'
    area.extent_type = ExtentType.GEOJSON
    area.save()

    record = client.get(reverse("oruk:service", args=[area.service_id])).json()

    areas = {item["id"]: item for item in record["service_areas"]}
    for item in areas.values():
        assert item.get("extent_type") in (None, *ExtentType.values)
    published = areas[str(area.id)]
    assert (published["extent_type"], published["extent"]) == ("geojson", area.extent)
    (kind,) = published["attributes"]
    assert kind["taxonomy_term_id"] == str(ref.term_id(ref.AREA, "local_authority"))
    assert (kind["link_id"], kind["link_entity"]) == (str(area.id), "service_area")
    assert kind["taxonomy_term"]["name"] == "Local authority"


def test_taxonomy_terms_carry_their_taxonomy_in_full(client):
    record = client.get(reverse("oruk:services"), {"full": "true", "per_page": 1}).json()
    term = record["contents"][0]["attributes"][0]["taxonomy_term"]
    listed = client.get(reverse("oruk:taxonomy-terms"), {"per_page": 1}).json()["contents"][0]

    for item in (term, listed):
        detail = item["taxonomy_detail"]
        assert detail["id"] == item["taxonomy_id"]
        assert detail["name"] == item["taxonomy"]
        assert detail["description"]
