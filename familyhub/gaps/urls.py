from django.urls import path

from familyhub.gaps import views

app_name = "gaps"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("map.csv", views.map_csv, name="csv"),
    path("capacity.csv", views.capacity_csv, name="capacity_csv"),
]
