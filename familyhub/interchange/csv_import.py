"""Bulk import of services from a CSV file made from the template (csv_columns.py).

The headers are checked first: a missing required column or an unknown one (a typo) stops the
whole file with one clear message. Then each row is checked and written in its own transaction:
a row with a problem writes nothing and is reported with every problem by column; good rows
around it are saved. Rows are matched to services by `id`, else by name and organisation.
"""

import csv
import datetime
import io
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory import rules
from familyhub.directory.choices import AccessRoute, DeliveryMode, LevelOfNeed, ServiceStatus
from familyhub.interchange.csv_columns import COLUMNS, LIST_SEPARATOR, REQUIRED, restore
from familyhub.interchange.feed_pages import FeedError
from familyhub.interchange.models import ImportKind, ImportResult, ImportRun, Outcome, RunStatus

MAX_ROWS = 20_000
BATCH = 50


class CsvFileError(FeedError):
    """The file as a whole cannot be imported (not a CSV, wrong headers, too big)."""


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError("The file is not text: save it from your spreadsheet as “CSV UTF-8”.")


def _header(name: str) -> str:
    return name.strip().lower().replace(" ", "_")


def read_rows(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The headers and the rows (with their row numbers in the file), or CsvFileError."""
    if "\x00" in text[:2000]:
        raise CsvFileError("The file is not a CSV (it holds binary data): use the template.")
    reader = csv.reader(io.StringIO(text))
    try:
        headers = [_header(h) for h in next(reader)]
    except StopIteration:
        raise CsvFileError("The file is empty: use the template, with one service a row.") from None
    except csv.Error as error:
        raise CsvFileError(f"The file could not be read as CSV: {error}.") from None
    missing = [column for column in REQUIRED if column not in headers]
    unknown = [h for h in headers if h and h not in COLUMNS]
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    problems = []
    if missing:
        problems.append(f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    if unknown:
        problems.append(
            f"unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown[:10])}"
        )
    if repeated:
        problems.append(f"repeated column{'s' if len(repeated) > 1 else ''}: {', '.join(repeated)}")
    if problems:
        raise CsvFileError(
            "The headers do not match the template ("
            + "; ".join(problems)
            + "). Download the template and keep its first row as it is."
        )
    rows = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvFileError(f"The file has more than {MAX_ROWS:,} rows: split it.")
            row = {
                header: (restore(values[i].strip()) if i < len(values) else "")
                for i, header in enumerate(headers)
                if header
            }
            if len(values) > len(headers):
                row["__extra__"] = len(values) - len(headers)
            rows.append((number, row))
    except csv.Error as error:
        raise CsvFileError(
            f"The file could not be read as CSV near row {reader.line_num}: {error}."
        ) from None
    return headers, rows


class RowInvalid(Exception):
    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _choices_by_word(choices) -> dict:
    words = {}
    for value, label in choices.choices:
        words[value.lower()] = value
        words[str(label).lower()] = value
        words[value.replace("_", " ").lower()] = value
    return words


LEVELS = _choices_by_word(LevelOfNeed)
ROUTES = _choices_by_word(AccessRoute)
MODES = _choices_by_word(DeliveryMode)
# "held" is this directory's own state for imports waiting for review, never a CSV status.
STATUSES = {
    word: value
    for word, value in _choices_by_word(ServiceStatus).items()
    if value != ServiceStatus.HELD
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


class RowReader:
    def __init__(self, row: dict, needs: dict):
        self.row = row
        self.needs = needs
        self.errors: list[str] = []

    def get(self, column) -> str:
        return self.row.get(column, "")

    def fail(self, column, message):
        self.errors.append(f"{column}: {message}")

    def one_of(self, column, words: dict, required=False) -> str:
        value = self.get(column)
        if not value:
            if required:
                self.fail(column, "required")
            return ""
        found = words.get(value.lower())
        if found is None:
            allowed = ", ".join(sorted({v for v in words.values()}))
            self.fail(column, f"“{value}” is not one of {allowed}")
            return ""
        return found

    def many_of(self, column, words: dict) -> set:
        values = [v.strip() for v in self.get(column).split(LIST_SEPARATOR) if v.strip()]
        if not values:
            self.fail(column, "required: give at least one")
        found = set()
        for value in values:
            match = words.get(value.lower())
            if match is None:
                allowed = ", ".join(sorted(set(words.values())))
                self.fail(column, f"“{value}” is not one of {allowed}")
            else:
                found.add(match)
        return found

    def whole_number(self, column) -> int | None:
        value = self.get(column)
        if not value:
            return None
        if not value.isdigit():
            self.fail(column, f"“{value}” is not a whole number")
            return None
        return int(value)

    def yes_no(self, column) -> bool:
        value = self.get(column).lower()
        if value in YES:
            return True
        if value not in NO:
            self.fail(column, f"“{self.get(column)}” is not yes or no")
        return False

    def date(self, column):
        value = self.get(column)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"“{value}” is not a date like 2026-01-31")
            return None


FIELD_TO_COLUMN = {
    "organisation": "organisation",
    "access_drop_in": "access_routes",
    "delivered_in_person": "delivery_modes",
}


def _service_for(reader: RowReader, organisation_name: str):
    raw_id = reader.get("id")
    if raw_id:
        try:
            service_id = uuid.UUID(raw_id)
        except ValueError:
            reader.fail("id", f"“{raw_id}” is not an id from an export (leave it empty for new)")
            return None, False
        found = m.Service.objects.filter(id=service_id).first()
        return (found, False) if found else (m.Service(id=service_id), True)
    found = m.Service.objects.filter(
        name__iexact=reader.get("name"), organisation__name__iexact=organisation_name
    ).first()
    return (found, False) if found else (m.Service(), True)


def read_row(row: dict, needs: dict):
    """A row as (service, organisation to add or None, place or None, need ids, created), or
    RowInvalid with every problem, by column."""
    r = RowReader(row, needs)
    if row.get("__extra__"):
        r.fail("(row)", f"{row['__extra__']} more value(s) than there are columns")
    for column in REQUIRED:
        if column not in ("level_of_need", "access_routes", "delivery_modes") and not r.get(column):
            r.fail(column, "required")
    organisation_name = r.get("organisation")
    organisation = m.Organisation.objects.filter(name__iexact=organisation_name).first()
    new_organisation = None
    if organisation is None and organisation_name:
        new_organisation = organisation = m.Organisation(
            name=organisation_name[:255],
            description=f"{organisation_name} (added by a CSV import).",
        )
    service, created = _service_for(r, organisation_name)
    if service is None:
        raise RowInvalid(r.errors)
    routes = r.many_of("access_routes", ROUTES)
    modes = r.many_of("delivery_modes", MODES)
    service.organisation = organisation
    service.name = r.get("name")
    service.description = r.get("description")
    service.eligibility_description = r.get("eligibility_description")
    service.status = r.one_of("status", STATUSES) or ServiceStatus.ACTIVE
    service.url = r.get("url")
    service.email = r.get("email")
    service.phone = r.get("phone")
    service.minimum_age = r.whole_number("minimum_age")
    service.maximum_age = r.whole_number("maximum_age")
    service.level_of_need = r.one_of("level_of_need", LEVELS, required=True)
    service.access_drop_in = AccessRoute.DROP_IN in routes
    service.access_self_referral = AccessRoute.SELF_REFERRAL in routes
    service.access_professional_referral = AccessRoute.PROFESSIONAL_REFERRAL in routes
    service.delivered_in_person = DeliveryMode.IN_PERSON in modes
    service.delivered_online = DeliveryMode.ONLINE in modes
    service.delivered_by_phone = DeliveryMode.PHONE in modes
    service.needs_diagnosis = r.yes_no("needs_diagnosis")
    service.typical_wait_weeks = r.whole_number("typical_wait_weeks")
    service.fees_description = r.get("fees_description")
    service.evidence_programme = r.get("evidence_programme")
    service.eif_rating = r.get("eif_rating")
    service.last_checked_on = r.date("last_checked_on")
    service.last_checked_by = r.get("last_checked_by")
    if not service.source:
        service.source = "CSV import"

    need_ids = []
    for code in [c.strip() for c in r.get("needs").split(LIST_SEPARATOR) if c.strip()]:
        need_id = needs.get(code.lower())
        if need_id is None:
            r.fail("needs", f"“{code}” is not a need in the needs taxonomy")
        else:
            need_ids.append(need_id)

    place = _read_place(r)
    _model_checks(r, service, new_organisation, place)
    if r.errors:
        raise RowInvalid(r.errors)
    return service, new_organisation, place, need_ids, created


def _read_place(r: RowReader):
    columns = ("location_name", "address_1", "city", "postcode")
    given = {column: r.get(column) for column in columns}
    if not any(given.values()):
        return None
    missing = [column for column in columns if not given[column]]
    for column in missing:
        r.fail(column, "required when a place is given (or leave all four place columns empty)")
    if missing:
        return None
    address = m.Address(
        address_1=given["address_1"], city=given["city"], postal_code=given["postcode"]
    )
    try:
        address.clean()
    except ValidationError as error:
        for message in error.message_dict.get("postal_code", []):
            r.fail("postcode", message)
        return None
    return given["location_name"], address


def _model_checks(r: RowReader, service, new_organisation, place):
    exclude = ["organisation", "search_text", "search_key", "id"]
    try:
        service.clean_fields(exclude=exclude)
        service.clean()
    except ValidationError as error:
        already = {reason.split(":")[0] for reason in r.errors}
        for name, messages in error.message_dict.items():
            column = FIELD_TO_COLUMN.get(name, name)
            if column not in already:  # one message a column: the first problem found
                r.fail(column, " ".join(messages))
    if new_organisation is not None:
        try:
            new_organisation.clean_fields(exclude=["parent_organisation", "id"])
        except ValidationError as error:
            for messages in error.message_dict.values():
                r.fail("organisation", " ".join(messages))
    if not r.errors:
        has_place = place is not None or (
            service.pk and m.ServiceAtLocation.objects.filter(service_id=service.pk).exists()
        )
        try:
            rules.check_ways_to_reach(service, 1 if has_place else 0)
        except ValidationError as error:
            r.fail("phone", " ".join(error.messages))


def write_row(service, new_organisation, place, need_ids):
    if new_organisation is not None:
        new_organisation.save()
        service.organisation = new_organisation
    service.save()
    if place is not None:
        name, address = place
        location = m.Location.objects.filter(
            name__iexact=name, addresses__postal_code=address.postal_code
        ).first()
        if location is None:
            location = m.Location.objects.create(name=name, town=address.city)
            address.location = location
            address.save()
        m.ServiceAtLocation.objects.get_or_create(service=service, location=location)
    existing = set(service.service_terms.values_list("taxonomy_term_id", flat=True))
    needs_now = set(need_ids)
    needs_taxonomy = ref.stable_id(ref.NEEDS)
    service.service_terms.filter(taxonomy_term__taxonomy_id=needs_taxonomy).exclude(
        taxonomy_term_id__in=needs_now
    ).delete()
    m.ServiceTerm.objects.bulk_create(
        [m.ServiceTerm(service=service, taxonomy_term_id=t) for t in needs_now - existing]
    )


def run_csv_import(run: ImportRun, text: str, progress=None) -> ImportRun:
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        _headers, rows = read_rows(text)
    except CsvFileError as error:
        run.status, run.error = RunStatus.FAILED, str(error)
    else:
        run.total = len(rows)
        needs = {
            code.lower(): term_id
            for code, term_id in m.TaxonomyTerm.objects.filter(taxonomy__key=ref.NEEDS).values_list(
                "code", "id"
            )
        }
        seen = {}
        run.save(update_fields=["total"])
        # A batch of rows in one transaction, a savepoint a row; the counts (the page's
        # progress) are saved with each batch.
        for start in range(0, len(rows), BATCH):
            with transaction.atomic():
                results = []
                for number, row in rows[start : start + BATCH]:
                    result = _import_row(run, number, row, needs, seen)
                    run.count(result.outcome)
                    results.append(result)
                    if progress:
                        progress(run)
                ImportResult.objects.bulk_create(results)
                run.save(update_fields=["processed", "created", "updated", "skipped", "failed"])
        run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.upload = ""
    run.save()
    return run


def _import_row(run, number, row, needs, seen) -> ImportResult:
    result = ImportResult(
        run=run, position=number, name=row.get("name", "")[:255], record_id=row.get("id", "")[:100]
    )
    key = row.get("id") or (row.get("name", "").lower(), row.get("organisation", "").lower())
    if key in seen:
        result.outcome = Outcome.SKIPPED
        result.reasons = [f"The same service as row {seen[key]}: only the first is used."]
        return result
    try:
        with transaction.atomic():  # a savepoint: a row that fails writes nothing
            service, new_organisation, place, need_ids, created = read_row(row, needs)
            write_row(service, new_organisation, place, need_ids)
    except RowInvalid as invalid:
        result.outcome, result.reasons = Outcome.FAILED, invalid.reasons
        return result
    except Exception as error:  # a database refusal: this row only, reported
        result.outcome = Outcome.FAILED
        result.reasons = [f"Not saved: {error.__class__.__name__}: {str(error)[:300]}"]
        return result
    seen[key] = number
    result.record_id = str(service.id)
    result.outcome = Outcome.CREATED if created else Outcome.UPDATED
    if new_organisation is not None:
        result.notes = [f"New organisation added: {new_organisation.name}."]
    return result


def import_csv(raw: bytes, *, name="upload.csv", user=None, progress=None) -> ImportRun:
    run = ImportRun.objects.create(kind=ImportKind.CSV, source=name[:500], started_by=user)
    try:
        text = decode(raw)
    except CsvFileError as error:
        run.status, run.error = RunStatus.FAILED, str(error)
        run.finished_at = timezone.now()
        run.save()
        return run
    return run_csv_import(run, text, progress)
