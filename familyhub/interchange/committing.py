"""How an import's batches are committed (oruk_import.py): together, about a second's worth at
a time, and on PostgreSQL with the tables' statistics brought up to date as the directory grows.
"""

import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.db.backends.signals import connection_created
from django.db.transaction import TransactionManagementError

from familyhub.directory import models as m
from familyhub.directory.search.search_table import SEARCH_TABLE
from familyhub.interchange.models import FeedRecord, ImportReview

logger = logging.getLogger(__name__)


class Together:
    """Batches written in one transaction, committed once it has been open `seconds` (and at
    the end). Each batch is still written in a savepoint of its own, so a refused batch is
    rolled back alone and written again a record at a time, as before.

    Why: committing costs a database the pages a transaction changed, and new rows with random
    ids change a page of every index they are in. Near 100,000 services a 500-record batch
    changed about 62 MB of SQLite's pages (its write-ahead log grew that much a commit, then
    copied back), most of them the same index pages as the batch before; batches committed
    together write each such page once. `seconds` bounds how long anyone else saving waits
    for the import (SQLite has one writer at a time; on PostgreSQL, the directory's version
    row); the importer opens the transaction after reading each batch, so on SQLite someone
    else may save between a commit and the next batch's writing. An error that ends the
    import rolls back the batches not yet committed with it. `after_commit()` is called after
    each commit (outside the transaction)."""

    def __init__(self, seconds: float, after_commit: Callable | None = None):
        self.seconds = seconds
        self.after_commit = after_commit
        self.atomic = None
        self.opened = 0.0

    def __enter__(self):
        return self

    def open(self):
        if self.atomic is None:
            atomic = transaction.atomic()
            atomic.__enter__()  # held only once it has begun
            self.atomic = atomic
            self.opened = time.monotonic()

    def commit_if_due(self):
        if self.atomic is not None and time.monotonic() - self.opened >= self.seconds:
            self.commit()

    def commit(self):
        atomic, self.atomic = self.atomic, None
        if atomic is not None:
            atomic.__exit__(None, None, None)
            if self.after_commit:
                self.after_commit()

    def __exit__(self, kind, error, traceback):
        atomic, self.atomic = self.atomic, None
        if atomic is not None:
            atomic.__exit__(kind, error, traceback)
        return False


# Pages SQLite's write-ahead log may hold before the importer copies them back (about 400 MB
# at SQLite's 4 KB pages), against SQLite's usual 1,000.
CHECKPOINT_PAGES = 100_000
# The importer's page cache, in KB (SQLite's cache_size takes a negative number as KB), against
# the project's 64 MB (settings.py): at 100,000 services the indexes an import writes, with
# random ids, no longer fit in 64 MB.
IMPORT_CACHE_KB = 256 * 1024
IMPORT_PRAGMAS = {"wal_autocheckpoint": CHECKPOINT_PAGES, "cache_size": -IMPORT_CACHE_KB}


