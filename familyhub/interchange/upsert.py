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
as bulk_create does. Times set on saving (auto_now, auto_now_add) are Django's now(), taken
once for the rows of a call (bulk_create takes it once a row, a moment apart); dates set on
saving, by the field's own pre_save. The statement is the one Django writes (its ON CONFLICT
suffix is Django's).
"""

import datetime
import uuid
import weakref

from django.db import connections, models, router, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

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
COPY_FROM = 100  # rows: more are copied on PostgreSQL (see _copied)


def _plain_type(field):
    return _PLAIN.get(type(field))


def _uuid_target(field) -> bool:
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    return isinstance(target, models.UUIDField)


class _Plan:
    """For one model on one database: the columns, how each value is made, and the SQL."""

    def __init__(self, model, connection, rewrite_unchanged: bool = True):
        opts = model._meta
        self.fields = [f for f in opts.concrete_fields if not f.generated]
        updated = [f for f in self.fields if not f.primary_key and f.name != "created_at"]
        self.native_uuid = connection.features.has_native_uuid_field
        # A time in UTC (as Django's now() gives): PostgreSQL takes it as it is; SQLite's
        # adapter writes it as text without its zone (the connection's zone is UTC).
        self.utc_text = connection.vendor == "sqlite" and connection.timezone == datetime.UTC
        self.values = _values_function(self.fields, connection, self.native_uuid)
        qn = connection.ops.quote_name
        self.head = "INSERT INTO {} ({}) VALUES ".format(
            qn(opts.db_table), ", ".join(qn(f.column) for f in self.fields)
        )
        self.row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.tail = connection.ops.on_conflict_suffix_sql(
            self.fields, OnConflict.UPDATE, [f.column for f in updated], [opts.pk.column]
        )
        if not rewrite_unchanged:
            self.tail += _only_if_changed(opts.db_table, updated, connection)
        # At most 999 values a statement (Django's limit for SQLite; measured no slower on
        # PostgreSQL than one statement for a whole batch).
        self.batch = max(1, 999 // len(self.fields))
        self.staging = None
        if connection.vendor == "postgresql":
            table, staged = qn(opts.db_table), qn(f"upsert_{opts.db_table}"[:63])
            columns = ", ".join(qn(f.column) for f in self.fields)
            # Its columns of the model's table's types (a generated one as a plain one, left
            # empty); made once a session (see _staging_table). The rows copied in are taken
            # out by the statement that writes them (its DELETE ... RETURNING), so the next
            # call finds it empty without a statement of its own; what dead rows a
            # transaction leaves are cleared at its commit (ON COMMIT DELETE ROWS).
            self.staged_name = staged
            self.staging = (
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {staged} (LIKE {table}) "
                "ON COMMIT DELETE ROWS"
            )
            self.copy_in = f"COPY {staged} ({columns}) FROM STDIN"
            self.copied_in = (
                f"WITH staged AS (DELETE FROM {staged} RETURNING {columns}) "
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM staged WHERE true "
                + self.tail
            )

    def now(self, connection) -> tuple:
        """The time the rows are saved at (auto_now and auto_now_add: one for all the rows of
        a call, as Django's pre_save would give each a moment apart), and as it is written."""
        now = timezone.now()
        if now.tzinfo is datetime.UTC:
            return now, str(now.replace(tzinfo=None)) if self.utc_text else now
        return now, None  # written through the field's own conversion


def _only_if_changed(table: str, updated: list, connection) -> str:
    """The ON CONFLICT update's condition: a row is rewritten only if a value other than its
    time of saving differs (an update that changes nothing still writes a new row version,
    with its index entries, and fires the row's triggers). Its time of saving then stays
    the time its values last changed."""
    qn = connection.ops.quote_name
    compared = [
        f.column
        for f in updated
        if not (isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add))
    ]
    if not compared:
        return ""
    ours = ", ".join(f"{qn(table)}.{qn(column)}" for column in compared)
    theirs = ", ".join(f"EXCLUDED.{qn(column)}" for column in compared)
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    return f" WHERE ({ours}) {differs} ({theirs})"


