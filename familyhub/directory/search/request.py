"""A search request, checked once: every caller (the ORUK API, the families' finder, staff
pages, benchmarks) builds a SearchRequest from raw parameters here and gets the same errors.
"""

import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware

from familyhub.directory.choices import (
    PUBLIC_STATUSES,
    WEEKDAYS,
    AccessRoute,
    DeliveryMode,
    LevelOfNeed,
)
from familyhub.directory.models.services import MAX_CHILD_AGE
from familyhub.postcodes.formats import InvalidPostcode
from familyhub.postcodes.formats import normalise as normalise_postcode

DEFAULT_RADIUS_MILES = 5.0
METRES_PER_MILE = 1609.344
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


class SearchInputError(ValueError):
    """One or more parameters were wrong. `errors` maps each parameter to a plain message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


@dataclass
class SearchRequest:
    text: str = ""
    postcode: str = ""
    radius_miles: float | None = None
    age: int | None = None
    # Services whose ages overlap this range (inclusive), e.g. (0, 25) for the Local Offer.
    ages_overlap: tuple[int, int] | None = None
    needs: list[str] = field(default_factory=list)  # needs-taxonomy codes or term ids
    taxonomy_term_ids: list[uuid.UUID] = field(default_factory=list)
    taxonomy_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    levels: list[str] = field(default_factory=list)
    access_routes: list[str] = field(default_factory=list)
    delivery_modes: list[str] = field(default_factory=list)
    free_only: bool = False
    no_diagnosis_needed: bool = False
    language: str = ""
    day: str = ""
    modified_after: datetime | None = None
    statuses: list[str] = field(default_factory=lambda: list(PUBLIC_STATUSES))
    page: int = 1
    per_page: int = settings.SEARCH_DEFAULT_PER_PAGE


def _printable(value) -> str:
    """Text without control characters (a NUL would break PostgreSQL), trimmed."""
    return "".join(char for char in str(value) if char.isprintable()).strip()


def _values(params, name) -> list[str]:
    """Both ?x=a&x=b and ?x=a,b give ['a', 'b']."""
    raw = params.getlist(name) if hasattr(params, "getlist") else [params.get(name, "")]
    parts = (_printable(part) for value in raw if value for part in str(value).split(","))
    return [part for part in parts if part]


def _one(params, name) -> str:
    value = params.get(name, "")
    return _printable(value) if value is not None else ""


def _choices(params, name, allowed, errors, label):
    values = _values(params, name)
    unknown = [value for value in values if value not in allowed]
    if unknown:
        errors[name] = f"Unknown {label} “{unknown[0]}”. Use one of: {', '.join(allowed)}."
    return [value for value in values if value in allowed]


def _whole_number(params, name, errors, *, low, high, message):
    raw = _one(params, name)
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        errors[name] = message
        return None
    if not low <= value <= high:
        errors[name] = message
        return None
    return value


def _uuid(params, name, errors):
    values = []
    for raw in _values(params, name):
        try:
            values.append(uuid.UUID(raw))
        except ValueError:
            errors[name] = f"“{raw[:40]}” is not a valid id (a UUID)."
    return values


def _boolean(params, name, errors):
    raw = _one(params, name).lower()
    if raw in TRUE_WORDS:
        return True
    if raw not in FALSE_WORDS:
        errors[name] = "Use true or false."
    return False


def _datetime(params, name, errors):
    raw = _one(params, name)
    if not raw:
        return None
    try:  # well formed but impossible ("2020-13-45", "2020-02-30", "T25:00") raises
        value = parse_datetime(raw)
        if value is None:
            date = parse_date(raw)
            value = datetime(date.year, date.month, date.day) if date else None
    except ValueError:
        value = None
    if value is not None:
        # In UTC: PostgreSQL takes offsets up to 15:59 only, and an offset can carry a time
        # past year 1 or 9999 ("0001-01-01T00:00+14:00"), which is refused here.
        try:
            value = make_aware(value, get_current_timezone()) if is_naive(value) else value
            value = value.astimezone(UTC)
        except OverflowError:
            value = None
    if value is None:
        errors[name] = "Use a date and time like 2026-01-31T09:00:00Z or a date like 2026-01-31."
    return value


def build_search_request(
    params,
    *,
    aliases: dict[str, str] | None = None,
    per_page: int | None = None,
    max_per_page: int | None = None,
) -> SearchRequest:
    """Check raw parameters (a QueryDict or dict). Raises SearchInputError listing every problem.

    `aliases` maps a caller's parameter names to ours, e.g. {"search": "text"} for ORUK.
    `per_page` and `max_per_page` (the ORUK API's): the page size when none is asked for, and
    the most a page holds; a larger per_page is given that many instead of being refused.
    Without them, the search settings' default, and a per_page over their maximum is an error.
    """
    aliases = aliases or {}
    params = _Renamed(params, aliases)
    errors: dict[str, str] = {}
    request = SearchRequest()

    request.text = _one(params, "text")
    if len(request.text) > settings.SEARCH_MAX_QUERY_LENGTH:
        errors["text"] = (
            f"Search words must be {settings.SEARCH_MAX_QUERY_LENGTH} characters or fewer; "
            f"you entered {len(request.text)}."
        )

    request.postcode = _one(params, "postcode")
    if request.postcode:
        try:
            request.postcode = normalise_postcode(request.postcode)
        except InvalidPostcode as error:
            errors["postcode"] = str(error)
    radius, unit = _one(params, "radius"), 1.0
    if not radius and _one(params, "proximity"):
        radius, unit = _one(params, "proximity"), METRES_PER_MILE  # ORUK gives metres
    if radius:
        key = "radius" if unit == 1.0 else "proximity"
        try:
            request.radius_miles = float(radius) / unit
            if not math.isfinite(request.radius_miles):
                raise ValueError
            if not 0 < request.radius_miles <= settings.SEARCH_MAX_RADIUS_MILES:
                raise ValueError
        except ValueError:
            errors[key] = (
                f"Distance must be more than 0 and at most {settings.SEARCH_MAX_RADIUS_MILES} miles"
                + (" (given in metres)." if key == "proximity" else ".")
            )
            request.radius_miles = None
        if not request.postcode:
            errors["postcode"] = "Enter a postcode to search by distance."
    elif request.postcode:
        request.radius_miles = DEFAULT_RADIUS_MILES

    request.age = _whole_number(
        params,
        "age",
        errors,
        low=0,
        high=MAX_CHILD_AGE,
        message=f"Age must be a whole number of years from 0 to {MAX_CHILD_AGE}.",
    )
    request.needs = _values(params, "need")
    request.taxonomy_term_ids = _uuid(params, "taxonomy_term_id", errors)
    taxonomy_ids = _uuid(params, "taxonomy_id", errors)
    request.taxonomy_id = taxonomy_ids[0] if taxonomy_ids else None
    organisation_ids = _uuid(params, "organisation_id", errors)
    request.organisation_id = organisation_ids[0] if organisation_ids else None
    request.levels = _choices(params, "level", LevelOfNeed.values, errors, "level of need")
    request.access_routes = _choices(params, "access", AccessRoute.values, errors, "access route")
    request.delivery_modes = _choices(params, "delivery", DeliveryMode.values, errors, "delivery")
    request.free_only = _boolean(params, "free", errors)
    request.no_diagnosis_needed = _boolean(params, "no_diagnosis", errors)
    request.language = _one(params, "language").lower()
    if request.language and not (request.language.isalpha() and 2 <= len(request.language) <= 3):
        errors["language"] = "Use a two-letter language code, like pl for Polish."
    day = _one(params, "day").upper()[:2]
    if day and day not in WEEKDAYS:
        errors["day"] = f"Use a day like MO or TU; one of: {', '.join(WEEKDAYS)}."
    request.day = day if day in WEEKDAYS else ""
    request.modified_after = _datetime(params, "modified_after", errors)

    page = _whole_number(
        params,
        "page",
        errors,
        low=1,
        high=1_000_000,
        message="Page must be a whole number, 1 or more.",
    )
    request.page = page or 1
    if max_per_page is None:
        asked = _whole_number(
            params,
            "per_page",
            errors,
            low=1,
            high=settings.SEARCH_MAX_PER_PAGE,
            message=f"per_page must be a whole number from 1 to {settings.SEARCH_MAX_PER_PAGE}.",
        )
    else:
        asked = _whole_number(
            params,
            "per_page",
            errors,
            low=1,
            high=10**9,
            message="per_page must be a whole number, 1 or more.",
        )
        asked = min(asked, max_per_page) if asked else None
    request.per_page = asked or per_page or settings.SEARCH_DEFAULT_PER_PAGE

    if errors:
        raise SearchInputError({aliases_for(aliases, key): msg for key, msg in errors.items()})
    return request


def aliases_for(aliases: dict[str, str], ours: str) -> str:
    for theirs, mine in aliases.items():
        if mine == ours:
            return theirs
    return ours


class _Renamed:
    """A read-only view of parameters with the caller's names mapped to ours."""

    def __init__(self, params, aliases):
        self.params = params
        self.reverse = {mine: theirs for theirs, mine in aliases.items()}

    def _key(self, name):
        return self.reverse.get(name, name)

    def get(self, name, default=""):
        return self.params.get(self._key(name), default)

    def getlist(self, name):
        key = self._key(name)
        if hasattr(self.params, "getlist"):
            return self.params.getlist(key)
        value = self.params.get(key)
        return [] if value is None else (value if isinstance(value, list) else [value])


def boolean_param(params, name) -> bool:
    errors: dict[str, str] = {}
    value = _boolean(params, name, errors)
    if errors:
        raise SearchInputError(errors)
    return value


def uuid_param(params, name) -> uuid.UUID | None:
    errors: dict[str, str] = {}
    values = _uuid(params, name, errors)
    if errors:
        raise SearchInputError(errors)
    return values[0] if values else None
