"""Checking JSON against the Open Referral UK 3.0 schemas, as the official validator does.

The schemas are not ours to copy: they are read from ORUK_SPEC_DIR (../shared/oruk by default).
Their `$ref`s are absolute openreferraluk.org URLs; a `referencing` registry maps each to the
local file, so nothing is fetched. Format checks (uuid, email, uri, date-time) are on.
"""

import json
import os
from functools import cached_property
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_SUBDIR = Path("oruk-website-specifications/public/specifications/3.0/schema")
MOCKS_SUBDIR = Path("oruk-validator-mocks/OpenReferralApi/Mocks")
BASE_URL = "https://openreferraluk.org/specifications/3.0/schema/"

# Which schema each ORUK endpoint's 200 response must meet (from the standard's openapi.json).
ENDPOINT_SCHEMAS = {
    "api_details": "api_details.json",
    "services": "service_list.json",
    "service": "service.json",
    "organizations": "organization_list.json",
    "organization": "organization.json",
    "taxonomies": "taxonomy_list.json",
    "taxonomy": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term_list.json",
    "taxonomy_term": "taxonomy_term.json",
    "service_at_locations": "service_at_location_list.json",
    "service_at_location": "service_at_location.json",
}


def spec_dir() -> Path:
    return Path(settings.ORUK_SPEC_DIR)


def require_spec_dir() -> Path:
    """The ORUK folder, or a loud skip (a failure when CI is set: CI must test the contract)."""
    folder = spec_dir()
    if (folder / SPEC_SUBDIR).is_dir():
        return folder
    message = (
        f"ORUK schemas not found at {folder / SPEC_SUBDIR}. Set ORUK_SPEC_DIR to the folder "
        "holding oruk-website-specifications/ (../shared/oruk beside the repo)."
    )
    if os.environ.get("CI"):
        pytest.fail("CI is set: " + message)
    pytest.skip("SKIPPED, ORUK contract not checked: " + message)


class OrukSchemas:
    def __init__(self, folder: Path):
        self.schema_dir = folder / SPEC_SUBDIR
        self.mocks_dir = folder / MOCKS_SUBDIR

    @cached_property
    def registry(self) -> Registry:
        resources = []
        for path in sorted(self.schema_dir.glob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            resource = Resource.from_contents(contents, default_specification=DRAFT202012)
            resources.append((BASE_URL + path.name, resource))
        return Registry().with_resources(resources)

    def validator(self, schema_name: str) -> Draft202012Validator:
        schema = self.registry.contents(BASE_URL + schema_name)
        return Draft202012Validator(
            schema, registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )

    def errors(self, instance, schema_name: str) -> list[str]:
        return [
            f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in self.validator(schema_name).iter_errors(instance)
        ]

    def mock(self, feed: str, name: str):
        return json.loads((self.mocks_dir / feed / name).read_text(encoding="utf-8"))
