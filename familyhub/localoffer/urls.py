from django.urls import path

from familyhub.localoffer import views

app_name = "localoffer"

urlpatterns = [
    path("local-offer/", views.index, name="index"),
    path("staff/local-offer/", views.staff_list, name="staff_list"),
    path("staff/local-offer/<uuid:service_id>/", views.edit_answers, name="edit_answers"),
]
