"""The map of services: for each need × level of need × place × age band, how many services
there are, their capacity and usual wait, where there is a gap and where there may be overlap,
and the searches from that place that found nothing.

The rules, stated once (the page says them too):

- Need: every need of the needs taxonomy, broad and narrower ("Missing school" under "Behaviour
  and routines"). A service counts under each need it is tagged with and under the broader needs
  above them, once each: a broad need's rows count the services of its narrower needs too, but a
  service tagged only with the broad need does not count under a narrower one.
- Level of need: the service's own level (directory choices).
- Expected levels: data/plausible.json says at which levels a partnership would plausibly offer
  a service for each need (feeding: universal and targeted; statutory only for safeguarding-
  related needs and the council's statutory duties). A narrower need not listed has its broader
  need's levels; a need in neither (added later) is expected at every level. Only expected
  combinations can be gaps; an unexpected one with no service is "Not expected at this level".
- Place: the six Medway towns, plus "Medway-wide".
  - A service counts in a town when it has a place (a location) in that town.
  - A service with no place (home visits, outreach, online or phone only) counts in the towns its
    service area names; if that is the whole of Medway it counts as Medway-wide instead.
  - A service delivered online or by phone to the whole of Medway also counts as Medway-wide
    (as well as in the towns of any places it has).
- Age band: a service counts in every band its age range touches (no age given: every band).
- Only active services in Medway count (a place in a Medway town, or a service area naming one
  or Medway); temporarily closed, inactive and defunct ones do not.
- Gap (town rows only): the level is expected for the need, and there is no service in the town
  and none Medway-wide for that need, level and age band. The row names the towns elsewhere that
  do have one.
- Possible overlap: OVERLAP_AT_LEAST or more services in the same place for the same need, level
  and age band, with their names, for someone to look at (similar is not always duplicate).
- Wards: places carry a ward, but most services are recorded by town or for the whole of Medway,
  so no ward gaps are worked out; `building.ward_presence` lists where services have a place,
  by ward.
- Searches that found nothing: the finder's anonymous log (SearchRecord, result count 0, last
  SEARCH_LOOK_BACK_DAYS days). A search counts for a row when its need (chosen, or recognised in
  its words) is the row's need or a narrower need under it, its postcode district is in the
  row's town (DISTRICT_TOWNS; a search with no Medway district counts in the Medway-wide row),
  its age (if given) is in the row's band and its level filter (if any) includes the row's
  level.
"""

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from familyhub.directory.choices import MEDWAY_TOWNS, LevelOfNeed
from familyhub.directory.models.services import MAX_CHILD_AGE

MEDWAY_WIDE = "Medway-wide"
PLACES = [*MEDWAY_TOWNS, MEDWAY_WIDE]
OVERLAP_AT_LEAST = 3
SEARCH_LOOK_BACK_DAYS = 365
MEDWAY_AREA_NAME = "Medway"

# The main town of each Medway postcode district, for placing anonymous searches (which keep
# only the district). Districts straddle towns (ME5 is Chatham and Walderslade, ME8 is Rainham,
# Wigmore and part of Gillingham), so this is approximate; the district table shows raw figures.
DISTRICT_TOWNS = {
    "ME1": "Rochester",
    "ME2": "Strood",
    "ME3": "Hoo Peninsula",
    "ME4": "Chatham",
    "ME5": "Chatham",
    "ME7": "Gillingham",
    "ME8": "Rainham",
}

GAP = "gap"
OVERLAP = "overlap"
NOT_EXPECTED = "not-expected"
NOWHERE = "Nowhere in Medway"
STATUS_LABELS = {
    GAP: "Gap",
    OVERLAP: "Possible overlap",
    NOT_EXPECTED: "Not expected at this level",
    "": "",
}
PLAUSIBLE_FILE = Path(__file__).parent / "data" / "plausible.json"


@dataclass(frozen=True)
class AgeBand:
    key: str
    label: str
    youngest: int
    oldest: int

    def touches(self, youngest: int, oldest: int) -> bool:
        return youngest <= self.oldest and oldest >= self.youngest


AGE_BANDS = [
    AgeBand("0-1", "Pregnancy and 0 to 1", 0, 1),
    AgeBand("2-4", "2 to 4", 2, 4),
    AgeBand("5-11", "5 to 11", 5, 11),
    AgeBand("12-16", "12 to 16", 12, 16),
    AgeBand("17-25", "17 to 25", 17, MAX_CHILD_AGE),
]
BANDS_BY_KEY = {band.key: band for band in AGE_BANDS}
LEVELS = list(LevelOfNeed)


@dataclass(frozen=True)
class Need:
    id: object
    code: str
    name: str
    parent: str = ""  # the broader need's code; "" for a top-level need

    @property
    def is_narrower(self) -> bool:
        return bool(self.parent)


@cache
def plausible_levels() -> dict:
    """need code -> {"levels": [...], "why": "..."}, from data/plausible.json."""
    return json.loads(PLAUSIBLE_FILE.read_text(encoding="utf-8"))["levels"]


def expected_levels(need: Need) -> list[str]:
    """The levels a partnership would plausibly offer for this need (the rule above)."""
    entry = plausible_levels().get(need.code) or plausible_levels().get(need.parent)
    return list(entry["levels"]) if entry else [str(level) for level in LEVELS]


