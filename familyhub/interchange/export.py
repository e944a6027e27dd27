"""Exporting the directory: ORUK 3.0 JSON (one page of full service records, as /services?full
gives them, through the same serializers) and CSV (one row a service, the columns of the CSV
import template). Both are generators over services read in small batches, so memory stays flat
however big the directory is.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import ORUK_STATUSES
from familyhub.interchange import export_rows, parallel
from familyhub.interchange.csv_columns import COLUMNS, defuse, service_row

BATCH = 200


def _ids_in_order(queryset) -> Iterator[list]:
    batch = []
    for service_id in (
        queryset.order_by("name", "id").values_list("id", flat=True).iterator(chunk_size=2000)
    ):
        batch.append(service_id)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _partnership_terms() -> dict:
    keys = [ref.LEVEL, ref.ACCESS, ref.DELIVERY, ref.DETAILS, ref.AREA]
    terms = m.TaxonomyTerm.objects.select_related("taxonomy").filter(taxonomy__key__in=keys)
    return {term.id: term for term in terms}


def services_in_batches(queryset=None, prepare=None) -> Iterator[list]:
    """Full services, a batch at a time, in name order."""
    queryset = (
        queryset if queryset is not None else m.Service.objects.filter(status__in=ORUK_STATUSES)
    )
    for ids in _ids_in_order(queryset):
        by_id = {service.id: service for service in prepare(ids)}
        yield [by_id[i] for i in ids if i in by_id]


def oruk_json(queryset=None, workers: int = 1) -> Iterator[str]:
    """The whole directory as one ORUK page of full services (the `service_list` schema).
    Records are made a batch at a time from rows (export_rows.py); with `workers` over 1 (the
    management command's choice, never a web request's), batches are made in that many
    processes and written in order (parallel.py): the same text either way."""
    queryset = (
        queryset if queryset is not None else m.Service.objects.filter(status__in=ORUK_STATUSES)
    )
    total = queryset.count()
    head = {
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }
    yield json.dumps(head)[:-1] + ', "contents": ['
    terms = export_rows.Terms(_partnership_terms())
    batches = _ids_in_order(queryset)
    if workers > 1 and parallel.can_fork():
        _WORKER["terms"] = terms
        texts = parallel.ordered(_records_json, batches, workers)
    else:
        texts = (export_rows.records_json(ids, terms) for ids in batches)
    first = True
    for text in texts:
        if text:
            yield ("" if first else ",\n") + text
            first = False
    yield "]}\n"


# What a batch's records are made with in worker processes: set before they are forked (they
# start with a copy of it), so each does not read the taxonomy again.
_WORKER = {}


def _records_json(ids: list) -> str:
    return export_rows.records_json(ids, _WORKER["terms"])


def _csv_queryset(ids):
    return (
        m.Service.objects.filter(id__in=ids)
        .select_related("organisation")
        .prefetch_related(
            "service_terms__taxonomy_term__taxonomy",
            "service_at_locations__location__addresses",
        )
    )


def csv_rows(queryset=None) -> Iterator[list]:
    yield list(COLUMNS)
    for services in services_in_batches(queryset, _csv_queryset):
        for service in services:
            yield service_row(service)


def csv_text(rows: Iterable[list]) -> Iterator[str]:
    """Each row as CSV text (for a streaming response or a file). A cell a spreadsheet would
    run as a formula (=, +, -, @ first) gets a leading apostrophe; the importer removes it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([defuse(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def template_rows() -> list[list]:
    """The CSV import template: the headers, and one example row to copy."""
    example = {
        "name": "Stay and Play (example: delete this row)",
        "organisation": "Medway Council Early Help Service",
        "description": "A friendly play session for parents and children under 5.",
        "status": "active",
        "email": "stayandplay@example.org",
        "phone": "01632 960000",
        "minimum_age": "0",
        "maximum_age": "5",
        "level_of_need": "universal",
        "access_routes": "drop_in",
        "delivery_modes": "in_person",
        "needs_diagnosis": "no",
        "needs": "",
        "location_name": "Chatham Family Hub",
        "address_1": "1 High Street",
        "city": "Chatham",
        "postcode": "ME4 4TR",
    }
    return [list(COLUMNS), [example.get(column, "") for column in COLUMNS]]
