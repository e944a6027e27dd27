"""The map's rules, proved on the Medway demo directory (familyhub/directory/demo_data/).

Each named gap and overlap was checked by hand against services.json and locations.json:
the service's level, needs (and their top-level need), ages, delivery modes and the towns of
its places.
"""

from datetime import date

import pytest

from familyhub.directory.models import Service, ServiceArea
from familyhub.finder.models import SearchRecord
from familyhub.gaps import building, mapping
from familyhub.gaps.building import build_map, places_of
from familyhub.gaps.mapping import GAP, MEDWAY_WIDE, OVERLAP, Filters
from familyhub.referrals.waiting import expected_wait, expected_waits
from tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory, need

pytestmark = pytest.mark.django_db


def cell(gap_map, need_code, level, place, band):
    (found,) = gap_map.rows(Filters(need=need_code, level=level, place=place, band=band))
    return found


def names(found):
    return [service.name for service in found.services]


@pytest.fixture
def gap_map():
    return build_map()


TOP_NEEDS, ALL_NEEDS = 20, 55  # needs in directory/data/needs_taxonomy.json: broad, and all


def test_every_need_level_place_and_age_band_has_one_row(gap_map):
    assert len(gap_map.needs) == ALL_NEEDS
    assert len([n for n in gap_map.needs if not n.is_narrower]) == TOP_NEEDS
    # each broad need is followed by its narrower ones
    codes = [n.code for n in gap_map.needs]
    assert codes[codes.index("behaviour") + 1 : codes.index("behaviour") + 5] == [
        "behaviour-toddlers",
        "behaviour-school-age",
        "parenting-courses",
        "school-attendance",
    ]
    assert len(gap_map.cells) == ALL_NEEDS * 4 * 7 * 5
    keys = {(c.need.code, c.level, c.place, c.band.key) for c in gap_map.cells}
    assert len(keys) == len(gap_map.cells)


def test_gap_targeted_feeding_for_babies_in_chatham_only_the_rochester_specialist_clinic(gap_map):
    # The only targeted feeding service is the Specialist feeding clinic: in person, at one place
    # in Rochester, ages 0 to 1. Nothing targeted for feeding is Medway-wide.
    chatham = cell(gap_map, "feeding", "targeted", "Chatham", "0-1")
    assert chatham.status == GAP
    assert chatham.service_count == 0 and chatham.medway_wide_count == 0
    assert chatham.elsewhere == ["Rochester"]
    assert mapping.row_values(chatham)[11] == "Rochester"
    rochester = cell(gap_map, "feeding", "targeted", "Rochester", "0-1")
    assert names(rochester) == ["Specialist feeding clinic"]
    assert rochester.status == ""
    for town in ["Gillingham", "Strood", "Rainham", "Hoo Peninsula"]:
        assert cell(gap_map, "feeding", "targeted", town, "0-1").status == GAP


def test_gap_no_universal_domestic_abuse_service_anywhere_in_medway(gap_map):
    # Every domestic abuse service in the demo is targeted or specialist.
    rows = gap_map.rows(Filters(need="domestic-abuse", level="universal"))
    town_rows = [row for row in rows if row.place != MEDWAY_WIDE]
    assert len(town_rows) == 6 * 5
    assert all(row.status == GAP for row in town_rows)
    assert {mapping.row_values(row)[11] for row in town_rows} == {mapping.NOWHERE}


def test_gap_specialist_health_in_hoo_peninsula_only_occupational_therapy_in_rochester(gap_map):
    hoo = cell(gap_map, "health", "specialist", "Hoo Peninsula", "5-11")
    assert hoo.status == GAP
    assert hoo.elsewhere == ["Rochester"]
    assert names(cell(gap_map, "health", "specialist", "Rochester", "5-11")) == [
        "Children's occupational therapy"
    ]


def test_overlap_targeted_behaviour_for_2_to_4_in_gillingham_three_parenting_programmes(gap_map):
    # Incredible Years (3-6, places in Chatham, Gillingham, Strood), Triple P group (2-12,
    # Gillingham, Rochester, Hoo) and Early Help family support (0-18, Chatham, Gillingham,
    # Strood, Rainham) all run in Gillingham for parents of 2 to 4 year olds.
    gillingham = cell(gap_map, "behaviour", "targeted", "Gillingham", "2-4")
    assert gillingham.status == OVERLAP
    assert names(gillingham) == [
        "Early Help family support",
        "Incredible Years group for parents of children aged 3 to 6",
        "Triple P positive parenting group (ages 2 to 12)",
    ]
    # Capacity: 6 + 4 + 5 new families a week, all three say.
    assert gillingham.capacity_per_week == 15
    # Rochester has only the Triple P group: not an overlap, not a gap.
    assert cell(gap_map, "behaviour", "targeted", "Rochester", "2-4").status == ""


