"""Reference taxonomies the product depends on, loaded after every migrate.

- The needs taxonomy in families' words (data/needs_taxonomy.json), with synonyms and a mapping
  to the DfE Family Hubs service categories.
- The partnership's own vocabularies (level of need, access route, delivery mode, service details),
  so that fields HSDS has no column for are published in the ORUK feed as attributes.

Ids are stable (UUID v5 of the taxonomy and term keys), so every deployment publishes the same
term ids. Loading adds what is missing and never overwrites what data managers have edited.
"""

import json
import uuid
from functools import cache
from pathlib import Path

from familyhub.directory.choices import AccessRoute, AreaType, DeliveryMode, LevelOfNeed
from familyhub.directory.models import Taxonomy, TaxonomyTerm

NAMESPACE = uuid.UUID("0f6b6a8e-7c1d-4b53-9a1e-5d2f3c4b6a70")
NEEDS_FILE = Path(__file__).parent / "data" / "needs_taxonomy.json"

NEEDS = "familyhub-needs"
DFE = "dfe-family-hubs"
LEVEL = "familyhub-level-of-need"
ACCESS = "familyhub-access-route"
DELIVERY = "familyhub-delivery-mode"
DETAILS = "familyhub-service-details"
AREA = "familyhub-area-kind"

# Detail terms whose attribute carries a value.
NEEDS_DIAGNOSIS = "needs-diagnosis"
TYPICAL_WAIT = "typical-wait-weeks"
EVIDENCE_PROGRAMME = "evidence-programme"
EIF_RATING = "eif-rating"
LAST_CHECKED_BY = "last-checked-by"

PARTNERSHIP_TAXONOMIES = {
    LEVEL: (
        "Family Hub level of need",
        "The four levels of the Medway continuum of need (MSCP threshold guidance).",
        [(value, str(label), f"Level of need: {label}.") for value, label in LevelOfNeed.choices],
    ),
    ACCESS: (
        "Family Hub access route",
        "How a family gets to a service.",
        [(value, str(label), f"Access route: {label}.") for value, label in AccessRoute.choices],
    ),
    DELIVERY: (
        "Family Hub delivery mode",
        "How a service is delivered.",
        [(value, str(label), f"Delivered: {label}.") for value, label in DeliveryMode.choices],
    ),
    DETAILS: (
        "Family Hub service details",
        "Facts about a service that HSDS 3.0 has no field for; the attribute value holds the fact.",
        [
            (
                NEEDS_DIAGNOSIS,
                "Diagnosis needed",
                "Whether a diagnosis is needed first (true/false).",
            ),
            (TYPICAL_WAIT, "Typical wait in weeks", "Usual weeks from asking to starting."),
            (EVIDENCE_PROGRAMME, "Evidence-based programme", "The named programme delivered."),
            (EIF_RATING, "EIF Guidebook rating", "The programme's Foundations (EIF) rating."),
            (LAST_CHECKED_BY, "Last checked by", "Who last checked this record was right."),
        ],
    ),
    AREA: (
        "Family Hub kind of service area",
        "What a service area is: a town, a ward or the local authority (a service area's "
        "extent_type is the format of its shape, so its kind is said here).",
        [
            (value, str(label), f"Service area: a {str(label).lower()}.")
            for value, label in AreaType.choices
        ],
    ),
}


def stable_id(*keys: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(keys))


def term_id(taxonomy_key: str, code: str) -> uuid.UUID:
    return stable_id(taxonomy_key, code)


def read_needs_file(path: Path | None = None) -> dict:
    with (path or NEEDS_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def translated_needs(language: str) -> dict[str, dict]:
    """Each need's name, description and synonyms in a language ("pl", "ro": the file's
    `name_<code>`, `description_<code>`, `synonyms_<code>`), by code, read once from the needs
    file. Translations live in the file, not the database: families' words in their languages
    are the partnership's reference data, changed with the product, like the file's English
    (a language is added by adding its fields; decision 0044)."""
    found = {}

    def walk(entries):
        for entry in entries:
            found[entry["key"]] = {
                "name": entry.get(f"name_{language}", ""),
                "description": entry.get(f"description_{language}", ""),
                "synonyms": list(entry.get(f"synonyms_{language}", [])),
            }
            walk(entry.get("children", []))

    walk(read_needs_file()["terms"])
    return found


def polish_needs() -> dict[str, dict]:
    """Each need's Polish name, description and synonyms (translated_needs("pl"))."""
    return translated_needs("pl")


@cache
def needs_languages() -> tuple[str, ...]:
    """The languages the needs file has names or synonyms in, besides English."""
    codes = set()

    def walk(entries):
        for entry in entries:
            codes.update(
                key.rsplit("_", 1)[1] for key in entry if key.startswith(("name_", "synonyms_"))
            )
            walk(entry.get("children", []))

    walk(read_needs_file()["terms"])
    return tuple(sorted(codes))


def load_reference_taxonomies(using="default"):

    def taxonomy(key, name, description, version=""):
        obj, _ = Taxonomy.objects.using(using).get_or_create(
            id=stable_id(key),
            defaults={"key": key, "name": name, "description": description, "version": version},
        )
        return obj

    def term(tax, code, name, description, parent=None, synonyms=(), position=0):
        obj, _ = TaxonomyTerm.objects.using(using).get_or_create(
            id=term_id(tax.key, code),
            defaults={
                "taxonomy": tax,
                "code": code,
                "name": name,
                "description": description,
                "parent": parent,
                "synonyms": list(synonyms),
                "position": position,
            },
        )
        return obj

    for key, (name, description, terms) in PARTNERSHIP_TAXONOMIES.items():
        tax = taxonomy(key, name, description)
        for position, (code, term_name, term_description) in enumerate(terms):
            term(tax, code, term_name, term_description, position=position)

    data = read_needs_file()
    dfe_info = data["dfe_taxonomy"]
    dfe = taxonomy(DFE, dfe_info["name"], dfe_info["description"])
    needs_info = data["taxonomy"]
    needs = taxonomy(NEEDS, needs_info["name"], needs_info["description"], needs_info["version"])

    def dfe_term(category: str):
        code = category.lower().replace(" ", "-").replace(",", "").replace("(", "").replace(")", "")
        return term(dfe, code[:80], category, f"DfE Family Hubs service category: {category}.")

    def load(entries, parent=None):
        for position, entry in enumerate(entries):
            need = term(
                needs,
                entry["key"],
                entry["name"],
                entry["description"],
                parent=parent,
                synonyms=entry.get("synonyms", []),
                position=position,
            )
            mapped = [dfe_term(category) for category in entry.get("dfe_categories", [])]
            if mapped and not need.maps_to.exists():
                need.maps_to.add(*mapped)
            load(entry.get("children", []), parent=need)

    load(data["terms"])
