"""The Open Referral UK 3.0 API. Thin: parameters are checked by the search request builder,
records come from the search service or plain querysets, and are shaped in serializers.py."""

import uuid

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from rest_framework.response import Response
from rest_framework.views import APIView

from familyhub.directory.choices import ORUK_STATUSES
from familyhub.directory.models import (
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceTerm,
    Taxonomy,
    TaxonomyTerm,
)
from familyhub.directory.oruk import serializers as s
from familyhub.directory.oruk.hosts import API_HOST_URLCONF
from familyhub.directory.oruk.openapi import openapi_document
from familyhub.directory.oruk.paging import page_of, paginate
from familyhub.directory.search import cached
from familyhub.directory.search.request import (
    SearchInputError,
    boolean_param,
    build_search_request,
    uuid_param,
)
from familyhub.directory.search.service import matching_services, search_services

ORUK_VERSION = "HSDS-UK-3.0"
ORUK_ALIASES = {
    "search": "text",
    "organization_id": "organisation_id",
    "level_of_need": "level",
    "access_route": "access",
    "delivery_mode": "delivery",
}


class OrukView(APIView):
    """Every ORUK response may be read from any origin, as the UK profile asks; and is
    compressed for a consumer that accepts gzip (a page of full records repeats its terms
    again and again: about a tenth of the size). The feed is public data with no token or
    secret in it, so compressing it gives nothing away (BREACH)."""

    @classmethod
    def as_view(cls, **initkwargs):
        return gzip_page(super().as_view(**initkwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _get(queryset, raw_id):
    """The record with this id, or 404 for a missing id and a malformed one alike."""
    try:
        record_id = uuid.UUID(str(raw_id))
    except ValueError:
        raise Http404(f"No record with id “{str(raw_id)[:40]}”.") from None
    record = queryset.filter(pk=record_id).first()
    if record is None:
        raise Http404(f"No record with id {record_id}.")
    return record


def _list_request(request, *, full=False):
    """The list's parameters checked. With no per_page, a page holds ORUK_DEFAULT_PER_PAGE
    records (enough for a consumer that reads one page of a council's feed); a per_page over
    ORUK_MAX_PER_PAGE (ORUK_MAX_FULL_PER_PAGE for fully nested records, each some twenty
    times bigger) is given that many, and the page's `size` says so."""
    answer_format = request.query_params.get("format", "json")
    if answer_format != "json":
        raise SearchInputError(
            {"format": f"Only json is offered here, not “{answer_format[:20]}”."}
        )
    most = settings.ORUK_MAX_FULL_PER_PAGE if full else settings.ORUK_MAX_PER_PAGE
    return build_search_request(
        request.query_params,
        aliases=ORUK_ALIASES,
        per_page=min(settings.ORUK_DEFAULT_PER_PAGE, most),
        max_per_page=most,
    )


def api_base_url(request) -> str:
    """Where this API is, as the consumer asking reached it: the root of the API's own host
    (ORUK_API_HOST), or its path on the families' site."""
    if getattr(request, "urlconf", None) == API_HOST_URLCONF:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL + reverse("oruk:api-details").rstrip("/")


def full_service_queryset():
    return Service.objects.select_related("organisation").prefetch_related(
        "schedules",
        "service_areas",
        "languages",
        "funding",
        "cost_options",
        "contacts__phones",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "location__addresses", "location__accessibility", "schedules"
            ),
        ),
        Prefetch(
            "service_terms",
            queryset=ServiceTerm.objects.select_related("taxonomy_term__taxonomy").prefetch_related(
                "taxonomy_term__maps_to__taxonomy"
            ),
        ),
    )


def published_services() -> Prefetch:
    """An organisation's services the feed shows: not those held for review."""
    return Prefetch(
        "services",
        queryset=Service.objects.filter(status__in=ORUK_STATUSES).select_related("organisation"),
    )


def partnership_terms(services) -> dict:
    ids = {term_id for service in services for term_id in s.partnership_term_ids(service)}
    return {t.id: t for t in TaxonomyTerm.objects.select_related("taxonomy").filter(id__in=ids)}


class NoSuchPath(OrukView):
    """A path under the API that names nothing: 404 as JSON, like a missing record."""

    def get(self, request, *args, **kwargs):
        raise Http404("No such path in this API.")


class ApiDetails(OrukView):
    def get(self, request):
        return Response(
            {
                "version": ORUK_VERSION,
                "profile": settings.ORUK_PROFILE_URL,
                "openapi_url": api_base_url(request) + "/openapi.json",
            }
        )


class OpenApiDocument(OrukView):
    def get(self, request):
        return Response(openapi_document(api_base_url(request)))


