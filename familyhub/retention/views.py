"""Administrators' pages: the retention policy and what is due under it, and erasing a family's
data at a person's request. Administrators only (anyone else signed in: 403; a family record or
erasure that does not exist: 404). Thin: the rules are in services.py and erasure.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from familyhub.accounts.models import Role
from familyhub.accounts.roles import role_of
from familyhub.audit import services as audit
from familyhub.families.models import Family
from familyhub.referrals.models import SupportRequest
from familyhub.retention import services
from familyhub.retention.erasure import ErasureRefused, erase_family, erasure_problems
from familyhub.retention.forms import ErasureForm, FindFamilyForm
from familyhub.retention.models import ErasureRecord
from familyhub.retention.policy import PolicyError, load_policy


def administrators_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if role_of(request.user) != Role.ADMINISTRATOR:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@administrators_only
def due(request):
    """The policy, kind by kind, with what is due now and in the next 30 days, and the last run."""
    try:
        policy = load_policy()
    except PolicyError as error:  # the system check says so at startup too
        return render(request, "retention/policy_error.html", {"error": error}, status=500)
    last_run = services.last_run()
    done = last_run.results if last_run else {}
    rows = [
        {"rule": due.rule, "now": due.now, "soon": due.soon, "last": done.get(due.rule.kind)}
        for due in services.due_summary(policy=policy)
    ]
    return render(
        request,
        "retention/due.html",
        {
            "policy": policy,
            "rows": rows,
            "look_ahead_days": services.LOOK_AHEAD_DAYS,
            "last_run": last_run,
            "erasures": ErasureRecord.objects.select_related("by")[:10],
            "find_form": FindFamilyForm(),
        },
    )


@require_GET
@administrators_only
def find_family(request):
    """From a request's reference to its family's erasure page."""
    form = FindFamilyForm(request.GET)
    if form.is_valid():
        found = SupportRequest.objects.filter(reference=form.cleaned_data["reference"]).first()
        if found:
            return redirect("retention:erase_family", family_id=found.family_id)
        form.add_error("reference", "No request has that reference")
    return render(request, "retention/find.html", {"form": form}, status=400)


def _people(family):
    return sorted(family.members.all(), key=lambda m: (m.is_child, str(m.date_of_birth or "")))


@require_http_methods(["GET", "POST"])
@administrators_only
def erase(request, family_id):
    """What will be erased, why it cannot be (if so), and the reason and confirmation."""
    family = get_object_or_404(Family.objects.prefetch_related("members"), pk=family_id)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    problems = erasure_problems(family)
    if request.method == "POST" and not problems and form.is_valid():
        try:
            erasure = erase_family(family, request.user, form.cleaned_data["reason"])
        except ErasureRefused as refused:  # e.g. a request was sent a moment ago
            problems = refused.reasons
        else:
            return redirect("retention:erasure", erasure_id=erasure.pk)
    if request.method == "GET":
        audit.record(request.user, "view", family, detail="erasure page")
    requests = SupportRequest.objects.filter(family=family).select_related("service")
    return render(
        request,
        "retention/erase.html",
        {
            "family": family,
            "people": _people(family),
            "requests": requests.order_by("-submitted_at"),
            "anonymised_on": services.anonymised_on("families", family.pk),
            "problems": problems,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@administrators_only
def erasure(request, erasure_id):
    record = get_object_or_404(ErasureRecord.objects.select_related("by"), pk=erasure_id)
    return render(request, "retention/erasure.html", {"erasure": record})
