"""Where a family lives, for the dashboard's cuts by town and ward: read from the postcode sector
(ME4 4 of ME4 4TR) in `data/areas.csv` (each Medway sector's town and its main ward; sectors
straddle wards, so a ward figure is approximate until the ONS Postcode Directory's ward for each
postcode is loaded into that file). A postcode district alone (the finder's anonymous searches
keep only ME4) has a town and no ward. Anywhere else is "Outside Medway or not known"."""

import csv
from functools import cache
from pathlib import Path

from django.conf import settings

from familyhub.directory.choices import MEDWAY_TOWNS

AREAS_FILE = Path(__file__).parent / "data" / "areas.csv"
ELSEWHERE = "Outside Medway or not known"
NO_WARD = "Ward not known"


@cache
def _sectors() -> dict:
    path = getattr(settings, "FAMILYHUB_AREAS_FILE", None) or AREAS_FILE
    with open(path, newline="", encoding="utf-8") as handle:
        return {
            row["sector"].strip().upper(): (row["town"], row["ward"])
            for row in csv.DictReader(handle)
        }


@cache
def _districts() -> dict:
    """Each district's town: the town most of its sectors are in."""
    towns = {}
    for sector, (town, _ward) in _sectors().items():
        towns.setdefault(sector.split(" ")[0], []).append(town)
    return {district: max(set(names), key=names.count) for district, names in towns.items()}


def sector_of(postcode: str) -> str:
    """'ME4 4TR' -> 'ME4 4'; a district alone stays as it is."""
    value = (postcode or "").strip().upper()
    if " " in value and len(value) > 2:
        return value[:-2].strip()
    return value


def area_of(part: str) -> tuple[str, str]:
    """(town, ward) of a postcode sector or district."""
    part = (part or "").strip().upper()
    if part in _sectors():
        return _sectors()[part]
    district = part.split(" ")[0]
    if district in _districts():
        return _districts()[district], NO_WARD
    return ELSEWHERE, ELSEWHERE


def towns() -> list[str]:
    return [*MEDWAY_TOWNS, ELSEWHERE]


def wards() -> list[str]:
    return [*sorted({ward for _town, ward in _sectors().values()}), NO_WARD, ELSEWHERE]
