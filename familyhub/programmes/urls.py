from django.urls import path

from familyhub.programmes.views import staff

app_name = "programmes"

urlpatterns = [
    path("", staff.programme_list, name="list"),
    path("new/", staff.programme_new, name="programme_new"),
    path("<int:programme_id>/", staff.programme_page, name="programme"),
    path("<int:programme_id>/groups/new/", staff.group_new, name="group_new"),
    path("groups/<int:group_id>/", staff.group_page, name="group"),
    path("groups/<int:group_id>/places/", staff.give_places, name="give_places"),
    path("groups/<int:group_id>/sessions/<int:number>/", staff.attendance, name="attendance"),
    path("places/<int:place_id>/", staff.place_page, name="place"),
    path("places/<int:place_id>/completion/", staff.place_completion, name="completion"),
]
