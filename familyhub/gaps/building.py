"""Reading the directory and the finder's searches that found nothing, and building the map of
services from them by the rules in mapping.py (a fixed number of queries, whatever the size of
the directory)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from familyhub.directory.choices import MEDWAY_TOWNS, AreaType, ServiceStatus
from familyhub.directory.models import (
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTerm,
    TaxonomyTerm,
)
from familyhub.directory.models.services import MAX_CHILD_AGE
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search.needs import needs_index
from familyhub.directory.search.words import understand
from familyhub.finder.models import SearchRecord
from familyhub.gaps.mapping import (
    AGE_BANDS,
    DISTRICT_TOWNS,
    GAP,
    LEVELS,
    MEDWAY_AREA_NAME,
    MEDWAY_WIDE,
    PLACES,
    SEARCH_LOOK_BACK_DAYS,
    Cell,
    GapMap,
    Need,
    ServiceFacts,
    expected_levels,
)
from familyhub.referrals.waiting import expected_waits

# --- reading the directory ---------------------------------------------------------------


def _needs() -> tuple[list[Need], dict]:
    """Every need in taxonomy order (each broad need followed by its narrower ones), and every
    needs term id → the codes it counts under (its own and those of the broader needs above)."""
    terms = list(
        TaxonomyTerm.objects.filter(taxonomy__key=NEEDS)
        .order_by("position", "name", "id")
        .values("id", "code", "name", "parent_id")
    )
    parents = {term["id"]: term["parent_id"] for term in terms}
    codes = {term["id"]: term["code"] for term in terms}
    children = defaultdict(list)
    for term in terms:
        children[term["parent_id"]].append(term)

    def counted_under(term_id):
        found, seen = [], set()
        while term_id in codes and term_id not in seen:
            seen.add(term_id)
            found.append(codes[term_id])
            term_id = parents[term_id]
        return frozenset(found)

    needs, seen = [], set()

    def add(term, parent_code):
        if term["id"] in seen:
            return
        seen.add(term["id"])
        needs.append(Need(term["id"], term["code"], term["name"], parent_code))
        for child in children.get(term["id"], []):
            add(child, term["code"])

    for term in children.get(None, []):
        add(term, "")
    return needs, {term_id: counted_under(term_id) for term_id in codes}


def places_of(*, location_towns, area_towns, covers_medway, remote) -> set:
    """Where a service counts (the rule in the module docstring)."""
    places = {town for town in location_towns if town in MEDWAY_TOWNS}
    if not location_towns:
        if covers_medway:
            places.add(MEDWAY_WIDE)
        else:
            places |= {town for town in area_towns if town in MEDWAY_TOWNS}
    elif remote and covers_medway:
        places.add(MEDWAY_WIDE)
    return places


def medway_services():
    """Active services with a place in a Medway town or a service area in Medway: the map
    reads only these, so a national directory does not slow it down."""
    places = ServiceAtLocation.objects.filter(
        service=OuterRef("pk"), location__town__in=MEDWAY_TOWNS
    )
    areas = ServiceArea.objects.filter(
        service=OuterRef("pk"), name__in=[*MEDWAY_TOWNS, MEDWAY_AREA_NAME]
    )
    return Service.objects.filter(Exists(places) | Exists(areas), status=ServiceStatus.ACTIVE)


def read_services(counted_under: dict) -> list[ServiceFacts]:

    mapped = medway_services()
    rows = list(
        mapped.values(
            "id",
            "name",
            "level_of_need",
            "minimum_age",
            "maximum_age",
            "capacity_per_week",
            "typical_wait_weeks",
            "delivered_online",
            "delivered_by_phone",
        )
    )
    active = {"service__in": mapped.values("id")}
    needs = defaultdict(set)
    for service_id, term_id in ServiceTerm.objects.filter(
        **active, taxonomy_term__taxonomy__key=NEEDS
    ).values_list("service_id", "taxonomy_term_id"):
        needs[service_id] |= counted_under[term_id]
    location_towns = defaultdict(set)
    for service_id, town in ServiceAtLocation.objects.filter(**active).values_list(
        "service_id", "location__town"
    ):
        location_towns[service_id].add(town)
    area_towns = defaultdict(set)
    medway_areas = set()
    for service_id, name, area_type in ServiceArea.objects.filter(**active).values_list(
        "service_id", "name", "area_type"
    ):
        if area_type == AreaType.TOWN:
            area_towns[service_id].add(name)
        elif area_type == AreaType.LOCAL_AUTHORITY and name == MEDWAY_AREA_NAME:
            medway_areas.add(service_id)
    waits = expected_waits(rows)

    services = []
    for row in rows:
        service_id = row["id"]
        covers_medway = service_id in medway_areas or set(MEDWAY_TOWNS) <= area_towns[service_id]
        facts = ServiceFacts(
            id=service_id,
            name=row["name"],
            level=row["level_of_need"],
            youngest=row["minimum_age"] if row["minimum_age"] is not None else 0,
            oldest=row["maximum_age"] if row["maximum_age"] is not None else MAX_CHILD_AGE,
            capacity_per_week=row["capacity_per_week"],
            wait_weeks=waits[service_id].weeks,
            needs=needs[service_id],
            places=places_of(
                location_towns=location_towns[service_id],
                area_towns=area_towns[service_id],
                covers_medway=covers_medway,
                remote=row["delivered_online"] or row["delivered_by_phone"],
            ),
        )
        if facts.needs and facts.places:
            services.append(facts)
    services.sort(key=lambda s: (s.name.casefold(), str(s.id)))
    return services


# --- the searches that found nothing -------------------------------------------------------


@dataclass(frozen=True)
class UnmetSearch:
    needs: frozenset  # need codes (and the broader needs above); empty: not recognised
    place: str  # a town or MEDWAY_WIDE
    district: str
    age: int | None
    levels: frozenset


def read_unmet_searches(counted_under: dict) -> list[UnmetSearch]:

    since = timezone.localdate() - timedelta(days=SEARCH_LOOK_BACK_DAYS)
    records = SearchRecord.objects.filter(result_count=0, searched_on__gte=since).values_list(
        "text", "postcode_district", "filters"
    )
    index = needs_index()
    searches = []
    for text, district, filters in records:
        filters = filters if isinstance(filters, dict) else {}
        needs = set()
        for chosen in filters.get("needs") or []:
            term_id = index.by_code.get(chosen) or _as_term_id(chosen, counted_under)
            if term_id in counted_under:
                needs |= counted_under[term_id]
        if not needs and text:
            for term_id in understand(text, index.phrases).needs:
                needs |= counted_under.get(term_id, frozenset())
        age = filters.get("age")
        district = (district or "").upper()
        searches.append(
            UnmetSearch(
                needs=frozenset(needs),
                place=DISTRICT_TOWNS.get(district, MEDWAY_WIDE),
                district=district,
                age=age if isinstance(age, int) else None,
                levels=frozenset(filters.get("levels") or []),
            )
        )
    return searches


def _as_term_id(value, counted_under):
    for term_id in counted_under:
        if str(term_id) == str(value):
            return term_id
    return None


# --- building the map ----------------------------------------------------------------------


def build_map() -> GapMap:
    needs, counted_under = _needs()
    services = read_services(counted_under)
    searches = read_unmet_searches(counted_under)

    grid = defaultdict(list)  # (need code, level, place, band key) -> [ServiceFacts]
    for service in services:
        bands = [band for band in AGE_BANDS if band.touches(service.youngest, service.oldest)]
        for need_code in service.needs:
            for place in service.places:
                for band in bands:
                    grid[(need_code, service.level, place, band.key)].append(service)

    unmet = defaultdict(int)  # (need code, level, place, band key) -> count
    by_need_district = defaultdict(int)
    for search in searches:
        for need_code in search.needs or {""}:
            by_need_district[(need_code, search.district)] += 1
        levels = search.levels or set(LEVELS)
        bands = [
            band for band in AGE_BANDS if search.age is None or band.touches(search.age, search.age)
        ]
        for need_code in search.needs:
            for level in levels:
                for band in bands:
                    unmet[(need_code, level, search.place, band.key)] += 1

    cells = []
    for need in needs:
        expected = set(expected_levels(need))
        for level in LEVELS:
            for band in AGE_BANDS:
                wide = grid.get((need.code, level, MEDWAY_WIDE, band.key), [])
                with_one = [
                    town for town in MEDWAY_TOWNS if grid.get((need.code, level, town, band.key))
                ]
                for place in PLACES:
                    key = (need.code, level, place, band.key)
                    here = grid.get(key, [])
                    cell = Cell(
                        need=need,
                        level=level,
                        place=place,
                        band=band,
                        services=here,
                        medway_wide_count=len(wide) if place != MEDWAY_WIDE else 0,
                        searches_found_nothing=unmet.get(key, 0),
                        expected=level in expected,
                    )
                    if cell.status == GAP:
                        cell.elsewhere = [town for town in with_one if town != place]
                    cells.append(cell)
    order = {
        "need": {need.code: n for n, need in enumerate(needs)},
        "level": {level: n for n, level in enumerate(LEVELS)},
        "place": {place: n for n, place in enumerate(PLACES)},
        "band": {band.key: n for n, band in enumerate(AGE_BANDS)},
    }
    cells.sort(
        key=lambda c: (
            order["need"][c.need.code],
            order["level"][c.level],
            order["place"][c.place],
            order["band"][c.band.key],
        )
    )
    return GapMap(
        needs=needs,
        cells=cells,
        searches_by_need_district=dict(by_need_district),
        searches_total=len(searches),
    )


def ward_presence(need_code: str = "") -> list[dict]:
    """Where services have a place, by town and ward (for a need if given): never gaps."""
    _needs_list, counted_under = _needs()
    links = ServiceAtLocation.objects.filter(service__status=ServiceStatus.ACTIVE).values_list(
        "service_id", "location__town", "location__ward"
    )
    service_needs = defaultdict(set)
    for service_id, term_id in ServiceTerm.objects.filter(
        taxonomy_term__taxonomy__key=NEEDS
    ).values_list("service_id", "taxonomy_term_id"):
        service_needs[service_id] |= counted_under[term_id]
    wards = defaultdict(set)
    for service_id, town, ward in links:
        if ward and (not need_code or need_code in service_needs[service_id]):
            wards[(town, ward)].add(service_id)
    return [
        {"town": town, "ward": ward, "services": len(ids)}
        for (town, ward), ids in sorted(wards.items())
    ]