class ServiceList(OrukView):
    """The services. A feed of part of the directory (the Local Offer's) narrows the checked
    parameters in `restrict` and adds to each record in `add_to`; the paging is the same."""

    def restrict(self, search):
        return search

    def add_to(self, data: list, services: list) -> list:
        return data

    def get(self, request):
        full = boolean_param(request.query_params, "full")
        search = _with_all_statuses(self.restrict(_list_request(request, full=full)))
        if type(self).add_to is ServiceList.add_to:
            # The page is the directory's alone: kept for identical requests until the
            # directory changes (familyhub.directory.search.cached).
            data, total = cached.remembered(
                "oruk-services",
                (search, full),
                lambda: self._page(search, full)[:2],
                version=cached.directory_version(),
            )
        else:
            data, total, services = self._page(search, full)
            data = self.add_to(data, services)
        return Response(page_of(data, total=total, page=search.page, per_page=search.per_page))

    def _page(self, search, full: bool) -> tuple[list, int, list]:
        results = search_services(search)
        services = [hit.service for hit in results.hits]
        if full:
            ids = [service.id for service in services]
            by_id = {svc.id: svc for svc in full_service_queryset().filter(id__in=ids)}
            services = [by_id[i] for i in ids]
            data = s.ServiceFullSerializer(
                services, many=True, context={"terms_by_id": partnership_terms(services)}
            ).data
        else:
            data = s.ServiceSerializer(services, many=True).data
        return _plain(data), results.total, services


def _plain(data):
    """The serializer's output as plain lists and dicts, values unchanged (the serializer's
    ReturnList holds the serializer, which is not for keeping in a cache)."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    return data


def _with_all_statuses(search):
    """The feed publishes every service with its status; the families' finder shows open ones."""
    search.statuses = list(ORUK_STATUSES)
    return search


class ServiceDetail(OrukView):
    def services(self):
        return full_service_queryset().filter(status__in=ORUK_STATUSES)

    def add_to(self, data: dict, service) -> dict:
        return data

    def get(self, request, pk):
        service = _get(self.services(), pk)
        context = {"terms_by_id": partnership_terms([service])}
        data = dict(s.ServiceFullSerializer(service, context=context).data)
        return Response(self.add_to(data, service))


class OrganisationList(OrukView):
    def get(self, request):
        full = boolean_param(request.query_params, "full") or boolean_param(
            request.query_params, "full_service"
        )
        search = _list_request(request, full=full)
        organisations = Organisation.objects.order_by("name", "id")
        if search.text:
            organisations = organisations.filter(name__icontains=search.text)
        if full:
            organisations = organisations.prefetch_related(published_services())
        page, total = paginate(organisations, page=search.page, per_page=search.per_page)
        serializer = s.OrganisationFullSerializer if full else s.OrganisationSerializer
        return Response(
            page_of(
                serializer(page, many=True).data,
                total=total,
                page=search.page,
                per_page=search.per_page,
            )
        )


class OrganisationDetail(OrukView):
    def get(self, request, pk):
        queryset = Organisation.objects.prefetch_related(published_services())
        return Response(s.OrganisationFullSerializer(_get(queryset, pk)).data)


class TaxonomyList(OrukView):
    def get(self, request):
        search = _list_request(request)
        taxonomies = Taxonomy.objects.order_by("name", "id")
        if search.text:
            taxonomies = taxonomies.filter(name__icontains=search.text)
        page, total = paginate(taxonomies, page=search.page, per_page=search.per_page)
        return Response(
            page_of(
                s.TaxonomySerializer(page, many=True).data,
                total=total,
                page=search.page,
                per_page=search.per_page,
            )
        )


class TaxonomyDetail(OrukView):
    def get(self, request, pk):
        queryset = Taxonomy.objects.prefetch_related("terms__taxonomy")
        return Response(s.TaxonomyFullSerializer(_get(queryset, pk)).data)


class TaxonomyTermList(OrukView):
    def get(self, request):
        params = request.query_params
        search = _list_request(request)
        terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
            "taxonomy__name", "position", "name", "id"
        )
        if search.text:
            terms = terms.filter(name__icontains=search.text)
        if search.taxonomy_id:
            terms = terms.filter(taxonomy_id=search.taxonomy_id)
        parent_id = uuid_param(params, "parent_id")
        if parent_id:
            terms = terms.filter(parent_id=parent_id)
        if boolean_param(params, "top_only"):
            terms = terms.filter(parent__isnull=True)
        page, total = paginate(terms, page=search.page, per_page=search.per_page)
        return Response(
            page_of(
                s.TaxonomyTermSerializer(page, many=True).data,
                total=total,
                page=search.page,
                per_page=search.per_page,
            )
        )


class TaxonomyTermDetail(OrukView):
    def get(self, request, pk):
        term = _get(TaxonomyTerm.objects.select_related("taxonomy"), pk)
        return Response(s.TaxonomyTermSerializer(term).data)


def service_at_location_queryset():
    return ServiceAtLocation.objects.select_related("location").prefetch_related(
        "location__addresses", "location__accessibility", "schedules"
    )


class ServiceAtLocationList(OrukView):
    def get(self, request):
        full = boolean_param(request.query_params, "full")
        search = _list_request(request, full=full)
        # The same filters as /services, applied to the services offered at each place.
        services = matching_services(_with_all_statuses(search)).values("pk")
        links = (
            service_at_location_queryset()
            .filter(service__in=services)
            .order_by("service__name", "location__name", "id")
        )
        page, total = paginate(links, page=search.page, per_page=search.per_page)
        serializer = s.ServiceAtLocationFullSerializer if full else s.ServiceAtLocationSerializer
        return Response(
            page_of(
                serializer(page, many=True).data,
                total=total,
                page=search.page,
                per_page=search.per_page,
            )
        )


class ServiceAtLocationDetail(OrukView):
    def get(self, request, pk):
        link = _get(service_at_location_queryset(), pk)
        return Response(s.ServiceAtLocationFullSerializer(link).data)
