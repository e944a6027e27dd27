from django.urls import path

from familyhub.equality import views

app_name = "equality"

urlpatterns = [
    # Optional, after sending a request (the family, or the practitioner who referred).
    path("request/sent/<str:reference>/fair/", views.after_request, name="after_request"),
    # On an early help case: the lead records what the family chose to tell.
    path("staff/equality/case/<str:reference>/", views.for_case, name="case"),
    # The report: aggregates only.
    path("staff/equality/", views.report, name="report"),
    path("staff/equality/<slug:slug>.csv", views.report_csv, name="report_csv"),
]
