import json
import uuid

import pytest
from django.urls import reverse

from familyhub.directory import reference_data as ref
from familyhub.directory.models import Service, TaxonomyTerm

pytestmark = pytest.mark.django_db


def test_every_response_may_be_read_from_any_origin(client):
    for url in [
        reverse("oruk:api-details"),
        reverse("oruk:services"),
        reverse("oruk:service", args=[uuid.uuid4()]),
    ]:
        assert client.get(url)["Access-Control-Allow-Origin"] == "*"


def test_the_openapi_document_is_served_valid_and_lists_the_paths(client):
    from openapi_spec_validator import validate

    document = client.get(reverse("oruk:openapi")).json()
    refs = []

    def offline(node):
        """The ORUK schemas are referenced by URL; check the document itself without fetching."""
        if isinstance(node, dict):
            if "$ref" in node and node["$ref"].startswith("https://openreferraluk.org/"):
                refs.append(node["$ref"])
                return {"type": "object"}
            return {key: offline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [offline(value) for value in node]
        return node

    validate(offline(document))  # raises if it is not a valid OpenAPI 3.0 document
    assert {ref.rsplit("/", 1)[1] for ref in refs} >= {"service_list.json", "service.json"}
    assert {"/", "/services", "/services/{id}", "/taxonomy_terms"} <= set(document["paths"])
    service_params = {p["name"] for p in document["paths"]["/services"]["get"]["parameters"]}
    assert {"search", "postcode", "proximity", "age", "page", "per_page"} <= service_params


def test_paging_wrapper(client):
    body = client.get(reverse("oruk:services"), {"per_page": 5, "page": 2}).json()
    assert set(body) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    total = Service.objects.count()
    assert body["total_items"] == total
    assert body["total_pages"] == -(-total // 5)
    assert (body["page_number"], body["size"], body["first_page"], body["empty"]) == (
        2,
        5,
        False,
        False,
    )


def test_a_page_past_the_end_is_empty(client):
    body = client.get(reverse("oruk:services"), {"page": 9999}).json()
    assert body["empty"] is True and body["contents"] == []


def test_search_finds_services_in_parents_words(client):
    body = client.get(reverse("oruk:services"), {"search": "help with breastfeeding"}).json()
    assert body["total_items"] > 0
    assert (
        "breastfeed" in (body["contents"][0]["name"] + body["contents"][0]["description"]).lower()
    )


def test_postcode_and_proximity_in_metres(client):
    near = client.get(reverse("oruk:services"), {"postcode": "ME4 4TR", "proximity": 1609}).json()
    wide = client.get(reverse("oruk:services"), {"postcode": "ME4 4TR", "proximity": 16093}).json()
    assert 0 < near["total_items"] < wide["total_items"]


def test_filter_by_taxonomy_term_and_organisation(client):
    term = TaxonomyTerm.objects.get(id=ref.term_id(ref.NEEDS, "breastfeeding"))
    body = client.get(reverse("oruk:services"), {"taxonomy_term_id": str(term.id)}).json()
    assert body["total_items"] == Service.objects.filter(service_terms__taxonomy_term=term).count()
    service = Service.objects.first()
    body = client.get(
        reverse("oruk:services"), {"organization_id": str(service.organisation_id), "per_page": 100}
    ).json()
    assert {item["organization_id"] for item in body["contents"]} == {str(service.organisation_id)}


def test_modified_after(client):
    assert (
        client.get(reverse("oruk:services"), {"modified_after": "2100-01-01"}).json()["total_items"]
        == 0
    )
    assert (
        client.get(reverse("oruk:services"), {"modified_after": "2000-01-01T00:00:00Z"}).json()[
            "total_items"
        ]
        == Service.objects.count()
    )


def test_a_service_publishes_the_partnerships_fields_as_attributes(client):
    service = Service.objects.filter(service_terms__isnull=False).first()
    body = client.get(reverse("oruk:service", args=[service.id])).json()
    by_taxonomy = {}
    for attribute in body["attributes"]:
        assert attribute["link_id"] == str(service.id)
        by_taxonomy.setdefault(attribute["taxonomy_term"]["taxonomy"], []).append(attribute)
    level = by_taxonomy["Family Hub level of need"]
    assert [a["taxonomy_term_id"] for a in level] == [
        str(ref.term_id(ref.LEVEL, service.level_of_need))
    ]
    diagnosis = [
        a
        for a in by_taxonomy["Family Hub service details"]
        if a["taxonomy_term"]["name"] == "Diagnosis needed"
    ]
    assert diagnosis[0]["value"] == ("true" if service.needs_diagnosis else "false")
    assert "Family Hub needs" in by_taxonomy
    assert by_taxonomy.get("DfE Family Hubs service categories"), "needs map to DfE categories"


def test_taxonomy_terms_top_only_and_parent(client):
    needs_id = str(ref.stable_id(ref.NEEDS))
    top = client.get(
        reverse("oruk:taxonomy-terms"),
        {"taxonomy_id": needs_id, "top_only": "true", "per_page": 100},
    ).json()
    assert top["total_items"] >= 19
    assert all("parent_id" not in term for term in top["contents"])
    sleep = str(ref.term_id(ref.NEEDS, "sleep"))
    children = client.get(reverse("oruk:taxonomy-terms"), {"parent_id": sleep}).json()
    assert children["total_items"] >= 2
    assert {term["parent_id"] for term in children["contents"]} == {sleep}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"age": "99"}, "age"),
        ({"postcode": "NOT A POSTCODE"}, "postcode"),
        ({"postcode": "ZE2 9AA"}, "postcode"),
        ({"postcode": "ME4 4TR", "proximity": "-5"}, "proximity"),
        ({"taxonomy_term_id": "sleep"}, "taxonomy_term_id"),
        ({"organization_id": "123"}, "organization_id"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"level_of_need": "urgent"}, "level_of_need"),
        ({"search": "x" * 5000}, "search"),
        ({"full": "maybe"}, "full"),
        ({"format": "ndjson"}, "format"),
    ],
)
def test_invalid_parameters_are_a_400_naming_the_parameter(client, params, parameter):
    response = client.get(reverse("oruk:services"), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["errors"]
    assert parameter in [error["parameter"] for error in errors]
    assert all(error["message"] for error in errors)


@pytest.mark.parametrize(
    "name",
    [
        "oruk:service",
        "oruk:organization",
        "oruk:taxonomy",
        "oruk:taxonomy-term",
        "oruk:service-at-location",
    ],
)
@pytest.mark.parametrize("record_id", [uuid.UUID(int=1), "not-a-uuid"])
def test_unknown_ids_are_a_404_json(client, name, record_id):
    response = client.get(reverse(name, args=[record_id]))
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_taxonomy_terms_invalid_parent_is_a_400(client):
    response = client.get(reverse("oruk:taxonomy-terms"), {"parent_id": "nope"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "parent_id"


@pytest.mark.parametrize("params", [{}, {"full": "true"}, {"search": "baby", "postcode": "ME4"}])
def test_list_queries_do_not_grow_with_the_page(client, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("oruk:services"), {"per_page": 2, **params})  # warm the caches
    counts = []
    for per_page in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("oruk:services"), {"per_page": per_page, **params}).status_code
                == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # full: one of them reads the schedules of the services' places; one reads the directory's
    # version (familyhub.directory.search.cached)
    assert counts[0] <= 19
    with CaptureQueriesContext(connection) as queries:  # the same page again: from the cache
        client.get(reverse("oruk:services"), {"per_page": 50, **params})
    assert len(queries) == 1, [query["sql"] for query in queries]


@pytest.mark.parametrize(
    "name",
    [
        "oruk:services",
        "oruk:organizations",
        "oruk:taxonomies",
        "oruk:taxonomy-terms",
        "oruk:service-at-locations",
    ],
)
@pytest.mark.parametrize(
    "params",
    [
        {"search": "sleep\x00"},
        {"search": "'; DROP TABLE directory_service; --"},
        {"search": '"unclosed AND OR NOT ( * ^'},
        {"page": "1e10"},
        {"per_page": "-1"},
        {"postcode": "ME4\x00"},
        {"proximity": "nan", "postcode": "ME4"},
        {"age": "-1"},
        {"search": "ü" * 150},
    ],
)
def test_hostile_input_is_never_a_server_error(client, name, params):
    response = client.get(reverse(name), params)
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("value", ["2020-13-45", "2020-02-30", "2020-01-01T25:00:00Z", "nonsense"])
@pytest.mark.parametrize(
    "endpoint",
    [
        "oruk:services",
        "oruk:organizations",
        "oruk:taxonomies",
        "oruk:taxonomy-terms",
        "oruk:service-at-locations",
    ],
)
def test_an_impossible_modified_after_is_a_clear_400_on_every_list(client, endpoint, value):
    response = client.get(reverse(endpoint), {"modified_after": value})
    assert response.status_code == 400
    assert "modified_after" in json.dumps(response.json())
