from django.urls import path

from familyhub.offline import views

app_name = "offline"

urlpatterns = [
    path("other-ways-to-get-help/", views.other_ways, name="other_ways"),
    path("getting-online/", views.getting_online, name="getting_online"),
]
