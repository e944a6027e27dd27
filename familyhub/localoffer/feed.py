"""The Local Offer as an Open Referral UK 3.0 feed a council's Local Offer site can read: the
main API's views and serializers, narrowed to the Local Offer's services (queries.restrict),
each service carrying its answers to the Local Offer questions under `local_offer` (an added
property, as the main feed adds an imported record's own fields; the ORUK schemas allow it).
Taxonomies and terms are the main API's, unchanged. Decision 0043."""

from django.conf import settings
from django.urls import reverse
from rest_framework.response import Response

from familyhub.directory.oruk import views as oruk
from familyhub.directory.oruk.openapi import openapi_document
from familyhub.localoffer import queries

SERVED_PATHS = ("/", "/services", "/services/{id}", "/taxonomies", "/taxonomies/{id}",
                "/taxonomy_terms", "/taxonomy_terms/{id}")  # fmt: skip


def feed_base_url() -> str:
    return settings.SITE_URL + reverse("localoffer_oruk:api-details").rstrip("/")


def _local_offer_property(answers) -> dict:
    return {"questions": queries.answered(answers)}


class ApiDetails(oruk.OrukView):
    def get(self, request):
        return Response(
            {
                "version": oruk.ORUK_VERSION,
                "profile": settings.ORUK_PROFILE_URL,
                "openapi_url": feed_base_url() + "/openapi.json",
            }
        )


class OpenApiDocument(oruk.OrukView):
    def get(self, request):
        document = openapi_document(feed_base_url())
        document["info"]["title"] = f"{settings.COUNCIL_NAME} SEND Local Offer (ORUK 3.0)"
        document["paths"] = {
            path: spec for path, spec in document["paths"].items() if path in SERVED_PATHS
        }
        return Response(document)


class ServiceList(oruk.ServiceList):
    def restrict(self, search):
        return queries.restrict(search)

    def add_to(self, data, services):
        answers = queries.current_answers(services)
        for item, service in zip(data, services, strict=True):
            item["local_offer"] = _local_offer_property(answers.get(service.pk))
        return data


class ServiceDetail(oruk.ServiceDetail):
    def services(self):
        return super().services().filter(pk__in=queries.local_offer_services(
            statuses=list(oruk.ORUK_STATUSES)).values("pk"))  # fmt: skip

    def add_to(self, data, service):
        data["local_offer"] = _local_offer_property(
            queries.current_answers([service]).get(service.pk)
        )
        return data
