"""The CSV columns, declared once: the import template, the CSV export and the CSV importer all
use them. One row is one service, with at most one place (its first, by name)."""

from familyhub.directory import reference_data as ref

# column -> what a data manager reads in the template's guidance
COLUMNS = {
    "id": "Leave empty for a new service; keep the id from an export to update that service",
    "name": "Required. The service's name",
    "organisation": "Required. The organisation's name (a new one is added if not found)",
    "description": "Required. What the service does, in plain English",
    "eligibility_description": "Who it is for",
    "status": "active (empty), inactive, defunct or temporarily closed",
    "url": "Website, starting https://",
    "email": "Email address",
    "phone": "Main phone number",
    "minimum_age": "Youngest child's age in whole years (0 for pregnancy and babies)",
    "maximum_age": "Oldest child's age in whole years (up to 25)",
    "level_of_need": "Required. universal, targeted, specialist or statutory",
    "access_routes": "Required. One or more of drop_in; self_referral; professional_referral",
    "delivery_modes": "Required. One or more of in_person; online; phone",
    "needs_diagnosis": "yes or no (empty means no)",
    "typical_wait_weeks": "Usual weeks from asking to starting",
    "fees_description": "What it costs",
    "evidence_programme": "The evidence-based programme delivered, if any",
    "eif_rating": "Its EIF Guidebook rating, e.g. 3+",
    "needs": "Needs it helps with: codes from the needs taxonomy, separated by ;",
    "location_name": "The place where it runs (leave the place columns empty if none)",
    "address_1": "First line of the place's address",
    "city": "Town",
    "postcode": "Full UK postcode, like ME4 4TR",
    "last_checked_on": "When the record was last checked, like 2026-01-31",
    "last_checked_by": "Who checked it",
}
REQUIRED = (
    "name",
    "organisation",
    "description",
    "level_of_need",
    "access_routes",
    "delivery_modes",
)
LIST_SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(cell) -> str:
    """Stop a spreadsheet running a cell as a formula (OWASP's CSV injection advice)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """The cell as it was before `defuse`."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _first_place(service):
    links = sorted(
        service.service_at_locations.all(), key=lambda link: (link.location.name, str(link.id))
    )
    if not links:
        return None, None
    location = links[0].location
    addresses = sorted(location.addresses.all(), key=lambda a: str(a.id))
    return location, addresses[0] if addresses else None


def service_row(service) -> list[str]:
    location, address = _first_place(service)
    needs = sorted(
        st.taxonomy_term.code
        for st in service.service_terms.all()
        if st.taxonomy_term.taxonomy.key == ref.NEEDS
    )
    values = {
        "id": str(service.id),
        "name": service.name,
        "organisation": service.organisation.name,
        "description": service.description,
        "eligibility_description": service.eligibility_description,
        "status": service.status,
        "url": service.url,
        "email": service.email,
        "phone": service.phone,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "level_of_need": service.level_of_need,
        "access_routes": LIST_SEPARATOR.join(service.access_routes),
        "delivery_modes": LIST_SEPARATOR.join(service.delivery_modes),
        "needs_diagnosis": "yes" if service.needs_diagnosis else "no",
        "typical_wait_weeks": service.typical_wait_weeks,
        "fees_description": service.fees_description,
        "evidence_programme": service.evidence_programme,
        "eif_rating": service.eif_rating,
        "needs": LIST_SEPARATOR.join(needs),
        "location_name": location.name if location else "",
        "address_1": address.address_1 if address else "",
        "city": address.city if address else "",
        "postcode": address.postal_code if address else "",
        "last_checked_on": service.last_checked_on.isoformat() if service.last_checked_on else "",
        "last_checked_by": service.last_checked_by,
    }
    return ["" if values[column] is None else str(values[column]) for column in COLUMNS]
