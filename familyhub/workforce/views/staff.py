"""Workforce pages: thin; the rules are in records.py, access.py and queries.py."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.audit import services as audit
from familyhub.referrals.access import requests_for
from familyhub.referrals.states import OPEN
from familyhub.workforce import access, queries, records
from familyhub.workforce.forms import (
    ContactForm,
    CourseForm,
    ImportForm,
    MatchForm,
    PeerForm,
    PeerTrainingForm,
    TrainingForm,
)
from familyhub.workforce.models import Course, TrainingRecord

FORM_PAGE = "programmes/form_page.html"  # the same GOV.UK form page as the programmes'


def _form_page(request, form, *, heading, button, back, caption="", multipart=False):
    return render(
        request, FORM_PAGE,
        {"form": form, "heading": heading, "button": button, "back": back, "caption": caption,
         "multipart": multipart, "error_links": form.error_links() if form.is_bound else []},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@roles_required(*access.OVERVIEW_ROLES)
def overview(request):
    return render(
        request, "workforce/overview.html",
        {"towns": queries.by_town(), "agencies": queries.by_agency(),
         "courses": queries.by_course(), "look_back": queries.NEED_LOOK_BACK_DAYS},
    )  # fmt: skip


@roles_required(Role.DATA_MANAGER, Role.ADMINISTRATOR)
def courses(request):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = form.save()
        messages.success(request, _("Course added: %(course)s.") % {"course": course})
        return redirect("workforce:courses")
    return render(
        request, "workforce/courses.html",
        {"courses": Course.objects.all(), "form": form,
         "error_links": form.error_links() if form.is_bound else []},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@roles_required(*access.TRAINING_ROLES)
def training(request):
    people = access.people_for(request.user)
    rows = [
        {"record": record, "currency": records.currency(record)}
        for record in TrainingRecord.objects.filter(person__in=people)
        .select_related("person", "course", "person__profile__organisation")
        .order_by("expires_on", "person__last_name")[:500]
    ]
    return render(
        request, "workforce/training.html",
        {"rows": rows, "expiring_days": records.EXPIRING_DAYS,
         "flagged": sum(1 for row in rows if row["currency"] != "current"),
         "imports": request.user.profile.role in (Role.DATA_MANAGER, Role.ADMINISTRATOR)},
    )  # fmt: skip


@roles_required(*access.TRAINING_ROLES)
def training_add(request):
    people = access.people_for(request.user)
    form = TrainingForm(request.POST or None, people=people,
                        initial={"person": request.user.pk})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            records.add_training(by=request.user, **data)
        except records.RecordRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Training recorded."))
            return redirect("workforce:training")
    return _form_page(request, form, heading=_("Record training"), button=_("Save"),
                      back=reverse("workforce:training"))  # fmt: skip


@roles_required(Role.DATA_MANAGER, Role.ADMINISTRATOR)
def training_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = records.import_training(form.cleaned_data["file"].read(), by=request.user)
        except records.RecordRefused as error:
            form.add_error("file", str(error))
        else:
            if not result.errors:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s training record imported.",
                        "%(count)s training records imported.",
                        result.saved,
                    )
                    % {"count": result.saved},
                )
                return redirect("workforce:training")
    failed = form.is_bound and (form.errors or (result and result.errors))
    return render(
        request, "workforce/import.html",
        {"form": form, "result": result, "columns": records.COLUMNS,
         "most_rows": records.MOST_ROWS,
         "error_links": form.error_links() if form.is_bound and form.errors else
         ([("errors", _("No rows were saved: correct the rows below and upload the file "
                        "again"))] if result and result.errors else [])},
        status=400 if failed else 200,
    )  # fmt: skip


# --- peer support --------------------------------------------------------------------------


@roles_required(*access.PEER_ROLES)
def peers(request):
    supporters = access.supporters_for(request.user).prefetch_related("matches")
    return render(request, "workforce/peers.html", {"supporters": supporters})


@roles_required(*access.PEER_ROLES)
def peer_add(request):
    form = PeerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        supporter = records.recruit(organisation=request.user.profile.organisation,
                                    by=request.user, **form.cleaned_data)  # fmt: skip
        messages.success(request, _("Peer supporter recruited."))
        return redirect("workforce:peer", supporter.pk)
    return _form_page(request, form, heading=_("Recruit a peer supporter"), button=_("Save"),
                      back=reverse("workforce:peers"))  # fmt: skip


def _open_requests(user):
    return requests_for(user).filter(status__in=OPEN).order_by("-submitted_at")


@roles_required(*access.PEER_ROLES)
def peer(request, supporter_id):
    supporter = access.get_supporter_for(request.user, supporter_id)
    training_form = PeerTrainingForm(auto_id="training-%s",
                                     initial={"trained_on": timezone.localdate()})  # fmt: skip
    match_form = MatchForm(requests=_open_requests(request.user), auto_id="match-%s")
    status = 200
    if request.method == "POST":
        status = 400
        if request.POST.get("form") == "training":
            training_form = PeerTrainingForm(request.POST, auto_id="training-%s")
            if training_form.is_valid():
                records.record_training(supporter, **training_form.cleaned_data)
                messages.success(request, _("Training recorded."))
                return redirect("workforce:peer", supporter.pk)
        else:
            match_form = MatchForm(request.POST, requests=_open_requests(request.user),
                                   auto_id="match-%s")  # fmt: skip
            if match_form.is_valid():
                try:
                    made = records.match(supporter, match_form.cleaned_data["request"],
                                         by=request.user)  # fmt: skip
                except records.RecordRefused as error:
                    match_form.add_error(None, str(error))
                else:
                    messages.success(request, _("Matched."))
                    return redirect("workforce:match", made.pk)
    matches = list(supporter.matches.select_related("request__service"))
    audit.record_listed(request.user, [m.request for m in matches], detail="peer supporter")
    error_links = training_form.error_links() if training_form.is_bound else []
    error_links += match_form.error_links() if match_form.is_bound else []
    return render(
        request, "workforce/peer.html",
        {"supporter": supporter, "matches": matches, "training_form": training_form,
         "match_form": match_form, "error_links": error_links},
        status=status,
    )  # fmt: skip


@roles_required(*access.PEER_ROLES)
def match(request, match_id):
    peer_match = access.get_match_for(request.user, match_id)
    form = ContactForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            contact = records.log_contact(peer_match, by=request.user, **form.cleaned_data)
        except records.RecordRefused as error:
            form.add_error(None, str(error))
        else:
            if contact.danger_recognised:
                messages.warning(
                    request,
                    _("Contact logged. The notes describe possible danger to a child or adult: "
                      "follow your safeguarding procedure now, and tell the family's lead "
                      "worker."),
                )  # fmt: skip
            else:
                messages.success(request, _("Contact logged."))
            return redirect("workforce:match", peer_match.pk)
    else:
        audit.record(request.user, "view", peer_match.request, detail=f"peer match {peer_match.pk}")
    return render(
        request, "workforce/match.html",
        {"match": peer_match, "contacts": peer_match.contacts.all(), "form": form,
         "error_links": form.error_links() if form.is_bound else []},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@require_POST
@roles_required(*access.PEER_ROLES)
def match_end(request, match_id):
    peer_match = access.get_match_for(request.user, match_id)
    if peer_match.ended_on is None:
        records.end_match(peer_match, on=timezone.localdate(), by=request.user)
        messages.success(request, _("The match has ended."))
    return redirect("workforce:match", peer_match.pk)
