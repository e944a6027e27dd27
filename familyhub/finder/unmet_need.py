"""Searches that found little, recorded anonymously for the partnership's unmet-need view:
the words (with anything that looks like contact details taken out), the filters, the count,
the postcode district and the date. Never the full postcode, the time or who searched.
"""

import re

from django.conf import settings
from django.utils import timezone

from familyhub.directory.search.request import SearchRequest
from familyhub.finder.models import SearchRecord

CONTACT_DETAILS = [
    re.compile(r"\S+@\S+"),  # email addresses
    re.compile(r"\+?\d[\d\s-]{5,}\d"),  # phone numbers and other long numbers
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE),  # full postcodes
]


def without_contact_details(text: str) -> str:
    for pattern in CONTACT_DETAILS:
        text = pattern.sub("…", text)
    return text[: SearchRecord._meta.get_field("text").max_length].strip()


def filters_of(request: SearchRequest) -> dict:
    filters = {
        "age": request.age,
        "needs": request.needs,
        "radius_miles": request.radius_miles,
        "levels": request.levels,
        "access_routes": request.access_routes,
        "delivery_modes": request.delivery_modes,
        "free_only": request.free_only,
        "no_diagnosis_needed": request.no_diagnosis_needed,
        "language": request.language,
        "day": request.day,
    }
    return {key: value for key, value in filters.items() if value not in (None, "", [], False)}


def record_if_few(request: SearchRequest, total: int, *, source="search") -> SearchRecord | None:
    """Record the search when it found fewer than FEW_RESULTS services (first page only)."""
    if total >= settings.FEW_RESULTS or request.page != 1:
        return None
    return SearchRecord.objects.create(
        searched_on=timezone.localdate(),
        text=without_contact_details(request.text),
        postcode_district=request.postcode.split(" ")[0] if request.postcode else "",
        filters=filters_of(request),
        result_count=total,
        source=source,
    )
