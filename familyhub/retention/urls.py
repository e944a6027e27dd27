from django.urls import path

from familyhub.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.due, name="due"),
    path("find/", views.find_family, name="find_family"),
    path("families/<uuid:family_id>/erase/", views.erase, name="erase_family"),
    path("erasures/<int:erasure_id>/", views.erasure, name="erasure"),
]
