"""Importing an ORUK feed (ORUK 3.0, HSDS 3.0 or 3.1, or ORUK 1.0): each service record is read
(records.py), then written with the other records of its batch, so a record that fails writes
nothing and the records around it are unaffected.

Records are matched by their ORUK id (upsert). Each gets one line in the run's report: created,
updated, skipped (unchanged since the last import, repeated in the feed, merged away here) or
failed, with every reason and every note of what was changed to fit.

Speed (issue 6: 100,000 services in a minute): records are read BATCH_SIZE at a time. What the
skip rules need is fetched for the whole batch in two queries; every record is read and checked;
then the batch's records are written together in one savepoint, a few statements a table
(writing.py: INSERT ... ON CONFLICT DO UPDATE, so new and changed rows alike; the rows a record
no longer has are deleted). The search index follows the rows it is built from: SQLite's FTS5
table by its triggers (which fire for the upsert's update too), PostgreSQL's tsvector as a
generated column. Batches are committed together, about a second's worth at a time, and on
PostgreSQL the tables' statistics follow the directory as it grows (committing.py).
If the database refuses the batch, it is rolled back whole and written again
one record at a time, each in its own savepoint, so the refused record is reported with the
database's reason and nothing of it is written, and the others are written as before.
"""

import gc
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePath
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from familyhub.interchange import committing, parallel, pre_read, review, upsert, writing
from familyhub.interchange.feed_pages import Feed, FeedError, FeedItem
from familyhub.interchange.feeds import feed_from_text, open_feed
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
from familyhub.interchange.plans import ServicePlan
from familyhub.interchange.reading import record_uuid
from familyhub.interchange.records import RecordInvalid, Vocabulary, read_service

BATCH_SIZE = 500  # records written together, in a savepoint of their own
GROUP_SECONDS = 1.0  # batches are committed together until their transaction is this old
FULL_COLLECTION = 100  # batches between runs of the garbage collector
MAX_SOURCE = 500
COUNTS = ("total", "processed", "created", "updated", "skipped", "failed")
UNCHANGED = "Unchanged since it was last imported."


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


def run_oruk_import(
    run: ImportRun,
    *,
    feed: Feed | None = None,
    progress: Callable | None = None,
    workers: int = 1,
) -> ImportRun:
    """Run a queued import to the end (of its source, or of a feed already opened: a scheduled
    pull reads it first). `progress(run)` is called after every batch. With `workers` over 1
    (the management command's choice, never a web request's), records are read ahead in that
    many processes while each batch is written (pre_read.py): the same results either way."""
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        if feed is None and run.upload:
            feed = feed_from_text(run.upload, run.source)
        elif feed is None:
            feed = open_feed(run.source, public_only=run.public_only)
        run.total = feed.total
        run.save(update_fields=["total"])
        with _collector_paused() as paused:
            batches = 0

            def after_batch(current):
                nonlocal batches
                batches += 1
                if paused and batches % FULL_COLLECTION == 0:
                    gc.collect()
                if progress:
                    progress(current)

            Importer(run, feed, workers=workers).import_all(after_batch)
    except FeedError as error:
        run.status = RunStatus.FAILED
        run.error = str(error)
    else:
        run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.upload = ""
    run.save()
    return run


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while records are read and written, to be run every
    FULL_COLLECTION batches and at the end instead. A batch makes hundreds of thousands of
    objects, which it would otherwise scan again and again, and it makes no cycles (a record,
    its plan and its rows are freed by their reference counts: collecting after every batch of
    a 10,000-record import found nothing, and took about a tenth of the importer's time with
    the batches read ahead alive too); the collection now and then is for a cycle something
    unforeseen makes. What exists when the import starts (Django, the taxonomy, an upload's
    records, read whole) is set aside from it altogether. Left alone when something else has
    paused it or frozen objects (say before forking workers). Yields whether it paused it."""
    ours = gc.get_freeze_count() == 0 and gc.isenabled()
    if ours:
        gc.freeze()
        gc.disable()
    try:
        yield ours
    finally:
        if ours:
            gc.collect()
            gc.enable()
            gc.unfreeze()


@dataclass
class Read:
    """One record of a batch, read: its report line, and what to write (None: nothing)."""

    result: ImportResult
    plan: ServicePlan | None = None
    fingerprint: str = ""
    # Skipped as unchanged, its service's fingerprint kept in the earlier way: kept again now
    # (with `fingerprint`), so the next import compares it the quicker way.
    renew: uuid.UUID | None = None


@dataclass
class Known:
    """What the skip rules need to know about a batch's ids, fetched for the whole batch."""

    hashes: dict  # service id -> content hash of its last import
    services: set  # service ids already here
    existing: dict  # service id -> review.Existing (status, review, partnership fields)