@dataclass
class ServiceFacts:
    """What the map needs to know about one service."""

    id: object
    name: str
    level: str
    youngest: int
    oldest: int
    capacity_per_week: int | None
    wait_weeks: int | None
    needs: set = field(default_factory=set)  # codes of its needs and the broader needs above
    places: set = field(default_factory=set)  # towns and/or MEDWAY_WIDE


@dataclass
class Cell:
    need: Need
    level: str
    place: str
    band: AgeBand
    services: list = field(default_factory=list)  # ServiceFacts, by name
    medway_wide_count: int = 0  # town rows: services Medway-wide for the same need/level/band
    elsewhere: list = field(default_factory=list)  # gap rows: towns that have one
    searches_found_nothing: int = 0
    expected: bool = True  # the level is plausible for the need (data/plausible.json)

    @property
    def service_count(self) -> int:
        return len(self.services)

    @property
    def is_town(self) -> bool:
        return self.place != MEDWAY_WIDE

    @property
    def status(self) -> str:
        if not self.expected and not self.services:
            return NOT_EXPECTED
        if self.expected and self.is_town and not self.services and not self.medway_wide_count:
            return GAP
        if self.service_count >= OVERLAP_AT_LEAST:
            return OVERLAP
        return ""

    @property
    def capacities(self) -> list[int]:
        return [s.capacity_per_week for s in self.services if s.capacity_per_week is not None]

    @property
    def capacity_per_week(self) -> int | None:
        known = self.capacities
        return sum(known) if known else None

    @property
    def waits(self) -> list[int]:
        return sorted(s.wait_weeks for s in self.services if s.wait_weeks is not None)

    @property
    def usual_wait_weeks(self) -> int | None:
        waits = self.waits
        return int(statistics.median_high(waits)) if waits else None

    @property
    def longest_wait_weeks(self) -> int | None:
        waits = self.waits
        return waits[-1] if waits else None


@dataclass(frozen=True)
class Filters:
    need: str = ""  # need code (top-level or narrower)
    place: str = ""
    level: str = ""
    band: str = ""
    show: str = ""  # "", GAP or OVERLAP

    def keeps(self, cell: Cell) -> bool:
        return (
            (not self.need or cell.need.code == self.need)
            and (not self.place or cell.place == self.place)
            and (not self.level or cell.level == self.level)
            and (not self.band or cell.band.key == self.band)
            and (not self.show or cell.status == self.show)
        )


@dataclass
class GapMap:
    needs: list  # Need, in taxonomy order (each broad need followed by its narrower ones)
    cells: list  # every Cell, in order need, level, place, band
    searches_by_need_district: dict  # (need code or "", district) -> count found nothing
    searches_total: int

    def rows(self, filters: Filters) -> list[Cell]:
        return [cell for cell in self.cells if filters.keeps(cell)]

    def need_summary(self) -> list[dict]:
        """Per need: distinct services, gaps, possible overlaps, searches that found nothing."""
        summary = {
            need.code: {"need": need, "services": set(), "gaps": 0, "overlaps": 0}
            for need in self.needs
        }
        for cell in self.cells:
            entry = summary[cell.need.code]
            entry["services"].update(s.id for s in cell.services)
            entry["gaps"] += cell.status == GAP
            entry["overlaps"] += cell.status == OVERLAP
        searches = defaultdict(int)
        for (need_code, _district), count in self.searches_by_need_district.items():
            searches[need_code] += count
        return [
            {**entry, "services": len(entry["services"]), "searches": searches[code]}
            for code, entry in summary.items()
        ]


def place_summary(cells: list) -> list[dict]:
    """Per place, over the given cells: distinct services, gaps and possible overlaps."""
    summary = {
        place: {"place": place, "services": set(), "gaps": 0, "overlaps": 0} for place in PLACES
    }
    for cell in cells:
        entry = summary[cell.place]
        entry["services"].update(s.id for s in cell.services)
        entry["gaps"] += cell.status == GAP
        entry["overlaps"] += cell.status == OVERLAP
    return [{**entry, "services": len(entry["services"])} for entry in summary.values()]


# --- one set of values for the page and the CSV --------------------------------------------

COLUMNS = [
    "Need",
    "Level of need",
    "Place",
    "Age band",
    "Services",
    "Also Medway-wide",
    "Capacity (new families a week)",
    "Usual wait (weeks)",
    "Longest wait (weeks)",
    "Status",
    "Services here",
    "Found in",
    "Searches that found nothing",
]


def _number(value) -> str:
    return "" if value is None else str(value)


def _found_in(cell: Cell) -> str:
    if cell.status != GAP:
        return ""
    return "; ".join(cell.elsewhere) if cell.elsewhere else NOWHERE


def row_values(cell: Cell) -> list[str]:
    """The row as text, the same on the page and in the CSV."""
    capacity = cell.capacity_per_week
    if capacity is not None and len(cell.capacities) < cell.service_count:
        capacity_text = f"{capacity} ({len(cell.capacities)} of {cell.service_count} say)"
    else:
        capacity_text = _number(capacity)
    return [
        cell.need.name,
        str(LevelOfNeed(cell.level).label),
        cell.place,
        cell.band.label,
        str(cell.service_count),
        str(cell.medway_wide_count) if cell.is_town else "",
        capacity_text,
        _number(cell.usual_wait_weeks),
        _number(cell.longest_wait_weeks),
        STATUS_LABELS[cell.status],
        "; ".join(service.name for service in cell.services),
        _found_in(cell),
        str(cell.searches_found_nothing),
    ]
