from django.urls import path

from familyhub.upkeep import views

app_name = "upkeep"

urlpatterns = [
    path("staff/services/", views.service_list, name="services"),
    path("staff/services/new/", views.new_service, name="new_service"),
    path("staff/services/<uuid:service_id>/", views.service_page, name="service"),
    path("staff/services/<uuid:service_id>/edit/", views.edit, name="edit"),
    path("staff/services/<uuid:service_id>/archive/", views.archive, name="archive"),
    path(
        "staff/services/<uuid:service_id>/archive/decide/",
        views.decide_open_request,
        name="decide_open_request",
    ),
    path("staff/services/<uuid:service_id>/checked/", views.still_correct, name="checked"),
    path("staff/services/<uuid:service_id>/history/", views.history, name="history"),
    path(
        "staff/services/<uuid:service_id>/history/<int:number>/",
        views.version_page,
        name="version",
    ),
    path("staff/changes/", views.change_list, name="changes"),
    path("staff/changes/<int:change_id>/", views.change_page, name="change"),
    path("staff/changes/<int:change_id>/approve/", views.approve, name="approve"),
    path("staff/changes/<int:change_id>/reject/", views.reject, name="reject"),
    path("staff/suggestions/", views.suggestion_list, name="suggestions"),
    path("staff/suggestions/<uuid:suggestion_id>/", views.suggestion_page, name="suggestion"),
]
