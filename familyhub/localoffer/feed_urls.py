from django.urls import path, re_path

from familyhub.directory.oruk import views as oruk
from familyhub.localoffer import feed

app_name = "localoffer_oruk"

urlpatterns = [
    path("", feed.ApiDetails.as_view(), name="api-details"),
    path("openapi.json", feed.OpenApiDocument.as_view(), name="openapi"),
    path("services", feed.ServiceList.as_view(), name="services"),
    path("services/<str:pk>", feed.ServiceDetail.as_view(), name="service"),
    path("taxonomies", oruk.TaxonomyList.as_view(), name="taxonomies"),
    path("taxonomies/<str:pk>", oruk.TaxonomyDetail.as_view(), name="taxonomy"),
    path("taxonomy_terms", oruk.TaxonomyTermList.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:pk>", oruk.TaxonomyTermDetail.as_view(), name="taxonomy-term"),
    re_path(r"", oruk.NoSuchPath.as_view(), name="no-such-path"),
]
