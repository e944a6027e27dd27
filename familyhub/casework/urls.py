from django.urls import path

from familyhub.casework.views import assessment, family, plan, review, staff, work

app_name = "casework"

urlpatterns = [
    # The family's own view of its plan.
    path("my-family-plan/", family.family_plan, name="family_plan"),
    path("my-family-plan/<str:reference>/comment/", family.family_comment, name="family_comment"),
    # Opening early help: from a request (triage, or in progress), or directly for a family.
    path(
        "staff/early-help/from-request/<str:reference>/",
        work.open_from_request,
        name="open_from_request",
    ),
    path(
        "staff/early-help/for-family/<uuid:family_id>/",
        work.open_for_family,
        name="open_for_family",
    ),
    # Work views.
    path("staff/cases/", work.caseload, name="caseload"),
    path("staff/cases/allocation/", work.allocation, name="allocation"),
    path("staff/cases/supporting-families/", work.supporting_families, name="supporting_families"),
    # A case.
    path("staff/cases/<str:reference>/", staff.case_page, name="case"),
    path("staff/cases/<str:reference>/allocate/", staff.allocate, name="allocate"),
    path("staff/cases/<str:reference>/team/add/", staff.add_member, name="add_member"),
    path(
        "staff/cases/<str:reference>/team/<int:member_id>/remove/",
        staff.remove_member,
        name="remove_member",
    ),
    path("staff/cases/<str:reference>/assessment/", assessment.assessment_page, name="assessment"),
    path("staff/cases/<str:reference>/plan/", plan.plan_page, name="plan"),
    path("staff/cases/<str:reference>/review/", review.review, name="review"),
    path("staff/cases/<str:reference>/meeting/", review.meeting, name="meeting"),
    path(
        "staff/cases/<str:reference>/sustained-check/",
        review.sustained_check,
        name="sustained_check",
    ),
    path("staff/cases/<str:reference>/break-glass/", staff.break_glass, name="break_glass"),
    path("staff/cases/<str:reference>/<slug:move>/", staff.move, name="move"),
]