def _values_function(fields, connection, native_uuid: bool):
    """A function (instance, now, now as written) -> the row's values, made once a model: for
    each column, its value read and converted as the module's docstring says, in one
    expression (a loop over the columns, testing each value's kind, took about twice as
    long)."""
    names, lines, row = {"UUID": uuid.UUID}, [], []
    for index, field in enumerate(fields):
        attname = field.attname
        if not attname.isidentifier():
            raise ValueError(f"{attname!r}: not a name a function can read")
        convert = f"c{index}"
        names[convert] = _converter(field, connection)
        value = f"v{index}"
        saved = isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
        if saved and isinstance(field, models.DateTimeField):
            lines.append(f"instance.{attname} = now")
            row.append(f"now_written if now_written is not None else {convert}(now)")
            continue
        if saved:  # a date: the field's own pre_save
            names[f"f{index}"] = field
            lines.append(f"{value} = f{index}.pre_save(instance, True)")
        else:
            lines.append(f"{value} = instance.{attname}")
        plain = _plain_type(field)
        if plain is not None:
            names[f"t{index}"] = plain
            row.append(
                f"None if {value} is None else {value} if type({value}) is t{index} "
                f"else {convert}({value})"
            )
        elif _uuid_target(field):
            written = value if native_uuid else f"{value}.hex"
            row.append(
                f"None if {value} is None else {written} if type({value}) is UUID "
                f"else {convert}({value})"
            )
        else:
            row.append(f"None if {value} is None else {convert}({value})")
    body = "\n    ".join(lines)
    source = f"def values(instance, now, now_written):\n    {body}\n    return [{', '.join(row)}]"
    exec(compile(source, f"<upsert values of {fields[0].model.__name__}>", "exec"), names)  # noqa: S102
    return names["values"]


def _converter(field, connection):
    def convert(value):
        return field.get_db_prep_save(value, connection)

    return convert


def upsert(model, instances: list, *, rewrite_unchanged: bool = True):
    """Write the instances (distinct ids) with one statement for each `batch` of them, or on
    PostgreSQL, more than COPY_FROM of them, copied (`_copied`). `rewrite_unchanged=False`:
    an existing row whose values are all the same (its time of saving aside) is left as it
    is, time of saving and all (`_only_if_changed`)."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    key = (model, alias, rewrite_unchanged)
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = _Plan(model, connection, rewrite_unchanged)
    now, now_written = plan.now(connection)
    values = plan.values
    with connection.cursor() as cursor:
        if plan.staging is not None and len(instances) > COPY_FROM:
            _copied(plan, connection, cursor, [values(i, now, now_written) for i in instances])
        else:
            for start in range(0, len(instances), plan.batch):
                some = instances[start : start + plan.batch]
                params = []
                for instance in some:
                    params += values(instance, now, now_written)
                sql = plan.head + ", ".join([plan.row] * len(some)) + " " + plan.tail
                cursor.execute(sql, params)
    for instance in instances:
        instance._state.adding = False
        instance._state.db = alias


def _copied(plan, connection, cursor, rows: list):
    """PostgreSQL: the rows copied (COPY) into a temporary table like the model's, then
    written with one INSERT ... SELECT and the same ON CONFLICT clause. Sending a thousand
    values as one statement's parameters, psycopg reads the statement through again each time
    and quotes each value in Python: about half the importer's time on PostgreSQL. A write the
    database refuses is written again a record at a time (oruk_import.py), in statements of
    their own (under COPY_FROM rows), so a refusal is reported in the statement's words."""
    # One transaction (the caller's, else one of its own): a COPY on its own would be
    # committed, and its rows cleared, before the INSERT read them.
    with transaction.atomic(using=connection.alias, savepoint=False):
        _staging_table(plan, connection, cursor)
        with cursor.copy(plan.copy_in) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(plan.copied_in)


# For each database session (its driver's connection): the temporary tables known to exist.
_staged_tables = weakref.WeakKeyDictionary()


def _staging_table(plan, connection, cursor):
    """Make the model's temporary table unless this session has it. A table made inside a
    transaction is gone if that transaction (or the savepoint it was made in) is rolled back,
    so it is known to exist only once its making is committed (on_commit: at once outside a
    transaction); until then it is asked for again, IF NOT EXISTS (a statement of about 1.5 ms
    that an import of 100,000 services made 1,800 times)."""
    made = _staged_tables.setdefault(connection.connection, set())
    if plan.staged_name in made:
        return
    cursor.execute(plan.staging)
    connection.on_commit(lambda: made.add(plan.staged_name))


def insert(model, instances: list):
    """New rows, numbered by the database (the instances' ids are left unset: for rows nobody
    reads back, such as a run's report lines): COPY on PostgreSQL, else a statement for each
    `batch` of them; their values made as the upsert's are."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    key = (model, alias, "insert")
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = _InsertPlan(model, connection)
    now, now_written = plan.now(connection)
    rows = [plan.values(instance, now, now_written) for instance in instances]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(plan.copy_in) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), plan.batch):
            some = rows[start : start + plan.batch]
            sql = plan.head + ", ".join([plan.row] * len(some))
            cursor.execute(sql, [value for row in some for value in row])


class _InsertPlan(_Plan):
    def __init__(self, model, connection):
        opts = model._meta
        self.fields = [
            f for f in opts.concrete_fields if not f.generated and f is not opts.auto_field
        ]
        self.native_uuid = connection.features.has_native_uuid_field
        self.utc_text = connection.vendor == "sqlite" and connection.timezone == datetime.UTC
        self.values = _values_function(self.fields, connection, self.native_uuid)
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        self.head = f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES "
        self.row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.batch = max(1, 999 // len(self.fields))
        self.copy_in = f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN"
