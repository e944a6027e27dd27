"""Our OpenAPI 3.0 document: the ORUK 3.0 paths, with response schemas by the standard's own
URLs, plus the parameters this deployment adds (postcode, proximity, age and the partnership's
filters)."""

from django.conf import settings

from familyhub.directory.choices import WEEKDAYS, AccessRoute, DeliveryMode, LevelOfNeed

SCHEMA = "https://openreferraluk.org/specifications/3.0/schema/"


def _param(name, description, schema=None, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def paging() -> list[dict]:
    most, usual = settings.ORUK_MAX_PER_PAGE, settings.ORUK_DEFAULT_PER_PAGE
    most_full = settings.ORUK_MAX_FULL_PER_PAGE
    return [
        _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
        _param(
            "per_page",
            f"Results a page (default {usual}); more than {most} ({most_full} with full=true) "
            "is given that many, and the page's size says how many it holds.",
            {"type": "integer", "minimum": 1, "default": usual},
        ),
    ]


SEARCH = _param("search", "Words to search for, in families' own words (up to 200 characters).")
ID = [_param("id", "The record's id (a UUID).", where="path", required=True)]

SERVICE_FILTERS = [
    SEARCH,
    _param(
        "taxonomy_term_id",
        "Only services tagged with this term.",
        {"type": "string", "format": "uuid"},
    ),
    _param(
        "taxonomy_id",
        "Only services tagged with a term of this taxonomy.",
        {"type": "string", "format": "uuid"},
    ),
    _param(
        "organization_id",
        "Only this organisation's services.",
        {"type": "string", "format": "uuid"},
    ),
    _param(
        "modified_after",
        "Only services changed on or after this date-time.",
        {"type": "string", "format": "date-time"},
    ),
    _param(
        "postcode", "A UK postcode or postcode district; with proximity, only services near it."
    ),
    _param(
        "proximity",
        "Distance from the postcode in metres (default 8047, i.e. 5 miles).",
        {"type": "number"},
    ),
    _param(
        "age",
        "Child's age in whole years: services whose age range includes it.",
        {"type": "integer", "minimum": 0, "maximum": 25},
    ),
    _param("need", "Needs-taxonomy term code (e.g. sleep); includes its narrower terms."),
    _param("level_of_need", "Level of need.", {"type": "string", "enum": LevelOfNeed.values}),
    _param("access_route", "How to get it.", {"type": "string", "enum": AccessRoute.values}),
    _param(
        "delivery_mode", "How it is delivered.", {"type": "string", "enum": DeliveryMode.values}
    ),
    _param("free", "Only free services.", {"type": "boolean"}),
    _param("no_diagnosis", "Only services that need no diagnosis.", {"type": "boolean"}),
    _param("language", "ISO 639-1 language code, e.g. pl."),
    _param("day", "Day it runs.", {"type": "string", "enum": WEEKDAYS}),
    _param("full", "Return fully nested services.", {"type": "boolean"}),
]


def _get(summary, schema, parameters=()):
    return {
        "get": {
            "summary": summary,
            "parameters": list(parameters),
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": {"$ref": SCHEMA + schema}}},
                },
                "400": {"description": "A parameter is invalid; the body names it and says why."},
                "404": {"description": "No record with that id."},
            },
        }
    }


def openapi_document(server_url: str) -> dict:
    pages = paging()  # read from the settings for each document
    filters = [*SERVICE_FILTERS, *pages]
    return {
        "openapi": "3.0.0",
        "info": {
            "title": "Family Hub — Open Referral UK 3.0 API",
            "version": "3.0",
            "description": "The Medway directory of support for parents and families, published "
            "to the Open Referral UK 3.0 profile of HSDS 3.0.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": _get("About this API", "api_details.json"),
            "/services": _get("Services (one-to-one fields)", "service_list.json", filters),
            "/services/{id}": _get("One service, fully nested", "service.json", ID),
            "/organizations": _get(
                "Organisations",
                "organization_list.json",
                [SEARCH, _param("full_service", "Include services.", {"type": "boolean"}), *pages],
            ),
            "/organizations/{id}": _get(
                "One organisation with its services", "organization.json", ID
            ),
            "/taxonomies": _get("Taxonomies", "taxonomy_list.json", [SEARCH, *pages]),
            "/taxonomies/{id}": _get("One taxonomy with its terms", "taxonomy.json", ID),
            "/taxonomy_terms": _get(
                "Taxonomy terms",
                "taxonomy_term_list.json",
                [
                    SEARCH,
                    _param(
                        "taxonomy_id",
                        "Only terms of this taxonomy.",
                        {"type": "string", "format": "uuid"},
                    ),
                    _param(
                        "parent_id",
                        "Only children of this term.",
                        {"type": "string", "format": "uuid"},
                    ),
                    _param("top_only", "Only terms with no parent.", {"type": "boolean"}),
                    *pages,
                ],
            ),
            "/taxonomy_terms/{id}": _get("One taxonomy term", "taxonomy_term.json", ID),
            "/service_at_locations": _get(
                "Services at locations", "service_at_location_list.json", filters
            ),
            "/service_at_locations/{id}": _get(
                "One service at a location", "service_at_location.json", ID
            ),
        },
    }
