"""Importing an ORUK 3.0 feed: each service record is read (records.py), then written in its own
transaction, so a record that fails writes nothing and the records around it are unaffected.

Records are matched by their ORUK id (upsert). Each gets one line in the run's report: created,
updated, skipped (unchanged since the last import, repeated in the feed, merged away here) or
failed, with every reason and every note of what was changed to fit.
"""

import hashlib
import json
import uuid
from collections.abc import Callable
from itertools import islice

from django.db import transaction
from django.utils import timezone

from familyhub.directory import models as m
from familyhub.interchange.feeds import Feed, FeedError, FeedItem, feed_from_text, open_feed
from familyhub.interchange.models import (
    FeedRecord,
    ImportKind,
    ImportResult,
    ImportRun,
    MergeKind,
    MergeRecord,
    Outcome,
    RunStatus,
)
from familyhub.interchange.records import (
    RecordInvalid,
    ServicePlan,
    Vocabulary,
    read_service,
)

SAVE_PROGRESS_EVERY = 50  # records a batch: progress is saved (and seen) once a batch
MAX_SOURCE = 500


def start_run(
    source: str, *, kind=ImportKind.ORUK, user=None, upload: str = "", public_only=False
) -> ImportRun:
    return ImportRun.objects.create(
        kind=kind,
        source=source[:MAX_SOURCE],
        started_by=user,
        upload=upload,
        public_only=public_only,
    )


def import_oruk(source: str, *, user=None, progress: Callable | None = None) -> ImportRun:
    """Import from a URL, file or folder: the command's way in."""
    run = start_run(source, user=user)
    return run_oruk_import(run, progress=progress)


def run_oruk_import(run: ImportRun, *, progress: Callable | None = None) -> ImportRun:
    """Run a queued import to the end. `progress(run)` is called after every record."""
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        if run.upload:
            feed = feed_from_text(run.upload, run.source)
        else:
            feed = open_feed(run.source, public_only=run.public_only)
        run.total = feed.total
        run.save(update_fields=["total"])
        Importer(run, feed).import_all(progress)
    except FeedError as error:
        run.status = RunStatus.FAILED
        run.error = str(error)
    else:
        run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.upload = ""
    run.save()
    return run


class Importer:
    def __init__(self, run: ImportRun, feed: Feed):
        self.run = run
        self.feed = feed
        self.vocabulary = Vocabulary()
        self.done_ids: dict[str, int] = {}  # id -> position, for records written in this run
        self.merged = {
            str(merged): kept
            for merged, kept in MergeRecord.objects.filter(kind=MergeKind.SERVICE).values_list(
                "merged_id", "kept_id"
            )
        }
        self.results: list[ImportResult] = []

    def import_all(self, progress):
        """Records are read from the feed a batch at a time (fetching happens outside any
        transaction); a batch is written in one transaction with a savepoint per record, so a
        failing record rolls back alone and a page sees progress once a batch."""
        items = enumerate(self.feed.items, start=1)
        while True:
            batch, stopped = [], None
            try:
                batch.extend(islice(items, SAVE_PROGRESS_EVERY))
            except FeedError as error:  # the records read before it are still imported
                stopped = error
            with transaction.atomic():
                for position, item in batch:
                    result = self.import_item(position, item)
                    self.run.count(result.outcome)
                    self.results.append(result)
                    if progress:
                        progress(self.run)
                self.flush()
            if stopped is not None:
                raise stopped
            if len(batch) < SAVE_PROGRESS_EVERY:
                return

    def flush(self):
        ImportResult.objects.bulk_create(self.results)
        self.results = []
        self.run.save(
            update_fields=["total", "processed", "created", "updated", "skipped", "failed"]
        )

    def import_item(self, position: int, item: FeedItem) -> ImportResult:
        record = item.record
        record_id = str(record.get("id", ""))[:100] if isinstance(record, dict) else ""
        name = record.get("name") if isinstance(record, dict) else ""
        result = ImportResult(
            run=self.run,
            position=position,
            record_id=record_id,
            name=name[:255] if isinstance(name, str) else "",
            notes=list(item.notes),
        )
        skip = self.reason_to_skip(record_id, record)
        if skip:
            result.outcome, result.reasons = Outcome.SKIPPED, [skip]
            self.done_ids.setdefault(record_id, position)
            return result
        reasons = []
        if item.summary is not None:
            reasons += _reasons_in(item.summary, self.vocabulary, "In the list of services: ")
        try:
            plan = read_service(record, self.vocabulary)
        except RecordInvalid as invalid:
            prefix = "In the full record: " if item.summary is not None else ""
            reasons += [prefix + reason for reason in invalid.reasons]
            plan = None
        if reasons:
            result.outcome, result.reasons = Outcome.FAILED, reasons
            return result
        try:
            with transaction.atomic():
                created = write_plan(plan)
                FeedRecord.objects.update_or_create(
                    record_id=plan.service.id,
                    defaults={"source": self.run.source, "content_hash": _fingerprint(record)},
                )
        except Exception as error:  # a database refusal: this record only, reported
            result.outcome = Outcome.FAILED
            result.reasons = [f"Not saved: {error.__class__.__name__}: {str(error)[:300]}"]
            return result
        self.done_ids[record_id] = position
        result.outcome = Outcome.CREATED if created else Outcome.UPDATED
        result.notes += plan.notes
        return result

    def reason_to_skip(self, record_id: str, record) -> str:
        if record_id in self.done_ids:
            first = self.done_ids[record_id]
            return f"The same id as record {first} of this feed: only the first is used."
        if record_id in self.merged:
            return (
                f"This service was merged into {self.merged[record_id]} here: not re-created "
                "(update that record instead)."
            )
        if not record_id:
            return ""
        known = FeedRecord.objects.filter(record_id=_as_uuid(record_id)).first()
        if (
            known is not None
            and known.content_hash == _fingerprint(record)
            and m.Service.objects.filter(id=known.record_id).exists()
        ):
            return "Unchanged since it was last imported."
        return ""


