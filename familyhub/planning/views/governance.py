"""The governance cycle: the board and its sub-groups, meetings with papers, decisions and
actions, and the reviews of the plan; co-production and the charter's records for staff."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from familyhub.accounts.roles import roles_required
from familyhub.planning import access, queries
from familyhub.planning import actions as plan_actions
from familyhub.planning.forms import (
    CharterVersionForm,
    ConsultationForm,
    DecisionForm,
    ForumMeetingForm,
    MeetingForm,
    SignUpForm,
    YouSaidForm,
)
from familyhub.planning.models import (
    CharterFeedback,
    CharterVersion,
    Consultation,
    ForumMeeting,
    Group,
    Meeting,
    PlanReview,
    YouSaidWeDid,
)
from familyhub.planning.views.shared import form_page, saved


@roles_required(*access.READERS)
def governance(request):
    groups = list(Group.objects.select_related("reports_to"))
    return render(
        request,
        "planning/staff/governance.html",
        {
            "groups": groups,
            "meetings": Meeting.objects.select_related("group").prefetch_related("decisions")[:30],
            "reviews": PlanReview.objects.select_related("group", "meeting")[:20],
            "edits": access.edits_plan(request.user),
        },
    )


@roles_required(*access.READERS)
def meeting(request, meeting_id):
    found = get_object_or_404(Meeting.objects.select_related("group"), pk=meeting_id)
    return render(
        request,
        "planning/staff/meeting.html",
        {
            "meeting": found,
            "papers": [line.strip() for line in found.papers.splitlines() if line.strip()],
            "decisions": found.decisions.select_related("action", "priority"),
            "reviews": found.reviews.all(),
            "edits": access.edits_plan(request.user),
        },
    )


@roles_required(*access.EDITORS)
def new_meeting(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made = plan_actions.add_meeting(
            data["group"],
            held_on=data["held_on"],
            papers=data["papers"],
            notes=data["notes"],
            by=request.user,
        )
        if data["review"]:
            plan_actions.record_review(
                data["group"], held_on=data["held_on"], meeting=made, by=request.user
            )
        messages.success(request, _("Meeting recorded."))
        return redirect("planning:meeting", meeting_id=made.pk)
    return form_page(
        request,
        form,
        heading=_("Record a meeting"),
        button=_("Record the meeting"),
        back=reverse("planning:governance"),
    )


@roles_required(*access.EDITORS)
def add_decision(request, meeting_id):
    found = get_object_or_404(Meeting, pk=meeting_id)
    form = DecisionForm(request.POST or None)
    done = saved(
        request, form,
        lambda data: plan_actions.add_decision(
            found, kind=data["kind"], text=data["text"], priority=data["priority"],
            action=data["action"], by=request.user,
        ),
        done=_("Recorded against the meeting."), then="planning:meeting", meeting_id=found.pk,
    )  # fmt: skip
    if done:
        return done
    return form_page(
        request,
        form,
        heading=_("Record a decision or action"),
        caption=str(found),
        button=_("Record it"),
        back=reverse("planning:meeting", args=[found.pk]),
    )


@roles_required(*access.READERS)
def coproduction(request):
    return render(
        request,
        "planning/staff/coproduction.html",
        {
            "consultations": Consultation.objects.prefetch_related("responses"),
            "entries": YouSaidWeDid.objects.prefetch_related("actions"),
            "forum_meetings": ForumMeeting.objects.all()[:60],
            "edits": access.edits_plan(request.user),
        },
    )


@roles_required(*access.EDITORS)
def new_consultation(request):
    form = ConsultationForm(request.POST or None)
    done = saved(
        request, form, lambda data: plan_actions.add_consultation(**data),
        done=_("Consultation recorded."), then="planning:coproduction",
    )  # fmt: skip
    if done:
        return done
    return form_page(
        request,
        form,
        heading=_("Record a consultation or event"),
        button=_("Record it"),
        back=reverse("planning:coproduction"),
    )


@roles_required(*access.EDITORS)
def new_you_said(request):
    form = YouSaidForm(request.POST or None)
    done = saved(
        request, form,
        lambda data: plan_actions.add_you_said_we_did(
            you_said=data["you_said"], we_did=data["we_did"], on=data["on"],
            consultation=data["consultation"], actions=data["actions"],
        ),
        done=_("Published on “You said, we did”."), then="planning:coproduction",
    )  # fmt: skip
    if done:
        return done
    return form_page(
        request,
        form,
        heading=_("Add a “You said, we did”"),
        button=_("Publish it"),
        back=reverse("planning:coproduction"),
    )


@roles_required(*access.READERS)
def charter(request):
    return render(
        request,
        "planning/staff/charter.html",
        {
            "versions": CharterVersion.objects.all(),
            "sign_ups": queries.signed_up_organisations(),
            "feedback": CharterFeedback.objects.select_related("service")[:100],
            "edits": access.edits_plan(request.user),
        },
    )


@roles_required(*access.EDITORS)
def charter_sign_up(request):
    form = SignUpForm(request.POST or None)
    done = saved(
        request, form,
        lambda data: plan_actions.sign_up(
            data["organisation"], signed_on=data["signed_on"], by=request.user
        ),
        done=_("Signed up to the Parent's Charter."), then="planning:charter_staff",
    )  # fmt: skip
    if done:
        return done
    return form_page(
        request,
        form,
        heading=_("Record an organisation signing up"),
        button=_("Record it"),
        back=reverse("planning:charter_staff"),
    )


@roles_required(*access.EDITORS)
def new_forum_meeting(request):
    form = ForumMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan_actions.add_forum_meeting(**form.cleaned_data)
        messages.success(request, _("Forum meeting recorded."))
        return redirect("planning:coproduction")
    return form_page(
        request,
        form,
        heading=_("Record a parent forum meeting"),
        button=_("Record it"),
        back=reverse("planning:coproduction"),
    )


@roles_required(*access.EDITORS)
def new_charter_version(request):
    latest = CharterVersion.objects.first()
    initial = {}
    if latest:
        initial = {
            "introduction": latest.introduction,
            "introduction_pl": latest.introduction_pl,
            "you_can_expect": "\n".join(latest.you_can_expect),
            "you_can_expect_pl": "\n".join(latest.you_can_expect_pl),
            "we_ask": "\n".join(latest.we_ask),
            "we_ask_pl": "\n".join(latest.we_ask_pl),
        }
    form = CharterVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = plan_actions.publish_charter_version(**form.cleaned_data)
        messages.success(
            request,
            _("Version %(number)s of the charter is published; earlier versions are kept.")
            % {"number": version.number},
        )
        return redirect("planning:charter_staff")
    return form_page(
        request,
        form,
        heading=_("Publish a new version of the charter"),
        explanation=[
            _("It starts from the current version. Earlier versions are kept as they were.")
        ],
        button=_("Publish this version"),
        back=reverse("planning:charter_staff"),
    )
