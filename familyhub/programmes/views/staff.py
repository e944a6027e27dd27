"""The programme pages for staff: thin; the rules are in places.py and access.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.audit import services as audit
from familyhub.programmes import access, places, queries
from familyhub.programmes.forms import CompletionForm, GroupForm, ProgrammeForm, ScoresForm
from familyhub.programmes.models import GroupSession
from familyhub.referrals.waiting import expected_wait, expected_waits

PAGE_ROLES = access.PAGE_ROLES
FORM_PAGE = "programmes/form_page.html"


def _form_page(request, form, *, heading, button, back, caption="", status=200):
    return render(
        request, FORM_PAGE,
        {"form": form, "heading": heading, "button": button, "back": back, "caption": caption,
         "error_links": form.error_links() if form.is_bound else []},
        status=status,
    )  # fmt: skip


@roles_required(*PAGE_ROLES)
def programme_list(request):
    programmes = list(access.programmes_for(request.user))
    waits = expected_waits([p.service for p in programmes])
    summaries = queries.group_summaries([p.pk for p in programmes])
    rows = [
        {"programme": p, "wait": waits[p.service_id], "summary": summaries.get(p.pk)}
        for p in programmes
    ]
    return render(
        request, "programmes/list.html",
        {"rows": rows, "keeps_all": access.keeps_all(request.user)},
    )  # fmt: skip


@roles_required(Role.DATA_MANAGER, Role.ADMINISTRATOR)
def programme_new(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = form.save()
        messages.success(request, _("%(name)s is now a programme.") % {"name": programme})
        return redirect("programmes:programme", programme.pk)
    return _form_page(
        request, form, heading=_("Run a service as a programme of groups"),
        button=_("Save"), back=reverse("programmes:list"), status=400 if form.is_bound else 200,
    )  # fmt: skip


@roles_required(*PAGE_ROLES)
def programme_page(request, programme_id):
    programme = access.get_programme_for(request.user, programme_id)
    groups = list(
        places.with_places_taken(access.groups_for(request.user).filter(programme=programme))
    )
    runs = access.runs(request.user, programme)
    waiting = list(places.waiting_for_a_place(programme.service_id)) if runs else []
    if waiting:
        audit.record_listed(request.user, waiting, detail="waiting for a programme place")
    return render(
        request, "programmes/programme.html",
        {
            "programme": programme,
            "groups": groups,
            "wait": expected_wait(programme.service),
            "may_keep": access.may_keep_groups(request.user, programme),
            "runs": runs,
            "waiting": waiting,
            "outcomes": queries.programme_outcomes(programme),
        },
    )  # fmt: skip


@roles_required(Role.PROVIDER, Role.DATA_MANAGER, Role.ADMINISTRATOR)
def group_new(request, programme_id):
    programme = access.get_programme_for(request.user, programme_id)
    if not access.may_keep_groups(request.user, programme):
        raise Http404("No programme that you keep.")
    form = GroupForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = places.create_group(
                programme, name=data["name"], starts_on=data["starts_on"],
                sessions=data["sessions"], places=data["places"], venue=data["venue"],
                online=data["online"], facilitators=data["facilitators"], by=request.user,
            )  # fmt: skip
        except places.PlaceRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Group added: %(name)s.") % {"name": group.name})
            return redirect("programmes:group", group.pk)
    return _form_page(
        request, form, heading=_("Add a group"), caption=str(programme), button=_("Add the group"),
        back=reverse("programmes:programme", args=[programme.pk]),
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@roles_required(*PAGE_ROLES)
def group_page(request, group_id):
    group = access.get_group_for(request.user, group_id)
    group = places.with_places_taken(type(group).objects.filter(pk=group.pk)).get()
    sees = access.sees_families(request.user, group)
    runs = access.runs(request.user, group.programme)
    rows = queries.group_places(group) if sees else []
    waiting = list(places.waiting_for_a_place(group.programme.service_id)) if runs else []
    if sees:
        audit.record_listed(request.user, [row["place"].request for row in rows],
                            detail=f"programme group {group.pk}")  # fmt: skip
    if waiting:
        audit.record_listed(request.user, waiting, detail="waiting for a programme place")
    return render(
        request, "programmes/group.html",
        {
            "group": group,
            "programme": group.programme,
            "free": max(group.places - group.taken, 0),
            "sessions": group.sessions.all(),
            "rows": rows,
            "sees": sees,
            "runs": runs,
            "waiting": waiting,
            "takes_families": places.taking_groups().filter(pk=group.pk).exists(),
            "wait": expected_wait(group.programme.service),
        },
    )  # fmt: skip


@require_POST
@roles_required(Role.PROVIDER)
def give_places(request, group_id):
    group = access.get_group_for(request.user, group_id)
    if not access.runs(request.user, group.programme):
        raise Http404("No group that you run.")
    try:
        if request.POST.get("request"):
            places.place_request(group.pk, request.POST["request"], by=request.user)
            messages.success(request, _("The family has a place in this group."))
        else:
            given = places.fill_free_places(group.pk, by=request.user)
            messages.success(
                request,
                ngettext("%(count)s place given.", "%(count)s places given.", len(given))
                % {"count": len(given)}
                if given
                else _("No places given: no one is waiting, or the group is full."),
            )
    except places.PlaceRefused as error:
        messages.error(request, str(error))
    except (ValidationError, ValueError):
        messages.error(request, _("That request is not for this programme."))
    return redirect("programmes:group", group.pk)


@roles_required(*PAGE_ROLES)
def attendance(request, group_id, number):
    group = access.get_group_for(request.user, group_id)
    if not access.sees_families(request.user, group):
        raise Http404("No group that you run.")
    session = GroupSession.objects.filter(group=group, number=number).first()
    if session is None:
        raise Http404("No such session.")
    if request.method == "POST":
        chosen = [value for value in request.POST.getlist("attended") if value.isdigit()]
        count = places.record_attendance(session, chosen, by=request.user)
        messages.success(
            request,
            _("Attendance saved for session %(number)s: %(count)s came.")
            % {"number": number, "count": count},
        )
        return redirect("programmes:group", group.pk)
    rows = queries.session_attendance(session)
    audit.record_listed(request.user, [row["place"].request for row in rows],
                        detail=f"attendance {session.pk}")  # fmt: skip
    return render(
        request, "programmes/attendance.html", {"group": group, "session": session, "rows": rows}
    )


@roles_required(*PAGE_ROLES)
def place_page(request, place_id):
    place = access.get_place_for(request.user, place_id)
    programme = place.group.programme
    initial = {"version": place.version, "before_score": place.before_score,
               "before_on": place.before_on, "after_score": place.after_score,
               "after_on": place.after_on}  # fmt: skip
    scores = ScoresForm(request.POST or None, initial=initial, programme=programme)
    status = 200
    if request.method == "POST":
        if scores.is_valid():
            data = scores.cleaned_data
            try:
                places.record_scores(
                    place.pk, before=data["before_score"], before_on=data["before_on"],
                    after=data["after_score"], after_on=data["after_on"], by=request.user,
                    expected_version=data["version"],
                )  # fmt: skip
            except places.PlaceRefused as error:
                scores.add_error(None, str(error))
            else:
                messages.success(request, _("Scores saved."))
                return redirect("programmes:place", place.pk)
        status = 400
    else:
        audit.record(request.user, "view", place.request, detail=f"programme place {place.pk}")
    completion = CompletionForm(initial={"version": place.version, "status": place.status},
                                auto_id="completion-%s")  # fmt: skip
    return _place(request, place, scores, completion, status)


def _place(request, place, scores, completion, status):
    error_links = scores.error_links() if scores.is_bound else []
    error_links += completion.error_links() if completion.is_bound else []
    return render(
        request, "programmes/place.html",
        {"place": place, "programme": place.group.programme, "scores": scores,
         "completion": completion, "error_links": error_links,
         "attended": places.sessions_attended(place), "needed": places.sessions_needed(place),
         "sessions": place.group.sessions.count()},
        status=status,
    )  # fmt: skip


@require_POST
@roles_required(*PAGE_ROLES)
def place_completion(request, place_id):
    place = access.get_place_for(request.user, place_id)
    completion = CompletionForm(request.POST, auto_id="completion-%s")
    if completion.is_valid():
        try:
            places.record_completion(
                place.pk, completion.cleaned_data["status"], by=request.user,
                expected_version=completion.cleaned_data["version"],
            )  # fmt: skip
        except places.PlaceRefused as error:
            completion.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:place", place.pk)
    scores = ScoresForm(
        initial={"version": place.version, "before_score": place.before_score,
                 "before_on": place.before_on, "after_score": place.after_score,
                 "after_on": place.after_on},
        programme=place.group.programme,
    )  # fmt: skip
    return _place(request, place, scores, completion, 400)
