from django.urls import path

from familyhub.upkeep.views import changes, services, suggestions

app_name = "upkeep"

urlpatterns = [
    path("staff/services/", services.service_list, name="services"),
    path("staff/services/new/", services.new_service, name="new_service"),
    path("staff/services/<uuid:service_id>/", services.service_page, name="service"),
    path("staff/services/<uuid:service_id>/edit/", services.edit, name="edit"),
    path("staff/services/<uuid:service_id>/archive/", services.archive, name="archive"),
    path(
        "staff/services/<uuid:service_id>/archive/decide/",
        services.decide_open_request,
        name="decide_open_request",
    ),
    path("staff/services/<uuid:service_id>/checked/", services.still_correct, name="checked"),
    path("staff/services/<uuid:service_id>/history/", changes.history, name="history"),
    path(
        "staff/services/<uuid:service_id>/history/<int:number>/",
        changes.version_page,
        name="version",
    ),
    path("staff/changes/", changes.change_list, name="changes"),
    path("staff/changes/<int:change_id>/", changes.change_page, name="change"),
    path("staff/changes/<int:change_id>/approve/", changes.approve, name="approve"),
    path("staff/changes/<int:change_id>/reject/", changes.reject, name="reject"),
    path("staff/suggestions/", suggestions.suggestion_list, name="suggestions"),
    path("staff/suggestions/<uuid:suggestion_id>/", suggestions.suggestion_page, name="suggestion"),
]
