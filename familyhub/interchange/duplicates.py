"""Likely duplicate services, organisations and places, and merging one into another.

Likely duplicates: records of the same kind with similar names (after folding case, accents,
punctuation and filler words like "the" or "Ltd") at the same postcode; organisations also when
their names are the same. Only records sharing a postcode are compared, so the work grows with
the busiest postcode, not with the square of the directory.

Merging moves every reference to the duplicate onto the record kept, and then deletes the
duplicate, in one transaction. The references are found from the models themselves (every
foreign key in every installed app that points at the kind), and each must be declared by the
app that owns it (`directory_references` on its AppConfig): a merge that would move a relation
nobody declared is refused, so an app added later cannot have its records moved (or lost)
without saying so.
Where moving would break a uniqueness rule (the same service at the same place twice), the two
rows are merged the same way; identical directory details (the same address twice) are kept once.
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from familyhub.directory import models as m
from familyhub.directory.search.words import fold
from familyhub.interchange.models import DistinctPair, MergeKind, MergeRecord

THRESHOLD = 0.85
MAX_BLOCK = 300  # records at one postcode compared pairwise, at most
FILLER = {"the", "and", "of", "ltd", "limited", "inc", "cic", "llp", "plc", "charity", "uk"}
MODELS = {
    MergeKind.SERVICE: m.Service,
    MergeKind.ORGANISATION: m.Organisation,
    MergeKind.LOCATION: m.Location,
}


def normalise_name(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", fold(name or "").replace("&", " and ")).split()
    return " ".join(word for word in words if word not in FILLER)


def similarity(a: str, b: str) -> float:
    """0 to 1: the better of the character match and the shared words (in any order)."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    words_a, words_b = set(a.split()), set(b.split())
    shared = len(words_a & words_b) / len(words_a | words_b)
    in_order = SequenceMatcher(None, a, b).ratio()
    sorted_words = SequenceMatcher(None, " ".join(sorted(words_a)), " ".join(sorted(words_b)))
    return round(max(shared, in_order, sorted_words.ratio()), 3)


@dataclass(frozen=True)
class Candidate:
    kind: str
    first: models.Model
    second: models.Model
    score: float
    postcode: str  # the postcode they share, or "" (organisations with the same name)