def test_overlap_universal_groups_for_babies_in_chatham_lists_the_stay_and_plays(gap_map):
    chatham = cell(gap_map, "groups-peer-support", "universal", "Chatham", "0-1")
    assert chatham.status == OVERLAP
    assert chatham.service_count >= 10
    # Three stay and plays in Chatham's wards (Chatham Central, Luton, Wayfield), all 0 to 4.
    for name in ["Stay and play – Chatham", "Stay and play – Luton", "Stay and play – Wayfield"]:
        assert name in names(chatham)
    # Rainham has its own stay and play but Chatham's are not counted there.
    assert "Stay and play – Chatham" not in names(
        cell(gap_map, "groups-peer-support", "universal", "Rainham", "0-1")
    )


def test_temporarily_closed_rainham_breastfeeding_cafe_is_not_counted(gap_map):
    closed = Service.objects.get(name="Rainham breastfeeding café")
    assert closed.status == "temporarily closed"
    rainham = cell(gap_map, "feeding", "universal", "Rainham", "0-1")
    assert "Rainham breastfeeding café" not in names(rainham)
    assert names(rainham) == ["Healthy family food and play sessions"]


def test_phone_line_with_no_place_counts_as_medway_wide_not_in_a_town(gap_map):
    wide = cell(gap_map, "feeding", "universal", MEDWAY_WIDE, "0-1")
    assert "Breastfeeding support line" in names(wide)
    rainham = cell(gap_map, "feeding", "universal", "Rainham", "0-1")
    assert "Breastfeeding support line" not in names(rainham)
    assert rainham.medway_wide_count == wide.service_count


def test_age_band_is_touched_by_the_service_age_range(gap_map):
    # The Incredible Years toddler group is for ages 1 to 3: bands 0-1 and 2-4, not 5-11.
    toddler = "Incredible Years toddler group (ages 1 to 3)"
    assert toddler in names(cell(gap_map, "behaviour", "targeted", "Rainham", "0-1"))
    assert toddler in names(cell(gap_map, "behaviour", "targeted", "Rainham", "2-4"))
    assert toddler not in names(cell(gap_map, "behaviour", "targeted", "Rainham", "5-11"))


@pytest.mark.parametrize(
    "location_towns, area_towns, covers_medway, remote, expected",
    [
        ({"Chatham"}, {"Chatham"}, False, False, {"Chatham"}),
        ({"Chatham"}, set(), True, False, {"Chatham"}),  # in person only: where it is
        ({"Chatham"}, set(), True, True, {"Chatham", MEDWAY_WIDE}),  # and by phone to all
        (set(), {"Strood", "Hoo Peninsula"}, False, False, {"Strood", "Hoo Peninsula"}),
        (set(), set(), True, True, {MEDWAY_WIDE}),
        ({"Maidstone"}, set(), False, False, set()),  # outside Medway: not on the map
    ],
)
def test_where_a_service_counts(location_towns, area_towns, covers_medway, remote, expected):
    assert (
        places_of(
            location_towns=location_towns,
            area_towns=area_towns,
            covers_medway=covers_medway,
            remote=remote,
        )
        == expected
    )


def test_a_new_service_in_rainham_fills_the_targeted_feeding_gap():
    service = ServiceFactory(
        name="Rainham feeding clinic", level_of_need="targeted", minimum_age=0, maximum_age=1
    )
    service.service_terms.create(taxonomy_term=need("feeding"))
    ServiceAtLocationFactory(service=service, location=LocationFactory(town="Rainham"))
    ServiceArea.objects.create(service=service, name="Rainham", area_type="town")
    gap_map = build_map()
    rainham = cell(gap_map, "feeding", "targeted", "Rainham", "0-1")
    assert rainham.status == ""
    assert names(rainham) == ["Rainham feeding clinic"]
    assert "Rainham" in cell(gap_map, "feeding", "targeted", "Chatham", "0-1").elsewhere


