from django.urls import path

from familyhub.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tables/<slug:slug>.csv", views.table_csv, name="table_csv"),
    path("board-report.pdf", views.report_pdf, name="report_pdf"),
    path("figures/", views.enter_figures, name="figures"),
    path("figures/upload/", views.upload_figures, name="upload_figures"),
    path("returns/", views.partner_return, name="partner_return"),
    path("measures/<slug:key>/", views.edit_measure, name="edit_measure"),
]
