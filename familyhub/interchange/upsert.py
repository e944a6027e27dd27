"""INSERT ... ON CONFLICT (id) DO UPDATE of model instances, as Django's
`bulk_create(update_conflicts=True, unique_fields=[pk], update_fields=[all but created_at])`
writes them, the values made ready for the database with less work a value.

Why: an import writes about 100 values a service, and bulk_create runs each through the
compiler's generic steps (pre_save, get_db_prep_save, the placeholder checks): about a third of
an import's time in a profile of 10,000 services. Here each column's conversion is chosen once
a model: a text, whole number, true/false or decimal number that is already of its type is the
value the database gets (what Django's conversion gives it back unchanged), a UUID is given as
the database keeps it (the value itself on PostgreSQL, its hex on SQLite), and everything else
(dates, times, JSON, a value of another type) goes through the field's own get_db_prep_save,
as bulk_create does. Dates set on saving (auto_now, auto_now_add) are set by the field's own
pre_save. The statement is the one Django writes (its ON CONFLICT suffix is Django's).
"""

import datetime
import uuid

from django.db import connections, models, router
from django.db.models.constants import OnConflict

# Django's own field classes (not a kind of them made elsewhere, which may convert otherwise)
# whose conversion gives a value of this type back as it is.
_PLAIN = {
    **dict.fromkeys(
        [models.CharField, models.TextField, models.EmailField, models.URLField, models.SlugField],
        str,
    ),
    **dict.fromkeys(
        [
            models.IntegerField,
            models.SmallIntegerField,
            models.BigIntegerField,
            models.PositiveIntegerField,
            models.PositiveSmallIntegerField,
            models.PositiveBigIntegerField,
        ],
        int,
    ),
    models.BooleanField: bool,
    models.FloatField: float,
}
_plans = {}


def _plain_type(field):
    return _PLAIN.get(type(field))


def _uuid_target(field) -> bool:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    return isinstance(target, models.UUIDField)


class _Plan:
    """For one model on one database: the columns, how each value is made, and the SQL."""

    def __init__(self, model, connection):
        opts = model._meta
        self.fields = [f for f in opts.concrete_fields if not f.generated]
        updated = [f for f in self.fields if not f.primary_key and f.name != "created_at"]
        self.steps = []
        for field in self.fields:
            saved = isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
            self.steps.append(
                (field, field.attname, saved, _plain_type(field), _uuid_target(field))
            )
        self.native_uuid = connection.features.has_native_uuid_field
        # A time in UTC (as Django's now() gives): PostgreSQL takes it as it is; SQLite's
        # adapter writes it as text without its zone (the connection's zone is UTC).
        self.utc_text = connection.vendor == "sqlite" and connection.timezone == datetime.UTC
        qn = connection.ops.quote_name
        self.head = "INSERT INTO {} ({}) VALUES ".format(
            qn(opts.db_table), ", ".join(qn(f.column) for f in self.fields)
        )
        self.row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.tail = connection.ops.on_conflict_suffix_sql(
            self.fields, OnConflict.UPDATE, [f.column for f in updated], [opts.pk.column]
        )
        # At most 999 values a statement (Django's limit for SQLite; measured no slower on
        # PostgreSQL than one statement for a whole batch).
        self.batch = max(1, 999 // len(self.fields))

    def values(self, instance, connection) -> list:
        out = []
        for field, attname, saved, plain, is_uuid in self.steps:
            value = field.pre_save(instance, True) if saved else getattr(instance, attname)
            if value is None:
                out.append(None)
            elif plain is not None and type(value) is plain:
                out.append(value)
            elif is_uuid and type(value) is uuid.UUID:
                out.append(value if self.native_uuid else value.hex)
            elif saved and type(value) is datetime.datetime and value.tzinfo is datetime.UTC:
                out.append(str(value.replace(tzinfo=None)) if self.utc_text else value)
            else:
                out.append(field.get_db_prep_save(value, connection))
        return out


def upsert(model, instances: list):
    """Write the instances (distinct ids) with one statement for each `batch` of them."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    key = (model, alias)
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = _Plan(model, connection)
    with connection.cursor() as cursor:
        for start in range(0, len(instances), plan.batch):
            some = instances[start : start + plan.batch]
            params = []
            for instance in some:
                params += plan.values(instance, connection)
                instance._state.adding = False
                instance._state.db = alias
            sql = plan.head + ", ".join([plan.row] * len(some)) + " " + plan.tail
            cursor.execute(sql, params)