def test_searches_that_found_nothing_are_counted_by_need_town_age_and_level():
    today = date.today()
    SearchRecord.objects.create(  # chosen need, ME4 is Chatham, age 3, no level
        searched_on=today,
        postcode_district="ME4",
        filters={"needs": ["domestic-abuse"], "age": 3},
        result_count=0,
    )
    SearchRecord.objects.create(  # recognised from the words; ME8 is Rainham; targeted only
        searched_on=today,
        text="help with tantrums",
        postcode_district="ME8",
        filters={"levels": ["targeted"]},
        result_count=0,
    )
    SearchRecord.objects.create(  # found two: not "found nothing"
        searched_on=today,
        postcode_district="ME4",
        filters={"needs": ["domestic-abuse"], "age": 3},
        result_count=2,
    )
    SearchRecord.objects.create(  # too old
        searched_on=date(2020, 1, 1),
        postcode_district="ME4",
        filters={"needs": ["domestic-abuse"], "age": 3},
        result_count=0,
    )
    gap_map = build_map()
    assert gap_map.searches_total == 2
    for level in ["universal", "targeted", "specialist", "statutory"]:
        assert cell(gap_map, "domestic-abuse", level, "Chatham", "2-4").searches_found_nothing == 1
    assert (
        cell(gap_map, "domestic-abuse", "universal", "Chatham", "0-1").searches_found_nothing == 0
    )
    assert (
        cell(gap_map, "domestic-abuse", "universal", "Rainham", "2-4").searches_found_nothing == 0
    )
    assert cell(gap_map, "behaviour", "targeted", "Rainham", "2-4").searches_found_nothing == 1
    assert cell(gap_map, "behaviour", "universal", "Rainham", "2-4").searches_found_nothing == 0
    # "tantrums" is the narrower need "Tantrums and toddler behaviour": it counts there and
    # under its broad need
    assert cell(gap_map, "behaviour-toddlers", "targeted", "Rainham", "2-4").searches_found_nothing
    assert gap_map.searches_by_need_district == {
        ("domestic-abuse", "ME4"): 1,
        ("behaviour", "ME8"): 1,
        ("behaviour-toddlers", "ME8"): 1,
    }
    summary = {entry["need"].code: entry for entry in gap_map.need_summary()}
    assert summary["domestic-abuse"]["searches"] == 1


def test_a_search_with_no_recognised_need_or_district_is_kept_apart():
    SearchRecord.objects.create(
        searched_on=date.today(), text="zzqx", postcode_district="", result_count=0
    )
    gap_map = build_map()
    assert gap_map.searches_by_need_district == {("", ""): 1}
    assert sum(c.searches_found_nothing for c in gap_map.cells) == 0


def test_bulk_wait_estimates_agree_with_the_one_service_estimate():
    services = list(Service.objects.all())
    bulk = expected_waits(services)
    assert any(s.capacity_per_week for s in services)
    for service in services:
        assert bulk[service.id] == expected_wait(service), service.name


