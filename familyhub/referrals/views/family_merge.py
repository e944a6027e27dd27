"""Triage's comparison of two family records: joining them (`actions.merge_family_records`), or
noting they are different families."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import (
    Count,
)
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import require_role
from familyhub.audit import services as audit
from familyhub.families.duplicates import mark_different_families
from familyhub.families.models import Family
from familyhub.referrals import actions
from familyhub.referrals.access import families_for
from familyhub.referrals.staff_forms import (
    MergeForm,
)
from familyhub.referrals.views.staff_shared import (
    TEMPLATES,
)

# --- 5. merging duplicate family records ---------------------------------------------------


def _merge_problem(keep: Family, duplicate: Family) -> str:
    if keep.pk == duplicate.pk:
        return _("A family record cannot be merged into itself.")
    if duplicate.merged_into_id:
        return _("This record has already been merged into another record.")
    if keep.merged_into_id:
        return _(
            "The record to keep has itself been merged into another record. Merge into that "
            "record instead."
        )
    return ""


def _family_summary(family: Family) -> dict:
    members = sorted(family.members.all(), key=lambda m: (m.is_child, m.date_of_birth or date.min))
    return {"family": family, "members": members, "requests": family.request_count}


@login_required
def merge_families(request, family_id):
    require_role(request.user, {Role.TRIAGE})
    visible = families_for(request.user).annotate(request_count=Count("requests", distinct=True))
    visible = visible.prefetch_related("members")
    duplicate = get_object_or_404(visible, pk=family_id)
    target = MergeForm(request.POST if request.method == "POST" else request.GET)
    if not target.is_valid():
        raise Http404("Choose the record to merge into.")
    keep = get_object_or_404(visible, pk=target.cleaned_data["into"])
    problem = _merge_problem(keep, duplicate)

    if request.method == "POST" and not problem:
        try:
            actions.merge_family_records(keep, duplicate, by=request.user)
        except ValueError as refusal:  # e.g. someone else merged one of them a moment ago
            problem = str(refusal)
        else:
            messages.success(
                request,
                _("The family records were merged. Their requests are now on one record."),
            )
            return redirect("referrals:triage")
    if request.method != "POST":
        audit.record(request.user, "view", duplicate, detail="compared for merging")
        audit.record(request.user, "view", keep, detail="compared for merging")
    return render(
        request,
        TEMPLATES + "merge.html",
        {
            "duplicate": _family_summary(duplicate),
            "keep": _family_summary(keep),
            "problem": problem,
        },
        status=400 if problem and request.method == "POST" else 200,
    )


@login_required
@require_POST
def different_families(request, family_id):
    """Triage compared two records and they are different families: stop suggesting them."""
    require_role(request.user, {Role.TRIAGE})
    visible = families_for(request.user)
    one = get_object_or_404(visible, pk=family_id)
    target = MergeForm(request.POST)
    if not target.is_valid():
        raise Http404("Choose the record to compare with.")
    other = get_object_or_404(visible, pk=target.cleaned_data["into"])
    if one.pk == other.pk:
        raise Http404("A record is the same family as itself.")
    mark_different_families(one, other, by=request.user)
    messages.success(
        request, _("Noted: these are different families. They will not be suggested again.")
    )
    return redirect("referrals:triage")
