"""What the staff pages share."""

from django.shortcuts import render


def form_page(request, form, **context):
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "planning/staff/form_page.html",
        {"form": form, "error_links": form.error_links() if form.errors else [], **context},
        status=status,
    )
