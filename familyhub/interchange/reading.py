"""Typed reads from one record of a feed, repairing what can be repaired and noting it.

The rule (issue 21, decision 0020): a record is refused only when it cannot be used at all (no
id, no name, no organisation); an optional value that is malformed or too long for this
directory is left out, a bare web address gets https://, an id that is not a UUID gets a stable
one made from it, and each of these is a note on the record's report line.
"""

import contextlib
import datetime
import functools
import math
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxLengthValidator,
    ProhibitNullCharactersValidator,
    URLValidator,
)
from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.expressions import DatabaseDefault

from familyhub.interchange.plain_text import plain_text

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])
# Ids made for records whose ids are not UUIDs (ORUK 1.0 feeds often number them): the same
# feed's same id always gives the same UUID, so a re-import updates the record.
DERIVED_IDS = uuid.UUID("5b0c1f4e-2a7d-4c36-9e1b-8d3f6a2c9e75")


def show(value) -> str:
    if isinstance(value, str):
        return f"“{value[:60]}”"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)[:60]


@functools.lru_cache(maxsize=4096)
def parse_uuid(value: str) -> uuid.UUID:
    """UUIDs are immutable, and a feed repeats many (taxonomy terms on every service)."""
    return uuid.UUID(value)


def as_uuid(value) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_uuid(value)
    except ValueError:
        return None


def derived_id(namespace: str, kind: str, value) -> uuid.UUID:
    return uuid.uuid5(DERIVED_IDS, f"{namespace}|{kind}|{value}")


def record_uuid(value, namespace: str, kind: str = "service") -> uuid.UUID | None:
    """A record's id as this directory keeps it: the UUID it gives, or one made from the id it
    gives (text or a number); None when it gives none."""
    if value is None or value == "" or isinstance(value, bool | dict | list):
        return None
    return as_uuid(value) or derived_id(namespace, kind, value)


class Reader:
    """Typed reads from one JSON object, with the reasons (it cannot be used) and the notes
    (what was changed to fit) gathered as it goes. `namespace` makes ids for this feed."""

    def __init__(self, namespace: str = ""):
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.namespace = namespace
        self._said: set = set()

    def fail(self, path: str, message: str):
        self.errors.append(f"{path}: {message}")

    def note(self, message: str):
        self.notes.append(message)

    def note_once(self, key, message: str):
        if key not in self._said:
            self._said.add(key)
            self.notes.append(message)

    def text(self, data, key, path, *, required=False, prose=False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(path, "missing (the standard requires it)")
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a name or a code given as a number: its digits are the text
        if not isinstance(value, str):
            if required:
                self.fail(path, f"{show(value)} is not text")
            else:
                self.note(f"{path}: {show(value)} is not text: left out.")
            return ""
        if prose:
            value, converted = plain_text(value)
            if converted:
                self.note(f"{path}: HTML turned into plain text.")
        return value

    def email(self, data, key, path) -> str:
        value = self.text(data, key, path).strip()
        if value.lower().startswith("mailto:"):
            value = value[len("mailto:") :]
        if not value:
            return ""
        try:
            _email(value)
        except ValidationError:
            self.note(f"{path}: {show(value)} is not an email address: left out.")
            return ""
        return value

    def url(self, data, key, path) -> str:
        """A web address; one given without its scheme (www.example.org) gets https://."""
        value = self.text(data, key, path).strip()
        if not value:
            return ""
        try:
            _url(value)
            return value
        except ValidationError:
            pass
        if "://" not in value and " " not in value and "." in value.split("/")[0]:
            with contextlib.suppress(ValidationError):
                _url("https://" + value)
                self.note(f"{path}: {show(value)} has no https://: added.")
                return "https://" + value
        self.note(f"{path}: {show(value)} is not a web address: left out.")
        return ""

    def id(self, data, path, *, kind: str, parent=None, position: int = 0) -> uuid.UUID:
        """A nested record's id: its UUID; one made from an id that is not a UUID; or, with
        none, one made from its parent's id and its place in the list (noted once a kind)."""
        value = data.get("id")
        found = record_uuid(value, self.namespace, kind)
        if found is None:
            self.note_once(("no id", kind), f"{path}: no id: given one made from the record's.")
            return derived_id(str(parent), kind, position)
        if as_uuid(value) is None:
            self.note_once(
                ("not uuid", kind),
                f"{path}: id {show(value)} is not a UUID: given a stable one made from it.",
            )
        return found

    def uuid(self, data, key, path) -> uuid.UUID | None:
        """An optional reference to another record (a parent, a term): None if it is not one."""
        value = data.get(key)
        if value is None or value == "":
            return None
        found = as_uuid(value)
        if found is None:
            self.note(f"{path}: {show(value)} is not a UUID: left out.")
        return found

    def number(self, data, key, path) -> float | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = float(value) if "." in value else int(value)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))  # 1e400, say
        ):
            self.note(f"{path}: {show(value)} is not a number: left out.")
            return None
        return value

    def date(self, data, key, path) -> datetime.date | None:
        value = self.text(data, key, path)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            self.note(f"{path}: {show(value)} is not a date like 2026-01-31: left out.")
            return None

    def time(self, data, key, path) -> datetime.time | None:
        value = self.text(data, key, path)
        if not value:
            return None
        clock = value.rsplit("T", 1)[-1].removesuffix("Z")  # ORUK 1.0 feeds send date-times
        try:
            return datetime.time.fromisoformat(clock).replace(tzinfo=None)
        except ValueError:
            self.note(f"{path}: {show(value)} is not a time like 09:30: left out.")
            return None

    def objects(self, data, key, path) -> list[tuple[str, dict]]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, dict):
            value = [value]  # one object where a list belongs
        if not isinstance(value, list):
            self.note(f"{path}: {show(value)} is not a list: left out.")
            return []
        items = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                items.append((f"{path}[{index}]", item))
            else:
                self.note(f"{path}[{index}]: {show(item)} is not an object: left out.")
        return items


