"""The board's outcomes dashboard and the data managers' pages for figures from outside Family
Hub. Board members, analysts, data managers and administrators read the dashboard (aggregates
only: no family is ever named or linked); data managers and administrators enter figures and
edit measures. Thin: the rules are in queries.py, figures.py and framework.py."""

import csv

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from familyhub.accounts.models import Role
from familyhub.accounts.roles import roles_required
from familyhub.outcomes import figures, queries, refresh
from familyhub.outcomes.charts import measure_chart
from familyhub.outcomes.forms import FigureForm, MeasureForm, ReturnForm, UploadForm
from familyhub.outcomes.models import Figure, Kind, Measure, PartnerReturn
from familyhub.outcomes.report import board_report

READERS = (Role.BOARD_MEMBER, Role.ANALYST, Role.DATA_MANAGER, Role.ADMINISTRATOR)
EDITORS = (Role.DATA_MANAGER, Role.ADMINISTRATOR)
BODY_KEPT_SECONDS = 24 * 60 * 60
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


NONCE = "__outcomes_nonce__"


@require_GET
@roles_required(*READERS)
def dashboard(request):
    """The page's body is cached by the version of the figures (decision 0031): the same figures
    give the same page, until the nightly refresh or a data manager changes one."""
    can_edit = request.user.profile.role in EDITORS
    key = f"outcomes-dashboard:{queries.data_version()}:{can_edit}:{get_language()}"
    body = cache.get(key)
    if body is None:
        data = queries.dashboard()
        for view in data["views"]:
            view.chart = measure_chart(view, NONCE)
        context = {**data, "refreshed_at": refresh.last_refreshed(), "can_edit": can_edit}
        body = render_to_string("outcomes/_dashboard_body.html", context, request=request)
        cache.set(key, body, BODY_KEPT_SECONDS)
    nonce = str(getattr(request, "csp_nonce", ""))
    return render(
        request, "outcomes/dashboard.html", {"body": mark_safe(body.replace(NONCE, nonce))}
    )


def _spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula opens as text (OWASP CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@require_GET
@roles_required(*READERS)
def table_csv(request, slug):
    table = queries.table_named(slug)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="outcomes-{slug}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow([_spreadsheet_safe(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return response


@require_GET
@roles_required(*READERS)
def report_pdf(request):
    made_on = timezone.localdate()
    pdf = board_report(
        queries.dashboard(),
        title=_("Family Hub outcomes: report to the Early Help Partnership Board"),
        made_on=made_on.strftime("%-d %B %Y"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="outcomes-board-report-{made_on}.pdf"'
    return response


def _figures_page(request, form=None, upload_form=None, csv_errors=None, status=200):
    return render(
        request,
        "outcomes/figures.html",
        {
            "form": form or FigureForm(),
            "upload_form": upload_form or UploadForm(),
            "csv_errors": csv_errors or [],
            "csv_columns": figures.CSV_COLUMNS,
            "measures": figures.entered_measures(),
            "recent": Figure.objects.filter(partner_return__isnull=True)
            .select_related("measure", "entered_by")
            .order_by("-entered_at")[:20],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*EDITORS)
def enter_figures(request):
    """Enter a figure from outside Family Hub (GET: the form, the CSV upload, recent figures)."""
    if request.method == "GET":
        return _figures_page(request)
    form = FigureForm(request.POST)
    if form.is_valid():
        figure = figures.save_figure(form.cleaned_data["checked"], by=request.user)
        return redirect(f"{request.path}?saved={figure.measure.key}")
    return _figures_page(request, form=form, status=400)


@require_POST
@roles_required(*EDITORS)
def upload_figures(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _figures_page(request, upload_form=form, status=400)
    upload = form.cleaned_data["file"].read(figures.MAX_CSV_BYTES + 1)  # no more than needed
    result = figures.import_csv(upload, by=request.user)
    if result.errors:
        return _figures_page(request, upload_form=form, csv_errors=result.errors, status=400)
    return redirect(f"{request.path.rsplit('upload/', 1)[0]}?uploaded={result.saved}")


@require_http_methods(["GET", "POST"])
@roles_required(*EDITORS)
def partner_return(request):
    form = ReturnForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = figures.save_return(
                    form.cleaned_data["organisation"], form.cleaned_data["period"],
                    form.cleaned_data["source"], form.values(), by=request.user,
                )  # fmt: skip
            except figures.FigureProblem as problem:
                form.add_error(None, str(problem))
            else:
                return redirect(f"{request.path}?saved={saved.pk}")
    return render(
        request,
        "outcomes/returns.html",
        {"form": form, "returns": PartnerReturn.objects.prefetch_related("figures__measure")[:20]},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@roles_required(*EDITORS)
def edit_measure(request, key):
    measure = get_object_or_404(Measure.objects.select_related("outcome"), key=key)
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        edited.edited_at = timezone.now()
        edited.edited_by = request.user
        edited.save()
        return redirect(f"{request.path}?saved=1")
    return render(
        request,
        "outcomes/measure.html",
        {"measure": measure, "form": form, "computed": measure.kind == Kind.COMPUTED},
        status=400 if request.method == "POST" else 200,
    )
