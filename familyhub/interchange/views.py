"""Data managers' pages: import an ORUK feed or a CSV file and follow its report, download the
CSV template and the exports, review likely duplicates and merge them.

Thin: the work is in oruk_import, csv_import, export and duplicates; runs start through runner.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from familyhub.accounts.roles import DATA_ROLES, roles_required
from familyhub.directory.choices import DeliveryMode
from familyhub.interchange import duplicates, export, review, runner
from familyhub.interchange.csv_import import CsvFileError, decode
from familyhub.interchange.forms import (
    CsvImportForm,
    MergeForm,
    OrukImportForm,
    RejectForm,
    ReviewForm,
)
from familyhub.interchange.models import (
    ImportKind,
    ImportRun,
    MergeKind,
    MergeRecord,
    Outcome,
    RunStatus,
)
from familyhub.interchange.oruk_import import start_run

RESULTS_PER_PAGE = 50
REFRESH_SECONDS = 3


# Data managers and administrators: the one role check (accounts.roles).
data_manager_only = roles_required(*DATA_ROLES)


def _home(request, oruk_form=None, csv_form=None, status=200):
    return render(
        request,
        "interchange/home.html",
        {
            "oruk_form": oruk_form or OrukImportForm(),
            "csv_form": csv_form or CsvImportForm(),
            "runs": ImportRun.objects.select_related("started_by")[:10],
            "merges": MergeRecord.objects.select_related("by")[:5],
            "waiting_review": review.waiting().count(),
        },
        status=status,
    )


@require_GET
@data_manager_only
def home(request):
    return _home(request)


@require_POST
@data_manager_only
def import_oruk(request):
    form = OrukImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, oruk_form=form, status=400)
    data = form.cleaned_data
    if data.get("url"):
        public_only = not getattr(settings, "INTERCHANGE_ALLOW_PRIVATE_FEEDS", False)
        run = start_run(data["url"], user=request.user, public_only=public_only)
    else:
        run = start_run(data["file"].name, user=request.user, upload=data["text"])
    runner.start(run)
    return redirect("interchange:run", run_id=run.id)


@require_POST
@data_manager_only
def import_csv(request):
    form = CsvImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, csv_form=form, status=400)
    name, raw = form.cleaned_data["file"]
    try:
        text = decode(raw)
    except CsvFileError as error:
        form.add_error("file", str(error))
        return _home(request, csv_form=form, status=400)
    run = ImportRun.objects.create(
        kind=ImportKind.CSV, source=name[:500], started_by=request.user, upload=text
    )
    runner.start(run)
    return redirect("interchange:run", run_id=run.id)


@require_GET
@data_manager_only
def run_page(request, run_id):
    run = get_object_or_404(ImportRun, pk=run_id)
    outcome = request.GET.get("outcome", "")
    results = run.results.all()
    if outcome in Outcome.values:
        results = results.filter(outcome=outcome)
    else:
        outcome = ""
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "interchange/run.html",
        {
            "run": run,
            "page": page,
            "outcome": outcome,
            "outcomes": Outcome.choices,
            "refresh": REFRESH_SECONDS if run.in_progress else None,
            "is_csv": run.kind == ImportKind.CSV,
            "failed_status": RunStatus.FAILED,
            "held": 0
            if run.in_progress
            else review.waiting().filter(source=run.source[:500]).count(),
        },
    )


@require_GET
@data_manager_only
def csv_template(request):
    response = HttpResponse(
        "".join(export.csv_text(export.template_rows())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="family-hub-services-template.csv"'
    return response


def _download(chunks, content_type, stem, extension):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{extension}"'
    return response


@require_GET
@data_manager_only
def export_json(request):
    return _download(export.oruk_json(), "application/json", "family-hub-oruk", "json")


@require_GET
@data_manager_only
def export_csv(request):
    return _download(
        export.csv_text(export.csv_rows()), "text/csv; charset=utf-8", "family-hub-services", "csv"
    )


def _kind(request) -> str:
    kind = request.GET.get("kind") or request.POST.get("kind") or MergeKind.SERVICE
    if kind not in MergeKind.values:
        raise Http404("No such kind of record.")
    return kind


@require_GET
@data_manager_only
def duplicate_list(request):
    kind = _kind(request)
    return render(
        request,
        "interchange/duplicates.html",
        {
            "kind": kind,
            "kinds": MergeKind.choices,
            "candidates": duplicates.find_duplicates(kind),
        },
    )


def _pair(kind, first, second):
    model = duplicates.MODELS[kind]
    try:
        ids = [uuid.UUID(str(first)), uuid.UUID(str(second))]
    except ValueError:
        raise Http404("No such records.") from None
    found = model.objects.in_bulk(ids)
    if len(found) != 2:
        raise Http404("One of these records no longer exists: it may have been merged.")
    return [found[i] for i in ids]


@data_manager_only
def merge(request):
    kind = _kind(request)
    form = MergeForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            record = duplicates.merge(kind, data["keep"], form.duplicate, by=request.user)
        except duplicates.MergeRefused as refused:
            messages.error(request, str(refused))
            return redirect(reverse("interchange:duplicates") + f"?kind={kind}")
        messages.success(
            request, f"Merged “{record.merged_name}” into the record kept; every reference moved."
        )
        return redirect(reverse("interchange:duplicates") + f"?kind={kind}")
    source = request.POST if form is not None else request.GET
    first, second = _pair(kind, source.get("first"), source.get("second"))
    return render(
        request,
        "interchange/merge.html",
        {
            "kind": kind,
            "kind_label": MergeKind(kind).label.lower(),
            "records": [_describe(kind, first), _describe(kind, second)],
            "form": form,
        },
        status=400 if form is not None else 200,
    )


@require_POST
@data_manager_only
def not_duplicates(request):
    kind = _kind(request)
    first, second = _pair(kind, request.POST.get("first"), request.POST.get("second"))
    duplicates.mark_distinct(kind, first.pk, second.pk, by=request.user)
    messages.success(
        request, f"“{first.name}” and “{second.name}” will not be suggested as duplicates again."
    )
    return redirect(reverse("interchange:duplicates") + f"?kind={kind}")


def _describe(kind, record) -> dict:
    """What a data manager needs to tell two records apart, and what a merge would move."""
    counts = {}
    for related, field in duplicates.references_to(type(record)):
        count = related._base_manager.filter(**{field.attname: record.pk}).count()
        if count:
            counts[related._meta.verbose_name_plural] = count
    postcodes = set()
    if kind == MergeKind.LOCATION:
        postcodes = {a.postal_code for a in record.addresses.all()}
    elif kind == MergeKind.SERVICE:
        postcodes = {
            a.postal_code
            for link in record.service_at_locations.select_related("location")
            for a in link.location.addresses.all()
        }
    return {"record": record, "postcodes": sorted(postcodes), "references": counts}


# --- imported records waiting for review ----------------------------------------------------


@require_GET
@data_manager_only
def review_list(request):
    page = Paginator(review.waiting(), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"review": item, "reasons": review.reason_texts(item.reasons)} for item in page]
    return render(request, "interchange/review_list.html", {"page": page, "rows": rows})


def _review_context(request, held, form=None, reject_form=None) -> dict:
    service = held.service
    initial = {
        "level_of_need": service.level_of_need or None,
        "access_routes": service.access_routes,
    }
    return {
        "held": held,
        "service": service,
        "reasons": review.reason_texts(held.reasons),
        "delivered": [DeliveryMode(mode).label for mode in service.delivery_modes],
        "places": [
            address
            for link in service.service_at_locations.select_related("location")
            for address in link.location.addresses.all()
        ],
        "form": form or ReviewForm(initial=initial, service=service),
        "reject_form": reject_form or RejectForm(),
    }


def _held_or_404(service_id):
    held = review.waiting().filter(pk=service_id).select_related("service__organisation").first()
    if held is None:
        raise Http404("No imported record waiting for review with that id.")
    return held


@data_manager_only
def review_page(request, service_id):
    held = _held_or_404(service_id)
    if request.method == "POST":
        form = ReviewForm(request.POST, service=held.service)
        if form.is_valid():
            data = form.cleaned_data
            try:
                service = review.publish(
                    held.pk,
                    by=request.user,
                    level_of_need=data["level_of_need"],
                    access_routes=data["access_routes"],
                    delivery_modes=data.get("delivery_modes"),
                    description=data.get("description", ""),
                    organisation_description=data.get("organisation_description", ""),
                )
            except review.ReviewRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("%(name)s is published.") % {"name": service.name})
                return redirect("interchange:review_list")
        context = _review_context(request, held, form=form)
        return render(request, "interchange/review.html", context, status=400)
    return render(request, "interchange/review.html", _review_context(request, held))


@require_POST
@data_manager_only
def review_reject(request, service_id):
    held = _held_or_404(service_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            review.reject(held.pk, by=request.user, note=form.cleaned_data["note"])
        except review.ReviewRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("%(name)s is rejected: later imports will not bring it back.")
                % {"name": held.service.name},
            )
            return redirect("interchange:review_list")
    context = _review_context(request, held, reject_form=form)
    return render(request, "interchange/review.html", context, status=400)
