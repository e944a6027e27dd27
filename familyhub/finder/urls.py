from django.urls import path

from familyhub.finder import views

app_name = "finder"

urlpatterns = [
    path("", views.start, name="start"),
    path("services/", views.results, name="results"),
    path("services/<uuid:service_id>/", views.service_detail, name="service"),
    path(
        "services/<uuid:service_id>/suggest-a-change/",
        views.suggest_change,
        name="suggest_change",
    ),
    path("check/", views.check, name="checker"),
    path("shortlist/", views.shortlist_page, name="shortlist"),
    path("shortlist/add/", views.shortlist_add, name="shortlist_add"),
    path("shortlist/remove/", views.shortlist_remove, name="shortlist_remove"),
    path("shortlist/print/", views.shortlist_print, name="shortlist_print"),
    path("shortlist/shared/", views.shared_shortlist, name="shared_shortlist"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