def test_usual_and_longest_wait_are_the_middle_and_the_top_of_the_services_waits(gap_map):
    # Specialist behaviour, Medway-wide, 5-11: stated or capacity-based waits of its services.
    found = cell(gap_map, "behaviour", "specialist", MEDWAY_WIDE, "5-11")
    waits = sorted(expected_wait(Service.objects.get(id=s.id)).weeks for s in found.services)
    assert found.usual_wait_weeks == waits[len(waits) // 2]
    assert found.longest_wait_weeks == waits[-1]
    assert found.longest_wait_weeks > found.usual_wait_weeks or len(set(waits)) == 1


def test_ward_presence_lists_wards_with_a_place_for_the_need():
    wards = {(w["town"], w["ward"]): w["services"] for w in building.ward_presence("feeding")}
    # The Specialist feeding clinic's place is in Rochester.
    assert any(town == "Rochester" for town, _ward in wards)
    assert all(count >= 1 for count in wards.values())


def test_demo_searches_put_a_search_that_found_nothing_beside_the_young_carers_gap_in_hoo():
    from familyhub.gaps.demo import load_demo_searches

    counts = load_demo_searches()
    assert counts["found_nothing"] >= 2
    gap_map = build_map()
    # "Young carers" near ME3 9AA (Hoo Peninsula) for a 10-year-old, within a mile: nothing.
    # No young carers service anywhere is universal, so the row is a gap too.
    hoo = cell(gap_map, "young-carers", "universal", "Hoo Peninsula", "5-11")
    assert hoo.status == GAP
    assert hoo.searches_found_nothing == 1
    assert gap_map.searches_by_need_district[("young-carers", "ME3")] == 1


def test_a_service_outside_medway_is_not_on_the_map():
    service = ServiceFactory(name="Maidstone toddler group", maximum_age=4)
    service.service_terms.create(taxonomy_term=need("sleep"))
    ServiceAtLocationFactory(service=service, location=LocationFactory(town="Maidstone"))
    ServiceArea.objects.create(service=service, name="Maidstone", area_type="town")
    assert not any(
        "Maidstone toddler group" in names(c) for c in build_map().rows(Filters(need="sleep"))
    )


# --- narrower needs and the levels a partnership would plausibly offer ---------------------


def test_a_narrower_need_with_no_service_is_a_gap_everywhere_it_is_expected(gap_map):
    # No demo service is tagged "Missing school or not wanting to go" (under "Behaviour and
    # routines"), which is expected at targeted, specialist and statutory levels.
    rows = gap_map.rows(Filters(need="school-attendance", place="Chatham", band="5-11"))
    status = {row.level: row.status for row in rows}
    assert status == {
        "universal": mapping.NOT_EXPECTED,
        "targeted": GAP,
        "specialist": GAP,
        "statutory": GAP,
    }
    targeted = cell(gap_map, "school-attendance", "targeted", "Chatham", "5-11")
    assert mapping.row_values(targeted)[11] == mapping.NOWHERE
    # Its broad need has targeted services for 5 to 11 year olds in Chatham: not a gap there.
    assert cell(gap_map, "behaviour", "targeted", "Chatham", "5-11").status != GAP
    summary = {entry["need"].code: entry for entry in gap_map.need_summary()}
    assert summary["school-attendance"]["services"] == 0
    assert summary["school-attendance"]["gaps"] == 3 * 6 * 5  # 3 levels, 6 towns, 5 bands


def test_an_implausible_combination_is_not_counted_as_a_gap(gap_map):
    # Nobody offers statutory help with feeding a baby: expected only universal and targeted.
    assert mapping.expected_levels(_need(gap_map, "feeding")) == ["universal", "targeted"]
    statutory = cell(gap_map, "feeding", "statutory", "Chatham", "0-1")
    assert statutory.services == [] and statutory.medway_wide_count == 0
    assert statutory.status == mapping.NOT_EXPECTED
    assert mapping.row_values(statutory)[9] == "Not expected at this level"
    feeding = [c for c in gap_map.cells if c.need.code == "feeding"]
    assert all(c.level in ("universal", "targeted") for c in feeding if c.status == GAP)
    summary = {entry["need"].code: entry for entry in gap_map.need_summary()}
    assert summary["feeding"]["gaps"] == sum(c.status == GAP for c in feeding)
    # A narrower need not listed has its broad need's levels.
    assert mapping.expected_levels(_need(gap_map, "breastfeeding")) == ["universal", "targeted"]


def test_a_service_at_an_unexpected_level_still_counts():
    service = ServiceFactory(name="Statutory feeding panel", level_of_need="statutory")
    service.service_terms.create(taxonomy_term=need("breastfeeding"))
    ServiceAtLocationFactory(service=service, location=LocationFactory(town="Strood"))
    gap_map = build_map()
    for code in ("breastfeeding", "feeding"):  # the narrower need and its broad need
        strood = cell(gap_map, code, "statutory", "Strood", "5-11")
        assert names(strood) == ["Statutory feeding panel"] and strood.status == ""


def test_a_service_tagged_only_with_a_broad_need_does_not_count_under_a_narrower_one(gap_map):
    tagged = {
        t.taxonomy_term.code
        for t in Service.objects.get(
            name="Triple P positive parenting group (ages 2 to 12)"
        ).service_terms.all()
    }
    triple_p = "Triple P positive parenting group (ages 2 to 12)"
    broad = names(cell(gap_map, "behaviour", "targeted", "Gillingham", "2-4"))
    assert triple_p in broad
    for narrower in ("behaviour-toddlers", "behaviour-school-age", "parenting-courses"):
        counted = triple_p in names(cell(gap_map, narrower, "targeted", "Gillingham", "2-4"))
        assert counted == (narrower in tagged), narrower


def test_the_plausible_levels_data_names_real_needs_and_levels(gap_map):
    data = mapping.plausible_levels()
    codes = {n.code for n in gap_map.needs}
    assert set(data) <= codes
    assert all(not n.is_narrower and n.code in data for n in gap_map.needs if not n.parent)
    for code, entry in data.items():
        assert entry["levels"] and set(entry["levels"]) <= {str(level) for level in mapping.LEVELS}
        assert entry["why"], code
    statutory = {code for code, entry in data.items() if "statutory" in entry["levels"]}
    assert "domestic-abuse" in statutory and "feeding" not in statutory


def _need(gap_map, code):
    return next(n for n in gap_map.needs if n.code == code)
