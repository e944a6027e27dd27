"""The one search service. Every caller that finds services goes through `search_services`.

Order: relevance (needs matched, then words matched, then words in the name), then distance,
then name and id, so the same request always gives the same page on SQLite and PostgreSQL.
"""

import math
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import translation

from familyhub.directory.models import (
    CostOption,
    Language,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTerm,
)
from familyhub.directory.reference_data import needs_languages
from familyhub.directory.search.compiled_filters import compiled_where
from familyhub.directory.search.needs import needs_index
from familyhub.directory.search.page_rows import load_page
from familyhub.directory.search.ranking import ranking_statement
from familyhub.directory.search.request import SearchInputError, SearchRequest
from familyhub.directory.search.spelling import vocabulary
from familyhub.directory.search.text_match import (
    candidate_branches,
    candidate_services,
    has_word,
)
from familyhub.directory.search.words import ENGLISH, Understanding, understand
from familyhub.postcodes.districts import areas_of
from familyhub.postcodes.lookup import (
    PlaceFound,
    PostcodeLookupUnavailable,
    PostcodeNotFound,
    locate,
    miles_between,
)

MILES_PER_DEGREE_LATITUDE = 69.09
ACCESS_FIELDS = {
    "drop_in": "access_drop_in",
    "self_referral": "access_self_referral",
    "professional_referral": "access_professional_referral",
}
DELIVERY_FIELDS = {
    "in_person": "delivered_in_person",
    "online": "delivered_online",
    "phone": "delivered_by_phone",
}


@dataclass
class ServiceHit:
    service: Service
    relevance: int
    distance_miles: float | None


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list[ServiceHit]
    total: int
    place: PlaceFound | None
    understanding: Understanding | None
    matched_needs: list[str] = field(default_factory=list)

    @property
    def corrected_text(self) -> str:
        """The text with its misspellings corrected, when that is what found these services
        (never a correction that found nothing)."""
        if self.total and self.understanding and self.understanding.corrections:
            return self.understanding.corrected_text
        return ""

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.per_page))


def find_place(request: SearchRequest) -> PlaceFound | None:
    if not request.postcode:
        return None
    try:
        return locate(request.postcode)
    except PostcodeNotFound as error:
        raise SearchInputError({"postcode": str(error)}) from error
    except PostcodeLookupUnavailable as error:
        raise SearchInputError(
            {"postcode": "We cannot look up postcodes just now. Try again without a postcode."}
        ) from error


def page_language() -> str:
    """The language the words were typed in, as far as search knows: the page's (a language
    the needs file has words in, like "pl" or "ro"), else English."""
    language = (translation.get_language() or "").split("-")[0]
    return language if language in needs_languages() else ENGLISH


def _need_term_ids(request: SearchRequest) -> set:
    index = needs_index()
    wanted = set()
    for need in request.needs:
        term_id = index.by_code.get(need)
        if term_id is None:
            raise SearchInputError({"need": f"Unknown need “{need[:40]}”."})
        wanted |= index.descendants[term_id]
    return wanted


def _broader_where_none(need_terms: dict, index, statuses) -> dict:
    """A matched need no service is tagged with stands for its broader need too: "bullied" finds
    the services for children's feelings (friendship troubles, school worries) rather than
    nothing, while the directory has nothing for bullying itself. One query, asking only
    whether each need with a broader one has any service (it stops at the first), rather than
    listing every service tagged: "feeling low since the baby" has thousands at 200,000."""
    has_parent = [term_id for term_id in need_terms if index.parents.get(term_id)]
    if not has_parent:
        return need_terms
    alias = router.db_for_read(ServiceTerm)
    answers = any_tagged([need_terms[term_id] for term_id in has_parent], statuses, alias)
    tagged = dict(zip(has_parent, answers, strict=True))
    widened = {}
    for term_id, family in need_terms.items():
        widen = term_id in tagged and not tagged[term_id]
        widened[term_id] = family | index.descendants[index.parents[term_id]] if widen else family
    return widened


def any_tagged(families: list, statuses, alias: str) -> list[bool]:
    """For each set of terms, whether any service with one of the statuses is tagged with one."""
    if not statuses:
        return [False] * len(families)
    connection = connections[alias]
    field = ServiceTerm._meta.get_field("taxonomy_term")
    columns, params = [], []
    for family in families:
        ids = sorted(family, key=str)
        terms = ", ".join(["%s"] * len(ids))
        wanted = ", ".join(["%s"] * len(statuses))
        columns.append(
            "CASE WHEN EXISTS(SELECT 1 FROM directory_serviceterm st "
            "INNER JOIN directory_service s ON s.id = st.service_id "
            f"WHERE st.taxonomy_term_id IN ({terms}) AND s.status IN ({wanted})) THEN 1 ELSE 0 END"
        )
        params += [field.get_db_prep_value(term_id, connection) for term_id in ids]
        params += list(statuses)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        return [bool(value) for value in cursor.fetchone()]


