"""The ORUK API at the root of its own host (ORUK_API_HOST): /services, /services/{id} and the
rest, as consumers such as DfE's family hub ingest ask for them. Chosen per request by
familyhub.directory.oruk.hosts.ApiHostMiddleware."""

from django.urls import include, path

urlpatterns = [path("", include("familyhub.directory.oruk.urls"))]
