"""committing.sqlite_set_for_importing: while an import runs on SQLite, its connection copies the
write-ahead log back every CHECKPOINT_PAGES pages instead of every 1,000 and keeps a page cache
of IMPORT_CACHE_KB, also on the connection opened again after the workers are forked;
afterwards as before, the log copied back."""

import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.signals import connection_created

from familyhub.interchange import committing


@pytest.fixture
def file_database(tmp_path):
    """A connection like the importer's to an SQLite file (the suite's own is in memory,
    where there is no write-ahead log)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write-ahead log: this runs in the SQLite pass")
    database = connections.create_connection("default")
    database.settings_dict = {**database.settings_dict, "NAME": str(tmp_path / "file.sqlite3")}
    yield database
    database.close()


def setting(database, name="wal_autocheckpoint") -> int:
    with database.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_checkpoints_are_spaced_while_importing_and_as_before_afterwards(file_database):
    usual = setting(file_database)
    usual_cache = setting(file_database, "cache_size")
    path = Path(file_database.settings_dict["NAME"])
    with file_database.cursor() as cursor:
        cursor.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, text TEXT)")
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    empty = path.stat().st_size

    with committing.sqlite_set_for_importing(file_database):
        assert setting(file_database) == committing.CHECKPOINT_PAGES
        assert setting(file_database, "cache_size") == -committing.IMPORT_CACHE_KB
        file_database.close()  # as parallel.py does before forking the workers
        assert setting(file_database) == committing.CHECKPOINT_PAGES
        assert setting(file_database, "cache_size") == -committing.IMPORT_CACHE_KB
        with file_database.cursor() as cursor:
            for _number in range(30):  # each committed: 1,500 pages of 4 KB in all, past
                cursor.execute("INSERT INTO rows (text) VALUES (%s)", ["x" * 200_000])
        # SQLite's usual 1,000: the pages are still in the log, none copied back
        assert path.stat().st_size == empty

    assert setting(file_database) == usual == 1000
    assert setting(file_database, "cache_size") == usual_cache == -65536  # settings.py's 64 MB
    assert path.stat().st_size > 30 * 200_000  # copied back at the end


@pytest.mark.django_db
def test_nothing_is_done_on_a_database_in_memory_or_postgresql():
    receivers = len(connection_created.receivers)
    with committing.sqlite_set_for_importing():
        assert len(connection_created.receivers) == receivers
        if connection.vendor == "sqlite":
            assert connection.is_in_memory_db() and setting(connection) == 1000
            assert setting(connection, "cache_size") != -committing.IMPORT_CACHE_KB


@pytest.mark.django_db
def test_another_thread_opening_the_database_meanwhile_is_not_set_for_importing(file_database):
    seen = {}

    def another_thread():  # a web request's, say, while the import runs in the task backend
        other = connections.create_connection("default")
        other.settings_dict = file_database.settings_dict
        try:
            seen["cache"] = setting(other, "cache_size")
            seen["checkpoint"] = setting(other)
        finally:
            other.close()

    with committing.sqlite_set_for_importing(file_database):
        thread = threading.Thread(target=another_thread)
        thread.start()
        thread.join()
        assert setting(file_database, "cache_size") == -committing.IMPORT_CACHE_KB

    assert seen == {"cache": -65536, "checkpoint": 1000}
