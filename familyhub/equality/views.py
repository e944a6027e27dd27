"""The equality questions after a request is sent and on an early help case, and the equality
report for analysts, board members, data managers and administrators (aggregates only). Thin:
who may answer is offering.py, what is counted is reports.py."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.equality import actions, offering, reports
from familyhub.equality.forms import AgreementForm, PeriodForm, check, error_links, people_forms

REPORT_ROLES = (Role.ANALYST, Role.BOARD_MEMBER, Role.DATA_MANAGER, Role.ADMINISTRATOR)


def _ask(request, *, people, agreement, context, via, done_url):
    data = request.POST if request.method == "POST" else None
    person_forms = people_forms(data, people)
    agreement_form = AgreementForm(data) if agreement else None
    if data is not None and check(person_forms, agreement_form):
        actions.record_answers(person_forms, by=request.user, via=via)
        return redirect(done_url)
    errors = error_links(*person_forms, *([agreement_form] if agreement_form else []))
    return render(
        request,
        "equality/ask.html",
        {"person_forms": person_forms, "agreement": agreement_form, "error_list": errors,
         **context},
        status=400 if errors else 200,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def after_request(request, reference):
    """ "Help us check our services are fair": linked from the sent page, never in the way."""
    sent = offering.sent_request(request, reference)
    back = reverse("referrals:sent", args=[reference])
    context = {
        "title": _("Help us check our services are fair"),
        "by_practitioner": sent.by_practitioner,
        "back": back,
        "reference": reference,
    }
    if not sent.may_answer:
        return render(request, "equality/ask.html", {**context, "not_here": True})
    if request.GET.get("done"):
        return render(request, "equality/thanks.html", context)
    done = reverse("equality:after_request", args=[reference]) + "?done=1"
    return _ask(request, people=offering.people_on(sent.request),
                agreement=sent.by_practitioner, context=context,
                via="practitioner referring" if sent.by_practitioner else "after the request",
                done_url=done)  # fmt: skip


@require_http_methods(["GET", "POST"])
def for_case(request, reference):
    """The lead records the family's answers on an early help case, with their agreement."""
    case = offering.case_to_record(request, reference)
    back = reverse("casework:case", args=[case.reference])
    context = {
        "title": _("Equality monitoring: what the family chose to tell you"),
        "by_practitioner": True,
        "case": case,
        "back": back,
    }
    if request.GET.get("done"):
        return render(request, "equality/thanks.html", context)
    done = reverse("equality:case", args=[case.reference]) + "?done=1"
    return _ask(request, people=offering.people_in(case), agreement=True, context=context,
                via=f"early help case {case.reference}", done_url=done)  # fmt: skip


def _period(request):
    """The period asked for (blank: the last 12 months), checked."""
    form = PeriodForm(request.GET)
    form.is_valid()
    return form


@require_GET
@roles_required(*REPORT_ROLES)
def report(request):
    form = _period(request)
    if form.errors:
        return render(request, "equality/report.html",
                      {"form": form, "error_list": error_links(form)}, status=400)  # fmt: skip
    data = form.cleaned_data
    built = reports.build(data["start"], data["end"])
    return render(
        request,
        "equality/report.html",
        {
            "form": form,
            "report": built,
            "query": request.GET.urlencode(),
            "rule": {
                "ratio": int(reports.UNDER_REPRESENTED_RATIO * 100),
                "expected": reports.MIN_EXPECTED,
                "base": reports.MIN_BASE,
                "rate": int(reports.RATE_MARGIN * 100),
                "days": reports.WAIT_MARGIN_DAYS,
                "points": reports.CONFIDENCE_MARGIN,
            },
        },
    )


@require_GET
@roles_required(*REPORT_ROLES)
def report_csv(request, slug):
    form = _period(request)
    if form.errors:
        return HttpResponse(
            "; ".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = form.cleaned_data
    table = reports.build(data["start"], data["end"]).table(slug)
    if table is None:
        raise Http404("No such table.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="equality-{slug}-{data["start"]}-{data["end"]}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["", *(column.label for column in table.columns)])
    for row in table.rows:
        writer.writerow(
            [row.label]
            + [
                "[c]" if value is reports.HIDDEN else reports.figure_text(value, column.kind)
                for value, column in zip(row.values, table.columns, strict=True)
            ]
        )
    writer.writerow([])
    writer.writerow([_("[c]: hidden so that no family can be identified (fewer than 5, or it "
                       "would reveal a number under 5).")])  # fmt: skip
    return response
