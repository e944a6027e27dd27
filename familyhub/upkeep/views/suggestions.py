"""Changes suggested by the public: the list, and one suggestion with its status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from familyhub.audit import services as audit
from familyhub.upkeep import access, suggestions
from familyhub.upkeep.changes import ChangeRefused
from familyhub.upkeep.forms import (
    SuggestionStatusForm,
    error_links,
)
from familyhub.upkeep.models import SuggestedChange
from familyhub.upkeep.views.shared import T, page_of


@login_required
def suggestion_list(request):
    access.require_editor(request.user)
    status = request.GET.get("status", "open")
    found = access.suggestions_for(request.user)
    if status == "open":
        found = found.exclude(status=SuggestedChange.Status.RESOLVED)
    elif status in SuggestedChange.Status.values:
        found = found.filter(status=status)
    else:
        status = ""
    page = page_of(request, found.order_by("created_at", "id"))
    return render(
        request,
        T + "suggestion_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [("open", "Not resolved"), *SuggestedChange.Status.choices],
            "is_decider": access.is_decider(request.user),
            "section": "suggestions",
        },
    )


@login_required
def suggestion_page(request, suggestion_id):
    access.require_editor(request.user)
    suggestion = access.get_suggestion_for(request.user, suggestion_id)
    form = SuggestionStatusForm(
        request.POST or None,
        initial={"status": suggestion.status, "note": suggestion.resolved_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            suggestions.set_status(
                suggestion.pk,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ChangeRefused as refusal:
            form.add_error("note", str(refusal))
        else:
            messages.success(request, "The suggestion's status is saved.")
            return redirect("upkeep:suggestions")
    if request.method != "POST":
        # The public's words may name someone despite the warning: views are audited.
        audit.record(request.user, "view", suggestion)
    links = error_links(form) if form.is_bound else []
    return render(
        request,
        T + "suggestion.html",
        {
            "suggestion": suggestion,
            "form": form,
            "error_links": links,
            "section": "suggestions",
        },
        status=400 if links else 200,
    )