def _tagged_with(term_ids) -> Exists:
    return Exists(ServiceTerm.objects.filter(service=OuterRef("pk"), taxonomy_term_id__in=term_ids))


def filtered_services(request: SearchRequest):
    """Every filter except text and place, as one queryset."""
    services = Service.objects.filter(status__in=request.statuses)
    if request.age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=request.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=request.age),
        )
    if request.ages_overlap is not None:
        youngest, oldest = request.ages_overlap
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=oldest),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=youngest),
        )
    if request.needs:
        services = services.filter(_tagged_with(_need_term_ids(request)))
    if request.taxonomy_term_ids:
        services = services.filter(_tagged_with(request.taxonomy_term_ids))
    if request.taxonomy_id:
        services = services.filter(
            Exists(
                ServiceTerm.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy_id=request.taxonomy_id
                )
            )
        )
    if request.organisation_id:
        services = services.filter(organisation_id=request.organisation_id)
    if request.levels:
        services = services.filter(level_of_need__in=request.levels)
    if request.access_routes:
        services = services.filter(_any_flag(ACCESS_FIELDS, request.access_routes))
    if request.delivery_modes:
        services = services.filter(_any_flag(DELIVERY_FIELDS, request.delivery_modes))
    if request.free_only:
        services = services.exclude(
            Exists(CostOption.objects.filter(service=OuterRef("pk"), amount__gt=0))
        )
    if request.no_diagnosis_needed:
        services = services.filter(needs_diagnosis=False)
    if request.language:
        services = services.filter(
            Exists(Language.objects.filter(service=OuterRef("pk"), code=request.language))
        )
    if request.day:
        services = services.filter(
            Exists(Schedule.objects.filter(service=OuterRef("pk"), byday__contains=request.day))
        )
    if request.modified_after:
        services = services.filter(last_modified__gte=request.modified_after)
    return services


def _any_flag(fields: dict, wanted: list[str]) -> Q:
    condition = Q()
    for value in wanted:
        condition |= Q(**{fields[value]: True})
    return condition


def _points(condition, points: int):
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _relevance(understanding: Understanding, need_terms: dict):
    """Needs matched weigh most; then each word found in the text, and again in the name."""
    parts = [
        _points(_tagged_with(need_terms[term_id]), weight)
        for term_id, (weight, _phrase, _name) in understanding.needs.items()
    ]
    for word in understanding.content_words:
        parts.append(_points(has_word(word), 2))
        parts.append(_points(has_word(word, in_name_only=True), 1))
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _bounding_box(place: PlaceFound, radius_miles: float) -> dict:
    lat_span = radius_miles / MILES_PER_DEGREE_LATITUDE
    lon_span = lat_span / math.cos(math.radians(place.latitude))
    return {
        "location__latitude__range": (place.latitude - lat_span, place.latitude + lat_span),
        "location__longitude__range": (place.longitude - lon_span, place.longitude + lon_span),
    }


def _nearest_distance_squared(place: PlaceFound, box: dict):
    """Squared distance (in degrees of latitude) to the service's nearest place in the box.

    An equirectangular approximation: plain arithmetic, so it runs in both databases; shown
    distances are haversine (see _distance)."""
    cos_lat = math.cos(math.radians(place.latitude))
    dy = F("location__latitude") - place.latitude
    dx = (F("location__longitude") - place.longitude) * cos_lat
    return Subquery(
        ServiceAtLocation.objects.filter(service=OuterRef("pk"), **box)
        .annotate(distance_squared=dy * dy + dx * dx)
        .order_by("distance_squared")
        .values("distance_squared")[:1]
    )


@dataclass
class _Understood:
    """What a request's place and words come to, before any services are read."""

    place: PlaceFound | None
    understanding: Understanding | None
    need_terms: dict
    nothing_to_find: bool = False  # words, but none search can use


def _understood(request: SearchRequest) -> _Understood:
    place = find_place(request)
    if not request.text:
        return _Understood(place, None, {})
    index = needs_index()
    understanding = understand(
        request.text, index.phrases, language=page_language(), speller=vocabulary()
    )
    if understanding.is_empty:
        return _Understood(place, understanding, {}, nothing_to_find=True)
    # Each matched need stands for itself and its narrower terms.
    need_terms = {
        term_id: index.descendants.get(term_id, {term_id}) for term_id in understanding.needs
    }
    need_terms = _broader_where_none(need_terms, index, request.statuses)
    return _Understood(place, understanding, need_terms)


