"""One postcode lookup interface, two real backends.

- LocalTableLookup: the `Postcode` table (filled by `import_postcodes`), falling back to the
  district centroid in `PostcodeDistrict` (shipped for Medway and its neighbours).
- PostcodesIoLookup: any postcodes.io-compatible HTTP service, set by POSTCODE_LOOKUP_URL.

Both answer `locate(text)` with a `PlaceFound`, or raise `InvalidPostcode` (not shaped like a
postcode) or `PostcodeNotFound` (shaped right, but we know no such postcode or district).
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import requests
from django.conf import settings
from django.core.cache import cache

from familyhub.postcodes.formats import InvalidPostcode, is_full_postcode, normalise, outward_code
from familyhub.postcodes.models import Postcode, PostcodeDistrict

__all__ = [
    "InvalidPostcode",
    "PostcodeNotFound",
    "PostcodeLookupUnavailable",
    "PlaceFound",
    "LocalTableLookup",
    "PostcodesIoLookup",
    "get_lookup",
    "locate",
    "miles_between",
]

EARTH_RADIUS_MILES = 3958.8


class PostcodeNotFound(LookupError):
    """A well-formed postcode that no backend knows."""


class PostcodeLookupUnavailable(RuntimeError):
    """The HTTP backend could not be reached or answered nonsense."""


@dataclass(frozen=True)
class PlaceFound:
    postcode: str  # as asked for, normalised ("ME4 4TR" or "ME4")
    latitude: float
    longitude: float
    precision: str  # "postcode" or "district"

    @property
    def is_approximate(self) -> bool:
        return self.precision == "district"

    @property
    def note(self) -> str:
        if self.is_approximate and is_full_postcode(self.postcode):
            return (
                f"We could not find {self.postcode} exactly, so distances are from the middle of "
                f"the {outward_code(self.postcode)} area."
            )
        if self.is_approximate:
            return f"Distances are from the middle of the {self.postcode} area."
        return ""


def miles_between(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in miles (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


PLACE_CACHE_SECONDS = 3600


class LocalTableLookup:
    def locate(self, text: str) -> PlaceFound:

        postcode = normalise(text)
        if is_full_postcode(postcode):
            row = Postcode.objects.filter(postcode=postcode).only("latitude", "longitude").first()
            if row:
                return PlaceFound(postcode, row.latitude, row.longitude, "postcode")
        district = PostcodeDistrict.objects.filter(outward_code=outward_code(postcode)).first()
        if district:
            return PlaceFound(postcode, district.latitude, district.longitude, "district")
        raise PostcodeNotFound(
            f"We could not find the postcode {postcode}. Check it and try again."
        )


class PostcodesIoLookup:
    """A postcodes.io-compatible service: GET /postcodes/{pc} and GET /outcodes/{outcode}."""

    def __init__(
        self, base_url: str, timeout: float = 3.0, session: requests.Session | None = None
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def _get(self, path: str):
        try:
            response = self.session.get(f"{self.base_url}{path}", timeout=self.timeout)
        except requests.RequestException as error:
            raise PostcodeLookupUnavailable(f"Postcode service unreachable: {error}") from error
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise PostcodeLookupUnavailable(f"Postcode service answered {response.status_code}")
        try:
            result = response.json()["result"]
            if result.get("latitude") is None or result.get("longitude") is None:
                return None  # a real postcode with no grid reference (e.g. a PO box)
            return float(result["latitude"]), float(result["longitude"])
        except (ValueError, KeyError, TypeError) as error:
            raise PostcodeLookupUnavailable("Postcode service answered nonsense") from error

    def locate(self, text: str) -> PlaceFound:
        postcode = normalise(text)
        if is_full_postcode(postcode):
            found = self._get(f"/postcodes/{requests.utils.quote(postcode)}")
            if found:
                return PlaceFound(postcode, *found, "postcode")
        found = self._get(f"/outcodes/{outward_code(postcode)}")
        if found:
            return PlaceFound(postcode, *found, "district")
        raise PostcodeNotFound(
            f"We could not find the postcode {postcode}. Check it and try again."
        )


@lru_cache(maxsize=4)
def _lookup_for(url: str, timeout: float):
    if url:
        return PostcodesIoLookup(url, timeout=timeout)
    return LocalTableLookup()


def get_lookup():
    return _lookup_for(settings.POSTCODE_LOOKUP_URL, settings.POSTCODE_LOOKUP_TIMEOUT_SECONDS)


def locate(text: str) -> PlaceFound:
    """Where a postcode is. Places found are cached for an hour (postcodes do not move; the
    cache saves a query, or a call to the lookup service, on every search near the same
    postcode). Not-found answers are not cached."""
    try:
        key = "postcode:" + normalise(text).replace(" ", "_")[:20]
    except InvalidPostcode:
        return get_lookup().locate(text)  # which says what is wrong with it
    place = cache.get(key)
    if place is None:
        place = get_lookup().locate(text)
        cache.set(key, place, PLACE_CACHE_SECONDS)
    return place
