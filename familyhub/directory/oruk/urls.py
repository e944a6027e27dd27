from django.urls import path, re_path

from familyhub.directory.oruk import views

app_name = "oruk"

urlpatterns = [
    path("", views.ApiDetails.as_view(), name="api-details"),
    path("openapi.json", views.OpenApiDocument.as_view(), name="openapi"),
    path("services", views.ServiceList.as_view(), name="services"),
    path("services/<str:pk>", views.ServiceDetail.as_view(), name="service"),
    path("organizations", views.OrganisationList.as_view(), name="organizations"),
    path("organizations/<str:pk>", views.OrganisationDetail.as_view(), name="organization"),
    path("taxonomies", views.TaxonomyList.as_view(), name="taxonomies"),
    path("taxonomies/<str:pk>", views.TaxonomyDetail.as_view(), name="taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermList.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:pk>", views.TaxonomyTermDetail.as_view(), name="taxonomy-term"),
    path(
        "service_at_locations", views.ServiceAtLocationList.as_view(), name="service-at-locations"
    ),
    path(
        "service_at_locations/<str:pk>",
        views.ServiceAtLocationDetail.as_view(),
        name="service-at-location",
    ),
    # Anything else under the API (an id with a slash in it, a misspelt path) is a JSON 404.
    re_path(r"", views.NoSuchPath.as_view(), name="no-such-path"),
]
