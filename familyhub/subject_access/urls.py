from django.urls import path

from familyhub.subject_access import views

app_name = "subject_access"

urlpatterns = [
    path("", views.find_person, name="find"),
    path("<uuid:family_id>/", views.everything_held, name="everything_held"),
    path("<uuid:family_id>/pack.html", views.pack_html, name="pack_html"),
    path("<uuid:family_id>/pack.json", views.pack_json, name="pack_json"),
]
