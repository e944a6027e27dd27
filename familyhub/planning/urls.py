from django.urls import path

from familyhub.planning.views import annual, governance, plan, public

app_name = "planning"

urlpatterns = [
    # The public site: the plan, "You said, we did", the Parent's Charter.
    path("our-plan/", public.public_plan, name="public_plan"),
    path("you-said-we-did/", public.you_said_we_did, name="you_said_we_did"),
    path("parents-charter/", public.charter, name="charter"),
    path("parents-charter/tell-us/", public.charter_not_met, name="charter_not_met"),
    # The delivery plan (staff).
    path("staff/plan/", plan.plan, name="plan"),
    path("staff/plan/my-actions/", plan.my_actions, name="my_actions"),
    path("staff/plan/actions.csv", plan.actions_csv, name="actions_csv"),
    path("staff/plan/annual-report/", annual.annual_report, name="annual_report"),
    path("staff/plan/annual-report/report.pdf", annual.annual_pdf, name="annual_pdf"),
    path("staff/plan/priorities/<int:priority_id>/", plan.priority_report, name="priority"),
    path(
        "staff/plan/priorities/<int:priority_id>/report.pdf",
        plan.priority_pdf,
        name="priority_pdf",
    ),
    path("staff/plan/priorities/<int:priority_id>/new-action/", plan.new_action, name="new_action"),
    path("staff/plan/actions/<int:action_id>/", plan.action_page, name="action"),
    path("staff/plan/actions/<int:action_id>/progress/", plan.progress, name="progress"),
    path("staff/plan/actions/<int:action_id>/rating/", plan.override, name="override"),
    path("staff/plan/actions/<int:action_id>/change/", plan.edit_action, name="edit_action"),
    # Governance.
    path("staff/plan/governance/", governance.governance, name="governance"),
    path("staff/plan/meetings/new/", governance.new_meeting, name="new_meeting"),
    path("staff/plan/meetings/<int:meeting_id>/", governance.meeting, name="meeting"),
    path(
        "staff/plan/meetings/<int:meeting_id>/record/", governance.add_decision, name="add_decision"
    ),
    # Co-production and the charter (staff).
    path("staff/plan/co-production/", governance.coproduction, name="coproduction"),
    path(
        "staff/plan/co-production/consultations/new/",
        governance.new_consultation,
        name="new_consultation",
    ),
    path(
        "staff/plan/co-production/you-said-we-did/new/",
        governance.new_you_said,
        name="new_you_said",
    ),
    path(
        "staff/plan/co-production/forums/new/",
        governance.new_forum_meeting,
        name="new_forum_meeting",
    ),
    path("staff/plan/charter/", governance.charter, name="charter_staff"),
    path(
        "staff/plan/charter/new-version/",
        governance.new_charter_version,
        name="new_charter_version",
    ),
    path("staff/plan/charter/sign-up/", governance.charter_sign_up, name="charter_sign_up"),
]