# --- making and fitting a read record's models ---------------------------------------------


def new(model, **values):
    """`model(**values)`, made with less work: the values (by attname) and every other field's
    default set straight into the instance, as Model.__init__ would set them on a new instance
    (a quarter of reading a record went to it). Anything else (a related object, a name that
    is not a field, a model whose creation something listens for) goes to the model itself."""
    fields = _new_fields(model)
    if fields is None or not values.keys() <= fields[1]:
        return model(**values)
    instance = model.__new__(model)
    instance._state = ModelState()
    attributes = instance.__dict__
    for attname, field in fields[0]:
        attributes[attname] = values[attname] if attname in values else field.get_default()
    return instance


@functools.cache
def _new_fields(model):
    """((attname, field) of each concrete field, the attnames), or None where `new` must
    leave the model to make itself."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return None
    fields = [(field.attname, field) for field in model._meta.concrete_fields]
    if len(fields) != len(model._meta.fields):
        return None
    return fields, frozenset(attname for attname, _field in fields)


# --- fitting a read record to this directory's columns ---------------------------------------


@functools.cache
def _not_checked(model) -> frozenset:
    names = {f.name for f in model._meta.fields if f.is_relation or f.primary_key}
    return frozenset(names | {"search_text", "search_key", "search_terms", "extra"})


@functools.cache
def _checked(model) -> tuple:
    """(field, attname, name, quick text check or None) for each field clean_fields checks."""
    left_out = _not_checked(model)
    return tuple(
        (field, field.attname, field.name, _quick_text_check(field))
        for field in model._meta.fields
        if field.name not in left_out and not field.generated
    )


def _quick_text_check(field):
    """For a plain text field whose checks are its length, no NUL character and its choices:
    (most characters or None, NUL checked, the choices or None); otherwise None."""
    if type(field) not in (models.CharField, models.TextField) or not field.editable:
        return None
    longest, nul = None, False
    for validator in field.validators:
        if type(validator) is MaxLengthValidator and isinstance(validator.limit_value, int):
            longest = validator.limit_value
        elif type(validator) is ProhibitNullCharactersValidator:
            nul = True
        else:
            return None
    choices = None
    if field.choices is not None:
        keys = [key for key, _label in field.choices]
        if not all(type(key) is str for key in keys):
            return None  # groups, or values of other kinds
        choices = frozenset(keys)
    return longest, nul, choices


def field_problems(instance) -> dict:
    """Django's own field checks (lengths, choices), leaving out relations (set on writing):
    Model.clean_fields, with a text that passes its field's checks (the most characters, no
    NUL, one of its choices, not blank where it must not be) let through without them; any
    other value is cleaned by its field, as clean_fields does, so the problems and their
    wording are Django's."""
    errors = {}
    for field, attname, name, quick in _checked(type(instance)):
        value = getattr(instance, attname)
        if field.blank and value in field.empty_values:
            continue
        if isinstance(value, DatabaseDefault):
            continue
        if quick is not None and type(value) is str and value:
            longest, nul, choices = quick
            if (
                (longest is None or len(value) <= longest)
                and not (nul and "\x00" in value)
                and (choices is None or value in choices)
            ):
                continue
        try:
            setattr(instance, attname, field.clean(value, instance))
        except ValidationError as error:
            errors[name] = error.error_list
    return ValidationError(errors).message_dict if errors else {}


def problems_text(problems: dict) -> str:
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in problems.items())


def fit(r: Reader, path: str, instance, *, rules=True, allowed=()) -> dict:
    """Leave out each optional value that does not fit this directory (too long for its column,
    not one of its choices), with a note; run the model's own rules (`rules`). Returns the
    problems left: those of required fields, and of `allowed` (missing values the caller has
    its own answer to) only if not empty."""
    problems = field_problems(instance)
    for name in list(problems):
        model_field = instance._meta.get_field(name)
        value = getattr(instance, name)
        if name in allowed and value in ("", None):
            del problems[name]
            continue
        if not model_field.blank:
            continue
        if isinstance(value, str) and len(value) > (model_field.max_length or len(value)):
            said = f"longer than this directory's {model_field.max_length} characters"
        else:
            said = " ".join(problems[name]).rstrip(".").lower()
        r.note(f"{f'{path}.' if path else ''}{name} {show(value)}: {said}: left out.")
        if model_field.null:
            setattr(instance, name, None)
        elif isinstance(model_field, models.CharField | models.TextField):
            setattr(instance, name, "")
        else:
            setattr(instance, name, model_field.get_default())
        del problems[name]
    if not problems and rules:
        try:
            instance.clean()
        except ValidationError as error:
            problems = error.message_dict
    return problems


def keep(r: Reader, path: str, instance, *, rules=True) -> bool:
    """A detail record (a schedule, an address) that does not fit even so is left out whole,
    with a note; the service itself still imports."""
    problems = fit(r, path, instance, rules=rules)
    if problems:
        r.note(f"{path} left out: {problems_text(problems)}")
        return False
    return True
