from django.urls import path

from familyhub.referrals.views import family, request_form, staff

app_name = "referrals"

urlpatterns = [
    # Asking for support (a family, or a practitioner with the family's consent).
    path("request/", request_form.start, name="start"),
    path("request/<uuid:draft_id>/<slug:step>/", request_form.step, name="step"),
    path("request/<uuid:draft_id>/", request_form.submit, name="submit"),
    path("request/sent/<str:reference>/", request_form.sent, name="sent"),
    # Where a family sees its requests: with an account, or with a reference and a code.
    path("my-requests/", family.my_requests, name="my_requests"),
    path("my-requests/<str:reference>/", family.request_page, name="family_request"),
    path("my-requests/<str:reference>/withdraw/", family.withdraw, name="withdraw"),
    path("track/", family.track, name="track"),
    path("track/code/", family.track_code, name="track_code"),
    path("my-family/", family.my_family, name="my_family"),
    # Staff: providers' inbox, practitioners' requests, the triage queue.
    path("staff/requests/", staff.inbox, name="inbox"),
    path("staff/requests/<str:reference>/", staff.request_page, name="staff_request"),
    path("staff/requests/<str:reference>/<slug:move>/", staff.move, name="move"),
    path("staff/triage/", staff.triage_queue, name="triage"),
    path("staff/families/<uuid:family_id>/merge/", staff.merge_families, name="merge_families"),
]
