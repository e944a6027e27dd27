"""Reading a feed's records ahead, in worker processes, while the importer writes the batch
before (oruk_import.py; the management command's choice, never a web request's).

A worker is given a batch's records and, for each, works out what needs nothing but the
record: the record read and checked (`read_service`) into a plan or the reasons it cannot be
used. It does not decide anything: the importer still makes every
decision (skip, fail, hold for review, write) in the feed's order, as it does without workers,
and uses the worker's reading only where it would have read the record itself. A record whose
reading needs this directory's data (an organisation or place named only by its id: does it
exist here, or earlier in the batch?) is left for the importer to read, as is one the worker
could not read for any other reason. So the import's results, reports and rows are the same
with workers or without (tests/interchange/test_fast_paths.py).

The importer works out the records' fingerprints itself (about as quick as sending a record to
a worker), and a record already imported with the same fingerprint, likely to be skipped as
unchanged, is not sent (the importer reads it, should it not be skipped after all). Workers do
not use the database.
"""

import gc
import hashlib
import json
from dataclasses import dataclass

from familyhub.interchange.models import FeedRecord
from familyhub.interchange.plans import ServicePlan
from familyhub.interchange.reading import record_uuid
from familyhub.interchange.records import RecordInvalid, Vocabulary, read_service
from familyhub.interchange.writing import chunks


def fingerprint(record) -> str:
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Pre:
    """One record read ahead: its fingerprint, and its plan or the reasons it cannot be used
    (both None: not read, the importer reads it)."""

    fingerprint: str
    plan: ServicePlan | None = None
    invalid: tuple | None = None  # (reasons, notes)

    @property
    def read(self) -> bool:
        return self.plan is not None or self.invalid is not None


class NeedsDirectory(Exception):
    """The record names an organisation or a place by id alone: the importer reads it."""


class OfflineVocabulary(Vocabulary):
    """The importer's vocabulary (taxonomy terms, the feed's namespace) without the directory:
    asked whether an organisation or place exists, it gives the record back to the importer."""

    def __init__(self, vocabulary: Vocabulary):
        self.namespace = vocabulary.namespace
        self.taxonomy_of = vocabulary.taxonomy_of
        self.partnership = vocabulary.partnership
        self.planned_organisations = frozenset()
        self.planned_locations = frozenset()

    def organisation_exists(self, organisation_id) -> bool:
        raise NeedsDirectory

    def location_exists(self, location_id) -> bool:
        raise NeedsDirectory


# Set by the importer before the workers are forked (they start with a copy of it).
STATE = {}


def start(vocabulary: Vocabulary):
    STATE["vocabulary"] = OfflineVocabulary(vocabulary)


def prepare(batch: list, namespace: str) -> tuple[list[str], list]:
    """In the importer, before a batch is sent: its records' fingerprints, and the records to
    read ahead, (index in the batch, record): not those likely to be skipped as unchanged."""
    prints = [fingerprint(item.record) for _position, item in batch]
    unchanged = _imported_with(batch, prints, namespace)
    to_read = [
        (index, item.record)
        for index, ((_position, item), printed) in enumerate(zip(batch, prints, strict=True))
        if printed not in unchanged
    ]
    return prints, to_read


def read_records(to_read: list) -> list[tuple]:
    """In a worker: (index, plan, invalid) for each record it could read without the
    directory (see the module's docstring)."""
    vocabulary = STATE["vocabulary"]
    out = []
    for index, record in to_read:
        try:
            out.append((index, read_service(record, vocabulary), None))
        except RecordInvalid as invalid:
            out.append((index, None, (invalid.reasons, invalid.notes)))
        except Exception:  # noqa: BLE001, S112 (the importer reads it, and meets it there)
            continue
    if not gc.isenabled():  # paused by the importer before forking: collected a batch at a time
        gc.collect(1)
    return out


def combine(prints: list[str], readings: list[tuple]) -> list[Pre]:
    pres = [Pre(printed) for printed in prints]
    for index, plan, invalid in readings:
        pres[index].plan, pres[index].invalid = plan, invalid
    return pres


def _imported_with(batch, prints, namespace) -> set:
    """The fingerprints of the batch's records imported before with that fingerprint."""
    ids = {}
    for (_position, item), printed in zip(batch, prints, strict=True):
        if isinstance(item.record, dict):
            service_id = record_uuid(item.record.get("id"), namespace)
            if service_id is not None:
                ids[service_id] = printed
    found = set()
    for chunk in chunks(ids):
        rows = FeedRecord.objects.filter(record_id__in=chunk)
        for record_id, content_hash in rows.values_list("record_id", "content_hash"):
            if ids.get(record_id) == content_hash:
                found.add(content_hash)
    return found