def _postcode(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def _postcodes_by_location() -> dict:
    found = defaultdict(set)
    for location_id, postcode in m.Address.objects.values_list("location_id", "postal_code"):
        if postcode:
            found[location_id].add(_postcode(postcode))
    return found


def _records_by_postcode(kind: str) -> tuple[dict, dict]:
    """(postcode -> record ids, record id -> name) for one kind."""
    at_location = _postcodes_by_location()
    blocks = defaultdict(set)
    if kind == MergeKind.LOCATION:
        names = dict(m.Location.objects.values_list("id", "name"))
        for location_id, postcodes in at_location.items():
            for postcode in postcodes:
                blocks[postcode].add(location_id)
        return blocks, names
    names = dict(MODELS[kind].objects.values_list("id", "name"))
    owner = "service_id" if kind == MergeKind.SERVICE else "service__organisation_id"
    for record_id, location_id in m.ServiceAtLocation.objects.values_list(owner, "location_id"):
        for postcode in at_location.get(location_id, ()):
            blocks[postcode].add(record_id)
    return blocks, names


def find_duplicates(kind: str, threshold: float = THRESHOLD) -> list[Candidate]:
    blocks, names = _records_by_postcode(kind)
    normalised = {record_id: normalise_name(name) for record_id, name in names.items()}
    best = {}
    for postcode, ids in blocks.items():
        ordered = sorted(ids)[:MAX_BLOCK]
        for a, b in combinations(ordered, 2):
            score = similarity(normalised[a], normalised[b])
            if score >= threshold and best.get((a, b), (0,))[0] < score:
                best[(a, b)] = (score, postcode)
    if kind == MergeKind.ORGANISATION:
        same_name = defaultdict(list)
        for record_id, name in normalised.items():
            if name:
                same_name[name].append(record_id)
        for ids in same_name.values():
            for a, b in combinations(sorted(ids), 2):
                best.setdefault((a, b), (1.0, ""))
    for pair in DistinctPair.objects.filter(kind=kind).values_list("first_id", "second_id"):
        best.pop(pair, None)
    if not best:
        return []
    records = MODELS[kind].objects.in_bulk({record_id for pair in best for record_id in pair})
    candidates = [
        Candidate(kind, records[a], records[b], score, postcode)
        for (a, b), (score, postcode) in best.items()
        if a in records and b in records
    ]
    return sorted(candidates, key=lambda c: (-c.score, c.first.name, c.second.name))


def mark_distinct(kind: str, first_id, second_id, *, by=None) -> DistinctPair:
    """Two records checked and found different: stop listing them as likely duplicates."""
    if kind not in MODELS:
        raise MergeRefused(f"“{kind}” is not something that can be merged.")
    first, second = sorted([_pk(MODELS[kind], first_id), _pk(MODELS[kind], second_id)])
    if first == second:
        raise MergeRefused("Choose two different records.")
    pair, _ = DistinctPair.objects.get_or_create(
        kind=kind,
        first_id=first,
        second_id=second,
        defaults={"by": by if by is not None and by.is_authenticated else None},
    )
    return pair


# --- merging -------------------------------------------------------------------------------


class MergeRefused(Exception):
    pass


def references_to(model) -> list[tuple[type, models.Field]]:
    """Every foreign key (and one-to-one) in every installed model that points at `model`."""
    found = []
    for related in apps.get_models(include_auto_created=True):
        for field in related._meta.concrete_fields:
            if (
                field.is_relation
                and (field.many_to_one or field.one_to_one)
                and field.remote_field.model._meta.concrete_model is model._meta.concrete_model
            ):
                found.append((related, field))
    return found


def _unique_partners(model, field) -> list[tuple[str, ...]]:
    """For each uniqueness rule that includes `field`, the other fields in it."""
    groups = []
    if field.unique or field.one_to_one:
        groups.append(())
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        unique = isinstance(constraint, models.UniqueConstraint) and constraint.condition is None
        if unique and field.name in fields:
            groups.append(tuple(name for name in fields if name != field.name))
    for together in model._meta.unique_together:
        if field.name in together:
            groups.append(tuple(name for name in together if name != field.name))
    return groups


def declared_references() -> set[str]:
    """Every relation the apps declare merging may move, as "app.Model.field"."""
    return {
        f"{config.label}.{name}"
        for config in apps.get_app_configs()
        for name in getattr(config, "directory_references", ())
    }


def declared_movers() -> dict:
    """The relations whose rows their app moves itself (`directory_movers` on its AppConfig):
    "app.Model.field" → a function (rows, keep, duplicate, by=...) that returns how many moved."""
    return {
        f"{config.label}.{name}": import_string(path)
        for config in apps.get_app_configs()
        for name, path in getattr(config, "directory_movers", {}).items()
    }


def references_moved(model, _seen=None) -> list[str]:
    """Every relation a merge of `model` may move, as "app.Model.field": those pointing at it, and
    those pointing at a row that may itself be merged with the kept record's (a uniqueness rule
    or an identical directory detail), as move_references walks them."""
    seen = set() if _seen is None else _seen
    if model in seen:
        return []
    seen.add(model)
    found = []
    for related, field in references_to(model):
        found.append(f"{related._meta.label}.{field.name}")
        if related is not model and (
            _unique_partners(related, field) or _is_directory_leaf(related)
        ):
            found.extend(references_moved(related, seen))
    return found


def unaccounted_references(model) -> list[str]:
    declared = declared_references()
    return sorted({label for label in references_moved(model) if label not in declared})


def _comparable(row, skip: str) -> tuple:
    """The row's values but its id, parent and times; a JSON field's as its text (a dict
    cannot be a key)."""
    ignore = {row._meta.pk.name, skip, "created_at", "last_modified"}
    values = (getattr(row, f.attname) for f in row._meta.concrete_fields if f.name not in ignore)
    return tuple(
        json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value
        for value in values
    )


def _is_directory_leaf(model) -> bool:
    return model._meta.app_label == "directory" and not references_to(model)


def _touch(model) -> dict:
    names = {f.name for f in model._meta.concrete_fields}
    return {"last_modified": timezone.now()} if "last_modified" in names else {}


def move_references(model, keep, duplicate, moved: Counter, *, by=None, movers=None):
    """Point everything that points at `duplicate` at `keep` instead."""
    movers = declared_movers() if movers is None else movers
    for related, field in references_to(model):
        label = f"{related._meta.label}.{field.name}"
        rows = related._base_manager.filter(**{field.name: duplicate})
        if label in movers:  # its app moves them itself (a request keeps its history)
            moved[label] += movers[label](rows, keep, duplicate, by=by)
            continue
        if related is model:  # a record pointing at its own kind (an organisation's parent)
            moved[label] += rows.exclude(pk=keep.pk).update(**{field.name: keep}, **_touch(model))
            rows.filter(pk=keep.pk).update(**{field.name: None})
            continue
        partners = _unique_partners(related, field)
        leaf = _is_directory_leaf(related)
        if not partners and not leaf:
            moved[label] += rows.update(**{field.name: keep}, **_touch(related))
            continue
        kept_rows = list(related._base_manager.filter(**{field.name: keep}))
        kept_same = {_comparable(row, field.name): row for row in kept_rows} if leaf else {}
        for row in list(rows):
            twin = _clashing_row(related, field, partners, row, kept_rows)
            if twin is None and leaf:
                twin = kept_same.get(_comparable(row, field.name))
            if twin is not None:
                move_references(related, twin, row, moved, by=by, movers=movers)
                row.delete()
                moved[f"{label} (merged with the kept record's)"] += 1
            else:
                related._base_manager.filter(pk=row.pk).update(
                    **{field.name: keep}, **_touch(related)
                )
                moved[label] += 1


def _clashing_row(related, field, partners, row, kept_rows):
    for others in partners:
        for kept in kept_rows:
            if all(
                getattr(kept, related._meta.get_field(n).attname)
                == getattr(row, related._meta.get_field(n).attname)
                for n in others
            ):
                return kept
    return None


def merge(kind: str, keep_id, duplicate_id, *, by=None) -> MergeRecord:
    """Merge the duplicate into the record kept; every reference moves, the duplicate goes."""
    model = MODELS.get(kind)
    if model is None:
        raise MergeRefused(f"“{kind}” is not something that can be merged.")
    if str(keep_id) == str(duplicate_id):
        raise MergeRefused("Choose two different records: a record cannot merge into itself.")
    unaccounted = unaccounted_references(model)
    if unaccounted:
        raise MergeRefused(
            "These records cannot be merged: some records point at them that the merge was not "
            f"told how to move ({', '.join(unaccounted)}). Their app must declare them in "
            "directory_references."
        )
    with transaction.atomic():
        found = model._base_manager.select_for_update().in_bulk([keep_id, duplicate_id])
        keep = found.get(_pk(model, keep_id))
        duplicate = found.get(_pk(model, duplicate_id))
        if keep is None or duplicate is None:
            raise MergeRefused("One of the records no longer exists: it may have been merged.")
        moved = Counter()
        move_references(model, keep, duplicate, moved, by=by)
        name = str(duplicate)[:255]
        duplicate.delete()
        keep.refresh_from_db()  # references to it may have changed (its own parent)
        keep.save()  # its last_modified, and a service's search text
        if model is m.Organisation:
            _refresh_search_text(keep)
        return MergeRecord.objects.create(
            kind=kind,
            kept_id=keep.pk,
            merged_id=_pk(model, duplicate_id),
            merged_name=name,
            moved=dict(moved),
            by=by if by is not None and by.is_authenticated else None,
        )


def _pk(model, value):
    return model._meta.pk.to_python(value)


def _refresh_search_text(organisation):
    services = list(organisation.services.select_related("organisation"))
    for service in services:
        service.prepare_for_search()
    m.Service.objects.bulk_update(services, ["search_text", "search_terms"], batch_size=500)