class Importer:
    def __init__(self, run: ImportRun, feed: Feed, workers: int = 1):
        self.run = run
        self.feed = feed
        self.workers = workers
        self.vocabulary = Vocabulary(namespace=id_namespace(run.source))
        self.area = review.Area.of_partnership()
        self.done_ids: dict[str, int] = {}  # id -> position, for records written in this run
        self.merged = {
            str(merged): kept
            for merged, kept in MergeRecord.objects.filter(kind=MergeKind.SERVICE).values_list(
                "merged_id", "kept_id"
            )
        }

    def service_id(self, raw_id):
        """The id a record's service has here (its UUID, or one made from its own id)."""
        return record_uuid(raw_id, self.vocabulary.namespace)

    def import_all(self, progress):
        """Records are read from the feed a batch at a time (fetching happens outside any
        transaction: a feed fetched page by page as it is read has each batch committed at
        once); each batch is written in a savepoint, batches committed together (Together).
        With workers, the batches after it are read ahead meanwhile (pre_read.py)."""
        seconds = 0 if self.feed.fetched_as_read else GROUP_SECONDS
        statistics = committing.Statistics(self.run)
        with (
            committing.sqlite_set_for_importing(),
            committing.Together(seconds, after_commit=statistics.follow) as together,
        ):
            for (batch, stopped), pres in self.read_ahead(self.batches()):
                if batch:
                    self.import_batch(batch, pres, together)
                    together.commit_if_due()
                    if progress:
                        progress(self.run)
                if stopped is not None:
                    together.commit()  # the records read before it are kept
                    statistics.finish()
                    raise stopped
        statistics.finish()

    def batches(self):
        """(batch, the FeedError that ended the feed early or None), until the feed ends."""
        items = enumerate(self.feed.items, start=1)
        while True:
            batch, stopped = [], None
            try:
                batch.extend(islice(items, BATCH_SIZE))
            except FeedError as error:  # the records read before it are still imported
                stopped = error
            yield batch, stopped
            if stopped is not None or len(batch) < BATCH_SIZE:
                return

    def read_ahead(self, batches):
        """((batch, stopped), each record's pre_read.Pre or None) for each batch."""
        if self.workers <= 1 or not parallel.can_fork():
            yield from ((pair, None) for pair in batches)
            return
        pre_read.start(self.vocabulary)
        namespace = self.vocabulary.namespace
        prepared = ((pair, pre_read.prepare(pair[0], namespace)) for pair in batches)
        sent = parallel.pairs(
            pre_read.read_records, prepared, self.workers, sent=lambda prepared: prepared[1]
        )
        for (pair, _to_read), readings in sent:
            yield pair, pre_read.combine(readings)

    def import_batch(
        self, batch: list[tuple[int, FeedItem]], pres, together: committing.Together
    ) -> list[ImportResult]:
        """Read a batch's records, then write them in a savepoint inside the transaction
        `together` holds open (opened here, after the reading: on SQLite, between one of its
        commits and the reading of the next batch, someone else may save)."""
        pres = pres or [None] * len(batch)
        known = self.known(batch)
        done_before = dict(self.done_ids)
        counts_before = {name: getattr(self.run, name) for name in COUNTS}
        reads = [
            self.read_item(position, item, known, pre)
            for (position, item), pre in zip(batch, pres, strict=True)
        ]
        together.open()
        try:
            with transaction.atomic():
                plans = [read.plan for read in reads if read.plan is not None]
                created = writing.write_plans(plans, here=known.services)
                _remember_sources(self.run.source, reads)
                for read in reads:
                    if read.plan is not None:
                        self._written(read, created)
                return self.save_results(reads)
        except Exception:  # a database refusal: found record by record below
            self.done_ids = done_before
            for name, value in counts_before.items():
                setattr(self.run, name, value)
            self.vocabulary.forget_planned()
        # The batches before it committed first: a refusal that was a lock wait or a deadlock
        # with someone else's save is not met again by the retry because of locks those
        # batches still hold.
        together.commit()
        with transaction.atomic():
            return self.save_results(
                [
                    self.import_alone(position, item, known, pre)
                    for (position, item), pre in zip(batch, pres, strict=True)
                ]
            )

    def import_alone(self, position: int, item: FeedItem, known: Known, pre=None) -> Read:
        """One record read and written in its own savepoint (a refused batch's way). It is read
        again (the batch's writing changed its plan), its fingerprint kept."""
        pre = pre_read.Pre(pre.fingerprint) if pre is not None else None
        read = self.read_item(position, item, known, pre)
        self.vocabulary.forget_planned()
        if read.plan is None:
            _renew([read])
            return read
        try:
            with transaction.atomic():
                created = writing.write_plans([read.plan])  # asked again: a refused batch's way
                _remember_sources(self.run.source, [read])
        except Exception as error:  # a database refusal: this record only, reported
            self.done_ids.pop(read.result.record_id, None)
            read.result.outcome = Outcome.FAILED
            read.result.reasons = [f"Not saved: {error.__class__.__name__}: {str(error)[:300]}"]
            read.plan = None
            return read
        self._written(read, created)
        return read

    def _written(self, read: Read, created: set):
        result = read.result
        result.outcome = Outcome.CREATED if read.plan.service.pk in created else Outcome.UPDATED
        result.notes += read.plan.notes

    def save_results(self, reads: list[Read]) -> list[ImportResult]:
        results = [read.result for read in reads]
        for result in results:
            self.run.count(result.outcome)
        upsert.insert(ImportResult, results)
        self.run.save(update_fields=list(COUNTS))
        return results

    def known(self, batch) -> Known:
        ids = set()
        for _position, item in batch:
            if isinstance(item.record, dict):
                record_id = self.service_id(item.record.get("id"))
                if record_id is not None:
                    ids.add(record_id)
        hashes, existing = {}, {}
        for chunk in writing.chunks(sorted(ids)):
            hashes.update(
                FeedRecord.objects.filter(record_id__in=chunk).values_list(
                    "record_id", "content_hash"
                )
            )
            existing.update(review.existing_for(chunk))
        return Known(hashes=hashes, services=set(existing), existing=existing)

    def read_item(self, position: int, item: FeedItem, known: Known, pre=None) -> Read:
        """Read and check one record; nothing is written. A record to write is counted as
        done (so a repeat later in the feed is skipped) and its organisation and places as
        planned (so a later record of the batch may name them by id). `pre`: the record as a
        worker read it ahead (pre_read.Pre), used instead of reading it again."""
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
        read = Read(result)
        if record_id not in self.done_ids and record_id not in self.merged and record_id:
            read.fingerprint = pre.fingerprint if pre else _fingerprint(record)
        skip = self.reason_to_skip(record_id, record, read.fingerprint, known)
        if skip:
            result.outcome, result.reasons = Outcome.SKIPPED, [skip]
            self.done_ids.setdefault(record_id, position)
            if skip == UNCHANGED:
                service_id = self.service_id(record.get("id"))
                if known.hashes[service_id] != read.fingerprint:
                    read.renew = service_id
            return read
        reasons = []
        if item.summary is not None:  # the full record is what is imported: its list entry's
            result.notes += _reasons_in(item.summary, self.vocabulary, "In the list of services: ")
        try:
            if pre is not None and pre.read:
                if pre.invalid is not None:
                    raise RecordInvalid(*pre.invalid)
                plan = pre.plan
            else:
                plan = read_service(record, self.vocabulary)
        except RecordInvalid as invalid:
            prefix = "In the full record: " if item.summary is not None else ""
            reasons += [prefix + reason for reason in invalid.reasons]
            result.notes += invalid.notes
            plan = None
        if reasons:
            result.outcome, result.reasons = Outcome.FAILED, reasons
            return read
        review.hold_or_publish(
            plan,
            known.existing.get(plan.service.pk),
            self.area,
            source=self.run.source,
            now=timezone.now(),
        )
        read.plan = plan
        read.fingerprint = read.fingerprint or (pre.fingerprint if pre else _fingerprint(record))
        self.done_ids[record_id] = position
        self.vocabulary.plan(plan)
        return read

    def reason_to_skip(self, record_id: str, record, fingerprint: str, known: Known) -> str:
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
        # From the whole id, as known() looked it up (the reported id is cut to 100 characters).
        service_id = self.service_id(record.get("id"))
        here = known.existing.get(service_id)
        if here is not None and here.rejected:
            return "A data manager rejected this record on review: not imported again."
        if (
            service_id is not None
            and service_id in known.services
            and pre_read.unchanged(record, fingerprint, known.hashes.get(service_id))
        ):
            return UNCHANGED
        return ""


