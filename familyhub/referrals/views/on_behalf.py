"""Staff making a request on a family's behalf (on the phone or at a family hub)."""

from django.shortcuts import redirect, render

from familyhub.accounts.roles import roles_required
from familyhub.referrals.on_behalf import MAKERS, StartForm, new_draft
from familyhub.referrals.views.request_form import DRAFTS_SESSION_KEY


@roles_required(*MAKERS)
def start(request):
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.session.session_key:
            request.session.save()
        draft = new_draft(
            request.user,
            request.session.session_key,
            how=form.cleaned_data["how"],
            service=form.cleaned_data["service"],
        )
        request.session[DRAFTS_SESSION_KEY] = [
            *request.session.get(DRAFTS_SESSION_KEY, []), str(draft.id)
        ][-10:]  # fmt: skip
        return redirect("referrals:step", draft_id=draft.id, step="safety")
    status = 400 if request.method == "POST" else 200
    return render(request, "referrals/staff/on_behalf.html", {"form": form}, status=status)