@contextmanager
def sqlite_set_for_importing(database=connection):
    """SQLite: while an import runs, its connection (`database`) is set as IMPORT_PRAGMAS say,
    then as it was before.

    - **The write-ahead log is copied back into the database (a checkpoint) once it holds
      CHECKPOINT_PAGES pages**, not after every commit; at the end the importer copies back
      what is left, so the next person to save does not do it for the import. A commit of new
      rows with random ids changes a page of every index they are in, and the pages an
      import's commits change overlap (the indexes' upper pages, the pages its next rows land
      on): each checkpoint copies a page once however many commits changed it. At 100,000
      services this took the importer's time in the kernel from 24.6 s to 18.8 s, and its run
      from 169-187 s to 156 s. The log file keeps its largest size on disk, to be used again.
    - **The page cache is IMPORT_CACHE_KB**: the rows an import of 100,000 services makes
      (about a million), written by the driver alone (bench/import_raw.py), took 42.1 s with
      the project's 64 MB and 33.8 s with 256 MB (docs/performance.md). The cache is given
      back when the setting is restored.

    The settings also apply to the connection opened again after the workers are forked.
    Nothing is done on other databases or for a database in memory (it has no log)."""
    if database.vendor != "sqlite" or database.is_in_memory_db():
        yield
        return
    alias = database.alias
    importing = threading.get_ident()

    def set_for_importing(sender, connection, **kwargs):
        # The importer's own connection to this database, opened again: not another thread's
        # (a web request's, where the import runs in the web process's task backend).
        if (
            connection.alias == alias
            and connection.settings_dict is database.settings_dict
            and threading.get_ident() == importing
        ):
            with connection.cursor() as cursor:
                for name, value in IMPORT_PRAGMAS.items():
                    cursor.execute(f"PRAGMA {name} = {int(value)}")

    before = {}
    with database.cursor() as cursor:
        for name in IMPORT_PRAGMAS:
            cursor.execute(f"PRAGMA {name}")
            (before[name],) = cursor.fetchone()
    set_for_importing(None, database)
    # Also for the connection opened again after the workers are forked (parallel.py closes
    # this process's connections first).
    connection_created.connect(set_for_importing)
    try:
        yield
    finally:
        connection_created.disconnect(set_for_importing)
        try:
            with database.cursor() as cursor:
                for name, value in before.items():
                    cursor.execute(f"PRAGMA {name} = {int(value)}")
                if not database.in_atomic_block:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except (DatabaseError, TransactionManagementError) as error:
            # In a transaction already failing (the caller's): its error is the one raised;
            # the connection is closed when the caller's transaction ends.
            logger.warning("The import's SQLite settings were not restored: %s", error)
            database.close_at = 0  # closed, not kept, when the request or job ends


# The tables an import writes and then looks rows up in, by the ids of a batch (and, below, the
# search table its triggers keep, which every search reads).
ANALYSED = [
    m.Service,
    m.Organisation,
    m.ServiceTerm,
    m.ServiceAtLocation,
    m.Location,
    m.Address,
    m.Accessibility,
    m.Schedule,
    m.Language,
    m.CostOption,
    m.Contact,
    m.Phone,
    m.Funding,
    m.ServiceArea,
    FeedRecord,
    ImportReview,
]
FIRST_AFTER = 1000  # records written before the first analysis
GROWTH = 4  # analysed again each time the records written reach this many times the last count


class Statistics:
    """PostgreSQL plans each batch's lookups (rows by a list of 500 ids) from what its
    statistics say of each table. An import that fills an empty directory would otherwise be
    planned as if the tables were still empty (or as autovacuum last saw them, if it runs at
    all: it may be off, and it comes at most once a minute): at 100,000 services with no
    statistics, each lookup read the whole table (13–40 ms, against 5–7 ms by its index), and
    the import's updates spent 45 s of 105 s in lookups. So the tables are analysed when
    the records the import has written reach FIRST_AFTER, and again each time they reach
    GROWTH times what they were at the last analysis (about four analyses up to 100,000, under
    a second each); and once more at the end (`finish`) if FIRST_AFTER more have been written
    since, so that the next import and the directory's searches are planned from what is
    there now. SQLite plans without statistics of this kind: nothing is done there."""

    def __init__(self, run):
        self.run = run
        self.next_at = FIRST_AFTER
        self.analysed_at = 0

    def written(self) -> int:
        return self.run.created + self.run.updated

    def follow(self):
        """After a commit: analyse if the import has grown enough since the last time."""
        if self.written() >= self.next_at:
            self.analyse()

    def finish(self):
        if self.written() - self.analysed_at >= FIRST_AFTER:
            self.analyse()

    def analyse(self):
        self.analysed_at = self.written()
        self.next_at = max(FIRST_AFTER, self.analysed_at * GROWTH)
        if connection.vendor != "postgresql":
            return
        names = [model._meta.db_table for model in ANALYSED] + [SEARCH_TABLE]
        tables = ", ".join(connection.ops.quote_name(name) for name in names)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tables}")
        except DatabaseError as error:  # the import's rows are written: not a reason to fail it
            logger.warning("Import run %s: the tables were not analysed: %s", self.run.pk, error)
