"""Every ORUK response checked against the standard's schemas, as the official validator does:
/, page 1, a middle page and the last page of each list, and up to 10 random ids from page 1."""

import random

import pytest
from django.urls import reverse

from tests.oruk_schemas import ENDPOINT_SCHEMAS

pytestmark = pytest.mark.django_db

LISTS = [
    ("oruk:services", "services", "oruk:service", "service"),
    ("oruk:organizations", "organizations", "oruk:organization", "organization"),
    ("oruk:taxonomies", "taxonomies", "oruk:taxonomy", "taxonomy"),
    ("oruk:taxonomy-terms", "taxonomy_terms", "oruk:taxonomy-term", "taxonomy_term"),
    (
        "oruk:service-at-locations",
        "service_at_locations",
        "oruk:service-at-location",
        "service_at_location",
    ),
]


def test_api_details_meet_the_schema(client, oruk):
    body = client.get(reverse("oruk:api-details")).json()
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"].startswith("http")
    assert oruk.errors(body, "api_details.json") == []


@pytest.mark.parametrize(("list_url", "list_key", "detail_url", "detail_key"), LISTS)
def test_lists_and_records_meet_the_schemas(
    client, oruk, list_url, list_key, detail_url, detail_key
):
    first = client.get(reverse(list_url), {"per_page": 7}).json()
    assert first["total_items"] > 0
    pages = sorted({1, max(1, first["total_pages"] // 2), first["total_pages"]})
    for page in pages:
        body = client.get(reverse(list_url), {"per_page": 7, "page": page}).json()
        assert body["page_number"] == page
        assert body["size"] == len(body["contents"]) > 0
        assert body["last_page"] == (page == body["total_pages"])
        errors = oruk.errors(body, ENDPOINT_SCHEMAS[list_key])
        assert errors == [], f"{list_url} page {page}: {errors[:5]}"
    ids = [item["id"] for item in first["contents"]]
    for record_id in random.Random(1).sample(ids, min(10, len(ids))):
        response = client.get(reverse(detail_url, args=[record_id]))
        assert response.status_code == 200
        errors = oruk.errors(response.json(), ENDPOINT_SCHEMAS[detail_key])
        assert errors == [], f"{detail_url} {record_id}: {errors[:5]}"


def test_every_demo_service_meets_the_schema(client, oruk):
    """Not only a sample: each of the demo directory's services, fully nested."""
    from familyhub.directory.models import Service

    for service_id in Service.objects.values_list("id", flat=True):
        body = client.get(reverse("oruk:service", args=[service_id])).json()
        assert oruk.errors(body, "service.json") == [], body["name"]


@pytest.mark.parametrize(
    ("mock", "schema", "reason"),
    [
        ("service_list.json", "service_list.json", "is not a 'uri'"),
        ("service_full.json", "service.json", "is not a 'email'"),
        ("api_details.json", "api_details.json", "'profile' is a required property"),
        ("taxonomy_term.json", "taxonomy_term.json", "'description' is a required property"),
    ],
)
def test_the_validator_fail_mocks_fail_our_schema_check(oruk, mock, schema, reason):
    """So we know the check bites (formats included): the documents of the official validator's
    failing feed that break the schema must fail our check too, for the same reason."""
    errors = oruk.errors(oruk.mock("V3.0-UK-Fail", mock), schema)
    assert any(reason in error for error in errors), errors


@pytest.mark.parametrize(
    ("mock", "schema"),
    [
        ("service_list.json", "service_list.json"),
        ("service_full.json", "service.json"),
        ("organization_list.json", "organization_list.json"),
        ("api_details.json", "api_details.json"),
        ("taxonomy_term_list.json", "taxonomy_term_list.json"),
    ],
)
def test_the_validator_default_mocks_pass_our_schema_check(oruk, mock, schema):
    assert oruk.errors(oruk.mock("V3.0-UK-Default", mock), schema) == []


def test_our_openapi_document_refers_to_real_oruk_schemas(client, oruk):
    document = client.get(reverse("oruk:openapi")).json()
    for path, operations in document["paths"].items():
        schema = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        name = schema["$ref"].rsplit("/", 1)[1]
        assert (oruk.schema_dir / name).is_file(), f"{path} refers to a missing schema {name}"
