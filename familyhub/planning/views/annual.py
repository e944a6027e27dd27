"""The partnership's annual report (annual.py): the page, printable, and its PDF."""

from django.http import HttpResponse
from django.shortcuts import render

from familyhub.accounts.roles import roles_required
from familyhub.planning import access, annual, reports


def _report_or_error(request):
    try:
        year = annual.parse_year(request.GET.get("year"))
    except annual.BadYear as bad:
        page = render(
            request,
            "planning/staff/annual_bad_year.html",
            {"error": str(bad), "years": annual.years_available(), "given": request.GET["year"]},
            status=400,
        )
        return None, page
    return annual.annual_report(year), None


@roles_required(*access.READERS)
def annual_report(request):
    report, error = _report_or_error(request)
    if error:
        return error
    return render(request, "planning/staff/annual.html", {"report": report})


@roles_required(*access.READERS)
def annual_pdf(request):
    report, error = _report_or_error(request)
    if error:
        return error
    response = HttpResponse(reports.annual_pdf(report), content_type="application/pdf")
    name = f"annual-report-{report.year.label}.pdf".replace("–", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
