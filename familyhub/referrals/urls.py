from django.urls import path

from familyhub.families import urls as family_record_urls
from familyhub.referrals.views import (
    family,
    family_merge,
    on_behalf,
    privacy,
    queues,
    request_form,
    staff_request,
)

app_name = "referrals"

urlpatterns = [
    # Asking for support (a family, or a practitioner with the family's consent).
    path("request/", request_form.start, name="start"),
    path("request/<uuid:draft_id>/<slug:step>/", request_form.step, name="step"),
    path("request/<uuid:draft_id>/", request_form.submit, name="submit"),
    path("request/sent/<str:reference>/", request_form.sent, name="sent"),
    path(
        "request/sent/<str:reference>/what-happens-next/",
        request_form.what_happens_next,
        name="what_happens_next",
    ),  # fmt: skip
    # The privacy notice for requests: the current version, and every version ever shown.
    path("privacy/requests/", privacy.notice, name="privacy_notice"),
    path("privacy/requests/<slug:version>/", privacy.notice, name="privacy_notice_version"),
    # Where a family sees its requests: with an account, or with a reference and a code.
    path("my-requests/", family.my_requests, name="my_requests"),
    path("my-requests/<str:reference>/", family.request_page, name="family_request"),
    path("my-requests/<str:reference>/withdraw/", family.withdraw, name="withdraw"),
    path(
        "my-requests/<str:reference>/add-to-account/", family.add_to_account, name="add_to_account"
    ),  # fmt: skip
    path("track/", family.track, name="track"),
    path("track/code/", family.track_code, name="track_code"),
    # The family's own record ("tell your story once"): its pages live in families
    # (families/urls.py), mounted here so their names stay referrals:my_family and so on.
    *family_record_urls.urlpatterns,
    # Staff: providers' inbox, practitioners' requests, the triage queue.
    path("staff/requests/", queues.inbox, name="inbox"),
    path("staff/requests/<str:reference>/", staff_request.request_page, name="staff_request"),
    path(
        "staff/requests/<str:reference>/safeguarding-step/",
        staff_request.safeguarding_step,
        name="safeguarding_step",
    ),
    path("staff/requests/<str:reference>/<slug:move>/", staff_request.move, name="move"),
    path("staff/triage/", queues.triage_queue, name="triage"),
    # Staff making a request on a family's behalf (they rang, or came in): decision 0042.
    path("staff/on-behalf/", on_behalf.start, name="on_behalf"),
    path(
        "staff/families/<uuid:family_id>/merge/", family_merge.merge_families, name="merge_families"
    ),
    path(
        "staff/families/<uuid:family_id>/different/",
        family_merge.different_families,
        name="different_families",
    ),  # fmt: skip
]
