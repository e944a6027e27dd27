from django.urls import path

from familyhub.interchange import partner_views, views

app_name = "interchange"

urlpatterns = [
    path("", views.home, name="home"),
    path("import/oruk/", views.import_oruk, name="import_oruk"),
    path("import/csv/", views.import_csv, name="import_csv"),
    path("imports/<uuid:run_id>/", views.run_page, name="run"),
    path("template.csv", views.csv_template, name="csv_template"),
    path("export/oruk.json", views.export_json, name="export_json"),
    path("export/services.csv", views.export_csv, name="export_csv"),
    path("review/", views.review_list, name="review_list"),
    path("review/<uuid:service_id>/", views.review_page, name="review"),
    path("review/<uuid:service_id>/reject/", views.review_reject, name="review_reject"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/merge/", views.merge, name="merge"),
    path("duplicates/not-duplicates/", views.not_duplicates, name="not_duplicates"),
    # Partners' feeds pulled on a schedule.
    path("feeds/", partner_views.feed_list, name="partner_feeds"),
    path("feeds/<uuid:feed_id>/", partner_views.feed_page, name="partner_feed"),
    path("feeds/<uuid:feed_id>/pull/", partner_views.pull_now, name="pull_feed"),
]
