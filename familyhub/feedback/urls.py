from django.urls import path

from familyhub.feedback.views import family, staff

app_name = "feedback"

urlpatterns = [
    # The family's link (no sign in: its secret is the key).
    path("feedback/<str:token>/", family.feedback_form, name="form"),
    path("feedback/<str:token>/thank-you/", family.thanks, name="thanks"),
    # Response rates, for analysts, the board and data managers: counts only.
    path("staff/feedback/", staff.response_rates, name="response_rates"),
]