def id_namespace(source: str) -> str:
    """What makes the ids of a feed whose ids are not UUIDs its own: an API's host and path
    (without /services and the query), or a file's name. The same feed imported from the same
    address gets the same ids, so its records are updated, not doubled."""
    if source.startswith(("http://", "https://")):
        parts = urlsplit(source)
        path = parts.path.rstrip("/")
        path = path[: path.rfind("/services")] if "/services" in path else path
        return f"{parts.netloc.lower()}{path}"
    return PurePath(source).name


def _reasons_in(summary, vocabulary, prefix: str) -> list[str]:
    """What makes a list's summary of a service unusable (said as a note: the full record is
    the one imported)."""
    try:
        read_service(summary, vocabulary)
    except RecordInvalid as invalid:
        return [prefix + reason + " (the full record is used)" for reason in invalid.reasons]
    return []


_fingerprint = pre_read.fingerprint


def _remember_sources(source: str, reads: list[Read]):
    """Where each written record came from, and its fingerprint (for skipping it next time);
    and the fingerprint, kept the quicker way, of each skipped as unchanged that had it kept
    the earlier way (Read.renew: its fingerprint alone, where it came from unchanged)."""
    written = [read for read in reads if read.plan is not None]
    rows = [
        FeedRecord(record_id=read.plan.service.pk, source=source, content_hash=read.fingerprint)
        for read in written
    ]
    writing.upsert_all(FeedRecord, rows)
    _renew(reads, also_written={row.record_id for row in rows})


def _renew(reads: list[Read], also_written=frozenset()):
    """The fingerprints of records skipped as unchanged kept the quicker way (Read.renew),
    but not for a service a record of the same batch wrote (two spellings of one id)."""
    renewed = [
        FeedRecord(record_id=read.renew, content_hash=read.fingerprint)
        for read in reads
        if read.renew is not None and read.renew not in also_written
    ]
    if renewed:
        FeedRecord.objects.bulk_update(renewed, ["content_hash"])


def records_per_second(run: ImportRun) -> float | None:
    if not (run.started_at and run.finished_at) or not run.processed:
        return None
    seconds = (run.finished_at - run.started_at).total_seconds()
    return run.processed / seconds if seconds > 0 else None