def _candidates(understood: _Understood):
    """The services the indexes say can score at all (for a search without a place)."""
    term_ids = sorted(set().union(*understood.need_terms.values()), key=str)
    return candidate_services(understood.understanding.content_words, term_ids)


def _candidate_branches(understood: _Understood):
    term_ids = sorted(set().union(*understood.need_terms.values()), key=str)
    return candidate_branches(understood.understanding.content_words, term_ids)


@dataclass
class _Match:
    services: object
    ordering: list
    place: PlaceFound | None
    understanding: Understanding | None


def _match(request: SearchRequest) -> _Match:
    understood = _understood(request)
    place, understanding = understood.place, understood.understanding
    services = filtered_services(request)
    ordering = []

    if place:
        # First, so the database starts from the (indexed) places near the postcode: services
        # with a place in the bounding box; services not delivered in person (online, phone);
        # and services with no fixed place (home visits, schools) that cover the area.
        radius_squared = (request.radius_miles / MILES_PER_DEGREE_LATITUDE) ** 2
        box = _bounding_box(place, request.radius_miles)
        nearby = ServiceAtLocation.objects.filter(**box).order_by().values("service_id")
        remote = Service.objects.filter(delivered_in_person=False).order_by().values("pk")
        covering = (
            ServiceArea.objects.filter(name__in=areas_of(place))
            .exclude(Exists(ServiceAtLocation.objects.filter(service=OuterRef("service_id"))))
            .order_by()
            .values("service_id")
        )
        services = (
            services.filter(pk__in=nearby.union(remote, covering))
            .annotate(distance_squared=_nearest_distance_squared(place, box))
            .filter(Q(distance_squared__lte=radius_squared) | Q(distance_squared__isnull=True))
        )

    if understanding is not None:
        if understood.nothing_to_find:
            return _Match(services.none(), ["name", "id"], place, understanding)
        services = services.annotate(relevance=_relevance(understanding, understood.need_terms))
        if place:
            # The places near the postcode bound the work already.
            services = services.filter(relevance__gt=0)
        else:
            # The whole directory: start from the services the indexes say can score.
            services = services.filter(pk__in=_candidates(understood))
        ordering.append(F("relevance").desc())

    if place:
        ordering.append(F("distance_squared").asc(nulls_last=True))
    return _Match(services, [*ordering, "name", "id"], place, understanding)


def matching_services(request: SearchRequest):
    """Every service the request matches, best first (no paging)."""
    match = _match(request)
    return match.services.order_by(*match.ordering)


def search_services(request: SearchRequest) -> SearchResults:
    """One page of the services the request matches, with distances and what was understood.

    Two steps: the matches are ranked and counted by one statement written as SQL (see
    ranking.py: the same order as `matching_services`, narrow rows, the total with the
    page), then the page's services are loaded in full."""
    understood = _understood(request)
    alias = router.db_for_read(Service)
    # Checks the needs asked for, before anything is read.
    where = compiled_where(request, alias, filtered_services)
    place, understanding = understood.place, understood.understanding
    matched = [name for _w, _p, name in (understanding.needs.values() if understanding else [])]
    if understood.nothing_to_find:
        return SearchResults(request, [], 0, place, understanding, matched)
    statement = ranking_statement(
        where,
        alias,
        place=place,
        radius_miles=request.radius_miles,
        areas=areas_of(place) if place else (),
        understanding=understanding,
        need_terms=understood.need_terms,
        candidates=_candidate_branches(understood) if understanding and not place else (),
    )
    start = (request.page - 1) * request.per_page
    with connections[alias].cursor() as cursor:
        cursor.execute(*statement.page(request.per_page, start))
        ranked = cursor.fetchall()
        # The total comes with the page. An empty first page means none at all; past the
        # last page, count separately.
        if ranked:
            total = ranked[0][3]
        elif start:
            cursor.execute(*statement.count())
            total = cursor.fetchone()[0]
        else:
            total = 0
    by_id = load_page([key for key, _relevance, _distance_squared, _total in ranked], alias)
    to_id = Service._meta.pk.to_python
    ranked = [(to_id(key), relevance) for key, relevance, _distance_squared, _total in ranked]
    hits = [
        ServiceHit(by_id[pk], relevance, _distance(by_id[pk], place))
        for pk, relevance in ranked
        if pk in by_id  # not deleted between the two steps
    ]
    return SearchResults(request, hits, total, place, understanding, matched)


def _distance(service: Service, place: PlaceFound | None) -> float | None:
    if place is None:
        return None
    distances = [
        miles_between(
            place.latitude, place.longitude, sal.location.latitude, sal.location.longitude
        )
        for sal in service.service_at_locations.all()
        if sal.location.latitude is not None and sal.location.longitude is not None
    ]
    return round(min(distances), 1) if distances else None
