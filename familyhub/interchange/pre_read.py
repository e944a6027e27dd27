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

The worker also works out each record's fingerprint (what the importer compares with the one
it was last imported with, and keeps): the importer sends, with each record, the fingerprint
its service was last imported with, and a record whose fingerprint is the same, likely to be
skipped as unchanged, is not read (the importer reads it, should it not be skipped after all).
Workers do not use the database.

What passes between the processes is made cheap to send (taking it apart and putting it back
together cost about as much as reading the record): a record goes marshalled (the same value
back, key order and all: a parsed record is dicts, lists, text, numbers, true/false and null,
which marshal writes and reads exactly; a quarter of pickle's and JSON's time to write, in the
importer, which is the busier process), and the readings come back
pickled with directory models as their class and attributes only (`pack`), not through
Django's own pickling of a model (which looks the model up again for each instance).
"""

import copyreg
import gc
import hashlib
import io
import json
import marshal
import pickle
from dataclasses import dataclass

import orjson
from django.apps import apps
from django.db.models.base import ModelState

from familyhub.directory.models.services import search_terms_of, search_text_of
from familyhub.interchange.models import FeedRecord
from familyhub.interchange.plans import ServicePlan
from familyhub.interchange.reading import record_uuid
from familyhub.interchange.records import RecordInvalid, Vocabulary, read_service
from familyhub.interchange.writing import chunks

FULL_COLLECTION = 20  # batches a worker reads between runs of the garbage collector


FINGERPRINT_MARK = "o"  # begins a fingerprint made by `fingerprint` (an earlier one is all hex)


def fingerprint(record) -> str:
    """What the importer keeps of a record it wrote (FeedRecord.content_hash), to know it
    unchanged the next time: a SHA-256 of the record as orjson writes it, keys sorted, as
    FINGERPRINT_MARK and 63 hex digits (the column's 64 characters). orjson writes a record in
    a fifth of the standard library's time (`legacy_fingerprint`, what releases before
    2026-12-07 kept); a record it cannot write (a whole number beyond 64 bits) is written by
    the standard library instead."""
    try:
        text = orjson.dumps(record, option=orjson.OPT_SORT_KEYS, default=str)
    except TypeError:  # orjson.JSONEncodeError is one
        text = _standard_text(record)
    return FINGERPRINT_MARK + hashlib.sha256(text).hexdigest()[:63]


def legacy_fingerprint(record) -> str:
    return hashlib.sha256(_standard_text(record)).hexdigest()


def _standard_text(record) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), default=str).encode()


def unchanged(record, printed: str, imported: str | None) -> bool:
    """Whether a record whose fingerprint is `printed` is the one last imported with
    `imported`, either kind (a record imported by a release before 2026-12-07 kept its
    `legacy_fingerprint`: it is compared by that, and not written again for the change)."""
    if imported is None:
        return False
    if printed == imported:
        return True
    return not imported.startswith(FINGERPRINT_MARK) and legacy_fingerprint(record) == imported


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


def prepare(batch: list, namespace: str) -> list:
    """In the importer, before a batch is sent: what a worker is given, (index in the batch,
    the record marshalled or, if it has a value marshal cannot write, itself, the fingerprint
    its service was last imported with or None) for each record."""
    ids = [
        record_uuid(item.record.get("id"), namespace) if isinstance(item.record, dict) else None
        for _position, item in batch
    ]
    imported = {}
    for chunk in chunks({service_id for service_id in ids if service_id is not None}):
        rows = FeedRecord.objects.filter(record_id__in=chunk)
        imported.update(rows.values_list("record_id", "content_hash"))
    return [
        (index, *_as_sent(item.record), imported.get(service_id))
        for index, ((_position, item), service_id) in enumerate(zip(batch, ids, strict=True))
    ]


def _as_sent(record) -> tuple:
    """(the record marshalled, None), or (None, the record) when marshal cannot write it (a
    value of a type other than JSON's)."""
    try:
        return marshal.dumps(record), None
    except ValueError:
        return None, record


def read_records(to_read: list) -> bytes:
    """In a worker: (index, fingerprint, plan, invalid) for each record, packed (`pack`); plan
    and invalid both None where it was not read: imported before with the same fingerprint
    (likely to be skipped as unchanged), or needing the directory (see the module's
    docstring)."""
    vocabulary = STATE["vocabulary"]
    out = []
    for index, marshalled, record, imported in to_read:
        if marshalled is not None:
            record = marshal.loads(marshalled)
        printed = fingerprint(record)
        if unchanged(record, printed, imported):
            out.append((index, printed, None, None))
            continue
        try:
            out.append((index, printed, _search_text_ahead(read_service(record, vocabulary)), None))
        except RecordInvalid as invalid:
            out.append((index, printed, None, (invalid.reasons, invalid.notes)))
        except Exception:  # noqa: BLE001 (the importer reads it, and meets it there)
            out.append((index, printed, None, None))
    _collect_now_and_then()
    return pack(out)


def _search_text_ahead(plan: ServicePlan) -> ServicePlan:
    """The service's search text made here, with what it was made from: the importer uses it
    if that is still what the service has when it is written (writing.prepare_for_search)."""
    service = plan.service
    if plan.organisation is not None:
        service.organisation = plan.organisation
        parts = service.search_parts()
        text = search_text_of(parts)
        service.search_ahead = (parts, text, search_terms_of(service.name, text))
    return plan


def combine(packed: bytes) -> list[Pre]:
    """The batch's records as read ahead (the readings, in the batch's order)."""
    return [Pre(printed, plan, invalid) for _index, printed, plan, invalid in pickle.loads(packed)]


def pack(value) -> bytes:
    """`value` pickled, each Django model instance in it as its class, its attributes and its
    state (adding, db, related objects cached), from which `_model` makes it again."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(value)
    return buffer.getvalue()


def _dispatch_table() -> dict:
    if "dispatch" not in STATE:
        table = copyreg.dispatch_table.copy()
        table.update(dict.fromkeys(apps.get_models(include_auto_created=True), _reduce_model))
        STATE["dispatch"] = table
    return STATE["dispatch"]


def _reduce_model(instance):
    attributes = instance.__dict__.copy()
    state = attributes.pop("_state")
    return _model, (type(instance), attributes, state.__dict__)


def _model(model, attributes: dict, state: dict):
    instance = model.__new__(model)
    instance.__dict__.update(attributes)
    instance._state = ModelState()
    instance._state.__dict__.update(state)
    return instance


_batches_read = [0]


def _collect_now_and_then():
    """The collector, paused by the importer before forking, run every FULL_COLLECTION batches
    a worker reads (reading makes no cycles: see oruk_import._collector_paused)."""
    _batches_read[0] += 1
    if not gc.isenabled() and _batches_read[0] % FULL_COLLECTION == 0:
        gc.collect()
