from django.urls import path

from familyhub.workforce.views import staff

app_name = "workforce"

urlpatterns = [
    path("", staff.overview, name="overview"),
    path("courses/", staff.courses, name="courses"),
    path("training/", staff.training, name="training"),
    path("training/add/", staff.training_add, name="training_add"),
    path("training/import/", staff.training_import, name="training_import"),
    path("peer-supporters/", staff.peers, name="peers"),
    path("peer-supporters/add/", staff.peer_add, name="peer_add"),
    path("peer-supporters/<int:supporter_id>/", staff.peer, name="peer"),
    path("matches/<int:match_id>/", staff.match, name="match"),
    path("matches/<int:match_id>/end/", staff.match_end, name="match_end"),
]
