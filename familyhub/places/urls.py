from django.urls import path

from familyhub.places import views

app_name = "places"

urlpatterns = [
    path("places/", views.place_list, name="list"),
    path("places/<slug:slug>/", views.place_page, name="place"),
]
