"""The search service over the Medway demo directory, with the words parents actually use."""

import pytest
from django.http import QueryDict

from familyhub.directory import reference_data as ref
from familyhub.directory.models import Service
from familyhub.directory.search.needs import needs_index
from familyhub.directory.search.request import SearchInputError, build_search_request
from familyhub.directory.search.service import search_services
from tests import factories as f

pytestmark = pytest.mark.django_db


def search(**params):
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = str(value)
    return search_services(build_search_request(query))


def tagged_with_any(service, codes):
    index = needs_index()
    wanted = set()
    for code in codes:
        wanted |= index.descendants[ref.term_id(ref.NEEDS, code)]
    return bool(wanted & {t.taxonomy_term_id for t in service.service_terms.all()})


PARENTS_SEARCHES = [
    ("toddler tantrums", "ME4 4TR", 2, ["behaviour-toddlers", "behaviour", "parenting-courses"]),
    ("my baby won't sleep", "ME7 1AB", 0, ["sleep-babies", "sleep"]),
    (
        "I think my son might be autistic",
        "ME2 4AA",
        6,
        ["autism", "neurodiversity", "waiting-for-assessment"],
    ),
    ("feeling low since the baby", "ME5 9AA", 0, ["perinatal-mental-health"]),
    ("help with breastfeeding", "ME8 0AA", 0, ["breastfeeding"]),
]


@pytest.mark.parametrize(("words", "postcode", "age", "needs"), PARENTS_SEARCHES)
def test_parents_words_find_the_right_services(words, postcode, age, needs):
    results = search(text=words, postcode=postcode, age=age, radius=10)
    assert results.total > 0, f"nothing found for {words!r}"
    top = [hit.service for hit in results.hits[:3]]
    assert all(tagged_with_any(service, needs) for service in top), (
        f"{words!r}: top three were {[s.name for s in top]}"
    )
    for hit in results.hits:
        low, high = hit.service.minimum_age, hit.service.maximum_age
        assert (low is None or low <= age) and (high is None or high >= age)
        assert hit.distance_miles is None or hit.distance_miles <= 10.5


def test_results_are_ordered_by_relevance_then_distance():
    results = search(text="breastfeeding", postcode="ME4 4TR", radius=20, per_page=50)
    keys = [
        (-hit.relevance, hit.distance_miles if hit.distance_miles is not None else 1e9)
        for hit in results.hits
    ]
    relevances = [key[0] for key in keys]
    assert relevances == sorted(relevances)
    for (rel_a, dist_a), (rel_b, dist_b) in zip(keys, keys[1:], strict=False):
        if rel_a == rel_b:
            assert dist_a <= dist_b + 0.2  # shown distances are haversine, order is planar


def test_the_same_request_gives_the_same_order_every_time():
    first = [hit.service.id for hit in search(text="baby", per_page=100).hits]
    second = [hit.service.id for hit in search(text="baby", per_page=100).hits]
    assert first == second and len(first) > 5


def test_pages_cover_every_result_once():
    total = search(age=3).total
    seen = []
    page = 1
    while True:
        results = search(age=3, page=page, per_page=7)
        seen += [hit.service.id for hit in results.hits]
        if page >= results.total_pages:
            break
        page += 1
    assert len(seen) == len(set(seen)) == total


def test_age_filter_uses_overlap():
    teen = f.ServiceFactory(minimum_age=11, maximum_age=18, name="Teen drop in test")
    ids = {hit.service.id for hit in search(age=15, per_page=100, text="teen drop in test").hits}
    assert teen.id in ids
    ids = {hit.service.id for hit in search(age=4, per_page=100, text="teen drop in test").hits}
    assert teen.id not in ids


def test_radius_keeps_near_places_and_online_services():
    far_place = f.LocationFactory(latitude=53.48, longitude=-2.24, town="Manchester")
    far = f.ServiceAtLocationFactory(location=far_place, service__name="Zebra far group").service
    online = f.OnlineServiceFactory(name="Zebra online group")
    near = f.ServiceAtLocationFactory(service__name="Zebra near group").service
    ids = {hit.service.id for hit in search(text="zebra", postcode="ME4 4TR", radius=3).hits}
    assert near.id in ids and online.id in ids
    assert far.id not in ids
    assert far.id in {hit.service.id for hit in search(text="zebra").hits}


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"level": "specialist"}, lambda s: s.level_of_need == "specialist"),
        ({"access": "drop_in"}, lambda s: s.access_drop_in),
        ({"access": "self_referral,drop_in"}, lambda s: s.access_self_referral or s.access_drop_in),
        ({"delivery": "online"}, lambda s: s.delivered_online),
        ({"no_diagnosis": "true"}, lambda s: not s.needs_diagnosis),
        ({"free": "true"}, lambda s: not s.cost_options.filter(amount__gt=0).exists()),
        ({"language": "pl"}, lambda s: s.languages.filter(code="pl").exists()),
        ({"day": "TU"}, lambda s: s.schedules.filter(byday__contains="TU").exists()),
        ({"need": "sleep"}, lambda s: tagged_with_any(s, ["sleep"])),
    ],
)
def test_each_filter_keeps_only_what_it_says(params, check):
    results = search(per_page=100, **params)
    assert results.total > 0, f"the demo data has nothing for {params}"
    assert all(check(hit.service) for hit in results.hits)
    assert results.total < Service.objects.count()


def test_free_only_leaves_out_paid_services():
    paid = f.CostOptionFactory(service__name="Quokka paid class", amount=5).service
    assert paid.id not in {hit.service.id for hit in search(text="quokka", free="true").hits}
    assert paid.id in {hit.service.id for hit in search(text="quokka").hits}


def test_a_full_postcode_we_do_not_know_falls_back_to_its_district():
    results = search(postcode="ME4 9ZZ", radius=5)
    assert results.place.precision == "district"
    assert "ME4 9ZZ" in results.place.note
    assert results.total > 0


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"age": "99"}, "age", "from 0 to 25"),
        ({"age": "two"}, "age", "whole number"),
        ({"text": "x" * 5000}, "text", "200 characters or fewer"),
        ({"postcode": "XX1"}, "postcode", "not a UK postcode"),
        ({"radius": "5"}, "postcode", "Enter a postcode"),
        ({"postcode": "ME4 4TR", "radius": "-1"}, "radius", "Distance"),
        ({"level": "urgent"}, "level", "Unknown level of need"),
        ({"day": "XX"}, "day", "MO"),
        ({"page": "0"}, "page", "1 or more"),
        ({"per_page": "1000"}, "per_page", "from 1 to 100"),
    ],
)
def test_bad_input_is_a_clear_error(params, field, message):
    with pytest.raises(SearchInputError) as raised:
        build_search_request(params)
    assert message in raised.value.errors[field]


def test_an_unknown_postcode_is_a_clear_error():
    with pytest.raises(SearchInputError, match="could not find the postcode ZE2 9AA"):
        search(postcode="ZE2 9AA")


def test_an_unknown_need_is_a_clear_error():
    with pytest.raises(SearchInputError, match="Unknown need"):
        search(need="flying")


def test_services_with_no_fixed_place_count_where_they_cover():
    home_visits = f.ServiceFactory(name="Yak home visits")
    home_visits.service_areas.create(name="Medway", area_type="local_authority")
    nowhere = f.ServiceFactory(name="Yak visits elsewhere")
    nowhere.service_areas.create(name="Manchester", area_type="local_authority")
    ids = {hit.service.id for hit in search(text="yak", postcode="ME4 4TR", radius=3).hits}
    assert home_visits.id in ids
    assert nowhere.id not in ids