def _as_uuid(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _reasons_in(summary, vocabulary, prefix: str) -> list[str]:
    try:
        read_service(summary, vocabulary)
    except RecordInvalid as invalid:
        return [prefix + reason for reason in invalid.reasons]
    return []


def _fingerprint(record) -> str:
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# --- writing one record --------------------------------------------------------------------


def _has_created_at(model) -> bool:
    return any(f.name == "created_at" for f in model._meta.concrete_fields)


def _save_all(model, instances: list) -> set:
    """Save each instance over the row with its id, or as a new row (new detail rows in one
    INSERT). Returns the ids that were new."""
    if not instances:
        return set()
    stamped = _has_created_at(model)
    fields = ("pk", "created_at") if stamped else ("pk", "pk")
    existing = dict(
        model._base_manager.filter(pk__in=[i.pk for i in instances]).order_by().values_list(*fields)
    )
    new = [instance for instance in instances if instance.pk not in existing]
    for instance in instances:
        if instance.pk in existing:
            if stamped:
                instance.created_at = existing[instance.pk]
            instance._state.adding = False
            instance.save(force_update=True)
    if model in (m.Service, m.Organisation, m.Location):
        for instance in new:  # their save() does more than write the row
            instance.save(force_insert=True)
    elif new:
        model._base_manager.bulk_create(new)
    return {instance.pk for instance in new}


def _upsert(model, instance) -> bool:
    """Save `instance` over the row with its id, or as a new row. True when created."""
    return bool(_save_all(model, [instance]))


def _replace(model, parent_filter: dict, instances: list, *, fresh=False):
    """The parent's rows of `model` become exactly `instances` (matched by id). A `fresh`
    parent (just created) has no rows to remove."""
    if not fresh:
        keep = {instance.pk for instance in instances}
        current = (
            model._base_manager.filter(**parent_filter).order_by().values_list("pk", flat=True)
        )
        gone = [pk for pk in current if pk not in keep]
        if gone:
            model._base_manager.filter(pk__in=gone).delete()
    _save_all(model, instances)


def write_plan(plan: ServicePlan) -> bool:
    """Write one read record (inside the caller's transaction). True when the service is new."""
    if plan.organisation is not None:
        _upsert(m.Organisation, plan.organisation)
    service = plan.service
    created = _upsert(m.Service, service)
    link_ids = _write_locations(service, plan, fresh=created)
    for related_name, instances in plan.children.items():
        model = m.Service._meta.get_field(related_name).related_model
        if model is m.Schedule:
            for schedule in instances:
                if schedule.service_at_location_id is not None:
                    schedule.service_at_location_id = link_ids[schedule.service_at_location_id]
        _replace(model, {"service": service}, instances, fresh=created)
    _replace(m.Contact, {"service": service}, [c.contact for c in plan.contacts], fresh=created)
    for contact_plan in plan.contacts:
        _replace(m.Phone, {"contact": contact_plan.contact}, contact_plan.phones)
    _replace(
        m.ServiceTerm,
        {"service": service},
        [
            m.ServiceTerm(id=attribute_id, service_id=service.id, taxonomy_term_id=term_id)
            for attribute_id, term_id in plan.terms
        ],
        fresh=created,
    )
    return created


def _write_locations(service, plan: ServicePlan, *, fresh=False) -> dict:
    """The service's places; returns the feed's link ids -> the ids written."""
    links = []
    link_ids = {}
    for location_plan in plan.locations:
        location = location_plan.location
        if location is not None:
            _upsert(m.Location, location)
            _replace(m.Address, {"location": location}, location_plan.addresses)
            _replace(m.Accessibility, {"location": location}, location_plan.accessibility)
        link = location_plan.link
        feed_id = link.id
        # The same service and place already linked under another id: keep that link.
        existing = None
        if not fresh:
            existing = (
                m.ServiceAtLocation.objects.filter(service=service, location_id=link.location_id)
                .exclude(pk=link.pk)
                .order_by()
                .first()
            )
        if existing is not None:
            link.id = existing.id
            for schedule in location_plan.schedules:
                schedule.service_at_location_id = existing.id
        link_ids[feed_id] = link.id
        links.append((link, location_plan.schedules))
    _replace(m.ServiceAtLocation, {"service": service}, [link for link, _ in links], fresh=fresh)
    for link, schedules in links:
        # Schedules of the place alone; those also of the service are the service's.
        _replace(
            m.Schedule,
            {"service_at_location": link, "service__isnull": True},
            schedules,
            fresh=fresh,
        )
    return link_ids


def records_per_second(run: ImportRun) -> float | None:
    if not (run.started_at and run.finished_at) or not run.processed:
        return None
    seconds = (run.finished_at - run.started_at).total_seconds()
    return run.processed / seconds if seconds > 0 else None
