"""What the staff pages share."""

from django.contrib import messages
from django.shortcuts import redirect, render

from familyhub.planning.actions import PlanRefused


def form_page(request, form, **context):
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "planning/staff/form_page.html",
        {"form": form, "error_links": form.error_links() if form.errors else [], **context},
        status=status,
    )


def saved(request, form, act, *, done: str, then: str, **kwargs):
    """For a valid post: `act(form.cleaned_data)`, say `done`, and the redirect to `then` (a URL
    name with `kwargs`). None otherwise, or when the plan refuses: the reason is on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        act(form.cleaned_data)
    except PlanRefused as refused:
        form.add_error(None, str(refused))
        return None
    messages.success(request, done)
    return redirect(then, **kwargs)
