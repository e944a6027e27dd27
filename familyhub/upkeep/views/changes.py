"""Proposed changes (the data managers' queue: approve or reject) and a service's history of
published versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from familyhub.upkeep import access, changes, differences
from familyhub.upkeep.changes import ChangeRefused
from familyhub.upkeep.forms import (
    RejectForm,
    error_links,
)
from familyhub.upkeep.models import ProposedChange
from familyhub.upkeep.views.shared import T, page_of, summary_rows

# --- history --------------------------------------------------------------------------------


@login_required
def history(request, service_id):
    access.require_editor(request.user)
    service = access.get_service_for(request.user, service_id)
    current = changes.current_version(service)
    versions = service.versions.select_related("made_by", "change", "change__proposed_by")
    return render(
        request,
        T + "history.html",
        {"service": service, "versions": versions, "current": current, "section": "services"},
    )


@login_required
def version_page(request, service_id, number):
    access.require_editor(request.user)
    service = access.get_service_for(request.user, service_id)
    version = access.get_version_for(request.user, service, number)
    current = changes.current_version(service)
    deciding = access.is_decider(request.user)
    if request.method == "POST":
        try:
            change = changes.restore(version, by=request.user, apply_now=deciding)
        except ChangeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("upkeep:version", service_id=service.pk, number=number)
        if deciding:
            messages.success(request, f"Version {number} is published again.")
            return redirect("upkeep:history", service_id=service.pk)
        messages.success(
            request, f"Restoring version {number} is waiting for approval ({change.reference})."
        )
        return redirect("upkeep:change", change_id=change.pk)
    return render(
        request,
        T + "version.html",
        {
            "service": service,
            "version": version,
            "is_current": version.number == current.number,
            "rows": summary_rows(version.data),
            "changed_since": differences.diff(version.data, current.data),
            "deciding": deciding,
            "section": "services",
        },
    )


# --- proposed changes -----------------------------------------------------------------------


@login_required
def change_list(request):
    access.require_editor(request.user)
    status = request.GET.get("status", ProposedChange.Status.PENDING)
    if status not in ProposedChange.Status.values:
        status = ProposedChange.Status.PENDING
    found = access.changes_for(request.user).filter(status=status)
    if status != ProposedChange.Status.PENDING:
        found = found.order_by("-decided_at", "-id")
    page = page_of(request, found)
    return render(
        request,
        T + "change_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ProposedChange.Status.choices,
            "is_decider": access.is_decider(request.user),
            "section": "changes",
        },
    )


def _change_context(request, change, reject_form=None) -> dict:
    deciding = access.is_decider(request.user)
    pending = change.status == ProposedChange.Status.PENDING
    stale = False
    if pending and change.service_id:
        stale = changes.current_version(change.service).number != change.base_version
    return {
        "change": change,
        "rows": differences.diff_for(change),
        "seen": changes.seen_token(change),
        "can_decide": deciding and pending,
        "stale": stale,
        "reject_form": reject_form or RejectForm(),
        "error_links": error_links(reject_form) if reject_form is not None else [],
        "section": "changes",
    }


@login_required
def change_page(request, change_id):
    access.require_editor(request.user)
    change = access.get_change_for(request.user, change_id)
    return render(request, T + "change.html", _change_context(request, change))


@login_required
@require_POST
def approve(request, change_id):
    access.require_decider(request.user)
    change = access.get_change_for(request.user, change_id)
    try:
        change = changes.approve(change.pk, by=request.user, seen=request.POST.get("seen", ""))
    except ChangeRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("upkeep:change", change_id=change.pk)
    messages.success(request, f"{change.reference} is approved and published.")
    return redirect("upkeep:changes")


@login_required
@require_POST
def reject(request, change_id):
    access.require_decider(request.user)
    change = access.get_change_for(request.user, change_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            changes.reject(change.pk, by=request.user, reason=form.cleaned_data["reason"])
        except ChangeRefused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, f"{change.reference} is rejected. The provider is told.")
            return redirect("upkeep:changes")
    return render(request, T + "change.html", _change_context(request, change, form), status=400)
