#!/usr/bin/env python
"""Benchmark: the raw SQL of an import. The rows an ORUK import wrote, written again into an
empty database by the database driver alone, so an import's time can be read beside the least
the database itself needs for the same rows (issue 22: "side by side with the raw SQL").

    DATABASE_URL=TARGET .venv/bin/python bench/import_raw.py SOURCE [--json PATH]

SOURCE is a database an import filled (bench/interchange.py's "new" step); TARGET a freshly
migrated one, on the same kind of database. Every row of the tables an import writes
(`TABLES`: the directory's services and what hangs from them, the import's run, results,
reviews and feed records) is read from SOURCE first, then written to TARGET in rounds of
`ROUND` services with the rows that belong to them, the tables in the order the importer
writes them, as the importer writes its batches. SQLite: by `executemany`, on a connection
set up as the importer's (the project's write-ahead log and memory map, and the import's
settings, committing.IMPORT_PRAGMAS: a 256 MB page cache, the log copied back every 100,000
pages; RAW_CACHE_MB in the environment sets another page cache).
PostgreSQL: by `COPY` straight into each table, the rows as COPY's text gave them. The same
triggers fire (full-text index, search table, directory version) and the same constraints
and indexes are kept, so what is left out is everything an import does in Python: reading
the feed, checking each record, deciding, and making each row. Commits every
`COMMIT_ROUNDS` rounds (an import commits about once a second). Prints the seconds of the
writing alone, this process's processor time and, on PostgreSQL, the server backend's;
asserts nothing.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")

import django  # noqa: E402

ROUND = 500
COMMIT_ROUNDS = 20
# In the order the importer writes them (interchange/writing.py): reference data first (already
# there after migrating, or from the Default mock feed: left alone where the row is there).
TABLES = [
    ("directory.Taxonomy", True),
    ("directory.TaxonomyTerm", True),
    ("interchange.ImportRun", False),
    ("directory.Organisation", False),
    ("directory.Location", False),
    ("directory.Address", False),
    ("directory.Accessibility", False),
    ("directory.Service", False),
    ("directory.ServiceTerm", False),
    ("directory.ServiceAtLocation", False),
    ("directory.Schedule", False),
    ("directory.Language", False),
    ("directory.CostOption", False),
    ("directory.Contact", False),
    ("directory.Phone", False),
    ("directory.Funding", False),
    ("directory.ServiceArea", False),
    ("interchange.FeedRecord", False),
    ("interchange.ImportResult", False),
    ("interchange.ImportReview", False),
]


def tables() -> list[tuple[str, list[str], bool]]:
    from django.apps import apps

    found = []
    for label, reference in TABLES:
        model = apps.get_model(label)
        columns = [field.column for field in model._meta.concrete_fields]
        found.append((model._meta.db_table, columns, reference))
    return found


def read_rows(source_url: str, layout) -> dict:
    """Each table's rows: SQLite, as the driver gives them; PostgreSQL, as COPY's text lines
    (each with its fields split, to find the row's service), written back as they are."""
    rows = {}
    if source_url.startswith("sqlite:"):
        import sqlite3

        connection = sqlite3.connect(source_url.removeprefix("sqlite:///"))
        for table, columns, _reference in layout:
            listed = ", ".join(f'"{column}"' for column in columns)
            rows[table] = connection.execute(f'SELECT {listed} FROM "{table}"').fetchall()
        connection.close()
        return rows
    import psycopg

    with psycopg.connect(source_url) as connection, connection.cursor() as cursor:
        for table, columns, _reference in layout:
            listed = ", ".join(f'"{column}"' for column in columns)
            with cursor.copy(f'COPY (SELECT {listed} FROM "{table}") TO STDOUT') as copy:
                text = b"".join(bytes(data) for data in copy)
            rows[table] = [Line(line) for line in text.splitlines()]
    return rows


class Line(tuple):
    """A row as COPY's text gives it: its fields, and the line itself (`text`)."""

    def __new__(cls, line: bytes):
        row = super().__new__(cls, line.split(b"\t"))
        row.text = line + b"\n"
        return row


def rounds(layout, rows):
    """(round, table, columns, reference, chunk), as an import writes its batches: round n
    holds the services n * ROUND to (n + 1) * ROUND - 1 and the rows that belong to them (by
    service_id, service_at_location_id or location_id), and the organisations and places
    they are the first to name; other rows go ROUND a round, in order."""
    columns_of = {table: columns for table, columns, _reference in layout}

    def column(table, row, name):
        columns = columns_of[table]
        return row[columns.index(name)] if name in columns else None

    services = {row[0]: i // ROUND for i, row in enumerate(rows["directory_service"])}
    organisations, places, locations = {}, {}, {}
    for row in rows["directory_service"]:
        organisation = column("directory_service", row, "organisation_id")
        organisations.setdefault(organisation, services[row[0]])
    for row in rows["directory_serviceatlocation"]:
        at = services.get(column("directory_serviceatlocation", row, "service_id"), 0)
        places[row[0]] = at
        location = column("directory_serviceatlocation", row, "location_id")
        locations[location] = min(locations.get(location, at), at)

    def round_of(table, index, row):
        if table == "directory_organisation":
            return organisations.get(row[0], index // ROUND)
        if table == "directory_location":
            return locations.get(row[0], index // ROUND)
        for name, found in [
            ("service_id", services),
            ("service_at_location_id", places),
            ("location_id", locations),
        ]:
            value = column(table, row, name)
            if value in found:
                return found[value]
        return index // ROUND

    grouped = {}
    for table, _columns, _reference in layout:
        for index, row in enumerate(rows[table]):
            number = round_of(table, index, row)
            grouped.setdefault(number, {}).setdefault(table, []).append(row)
    for number in sorted(grouped):
        for table, columns, reference in layout:
            chunk = grouped[number].get(table)
            if chunk:
                yield number, table, columns, reference, chunk


def write_sqlite(target_url: str, layout, rows, init_command: str) -> dict:
    import sqlite3

    from familyhub.interchange.committing import IMPORT_PRAGMAS

    connection = sqlite3.connect(target_url.removeprefix("sqlite:///"), isolation_level=None)
    for pragma in filter(None, (part.strip() for part in init_command.split(";"))):
        connection.execute(pragma)
    connection.execute("PRAGMA foreign_keys = ON")
    for name, value in IMPORT_PRAGMAS.items():  # as the importer's connection is set
        connection.execute(f"PRAGMA {name} = {int(value)}")
    if os.environ.get("RAW_CACHE_MB"):
        connection.execute(f"PRAGMA cache_size = -{int(os.environ['RAW_CACHE_MB']) * 1024}")
    started, cpu = time.perf_counter(), _cpu()
    connection.execute("BEGIN IMMEDIATE")
    last = 0
    for number, table, columns, reference, chunk in rounds(layout, rows):
        if number - last >= COMMIT_ROUNDS:
            connection.execute("COMMIT")
            connection.execute("BEGIN IMMEDIATE")
            last = number
        listed = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" * len(columns))
        conflict = " ON CONFLICT DO NOTHING" if reference else ""
        connection.executemany(
            f'INSERT INTO "{table}" ({listed}) VALUES ({marks}){conflict}', chunk
        )
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    figures = {"seconds": time.perf_counter() - started, "client_cpu": _cpu() - cpu}
    connection.close()
    return figures


def write_postgresql(target_url: str, layout, rows) -> dict:
    import psycopg

    connection = psycopg.connect(target_url)
    for table, _columns, reference in layout:
        if reference:  # reference data: the rows the migrations made already are left alone
            there = {
                str(found).encode()
                for (found,) in connection.execute(f'SELECT id FROM "{table}"').fetchall()
            }
            rows[table] = [row for row in rows[table] if row[0] not in there]
    connection.commit()
    backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
    server = _server_cpu(backend)
    started, cpu = time.perf_counter(), _cpu()
    connection.execute("SET CONSTRAINTS ALL DEFERRED")
    last = 0
    for number, table, columns, _reference, chunk in rounds(layout, rows):
        if number - last >= COMMIT_ROUNDS:
            connection.commit()
            connection.execute("SET CONSTRAINTS ALL DEFERRED")
            last = number
        listed = ", ".join(f'"{column}"' for column in columns)
        with (
            connection.cursor() as cursor,
            cursor.copy(f'COPY "{table}" ({listed}) FROM STDIN') as copy,
        ):
            copy.write(b"".join(row.text for row in chunk))
    connection.commit()
    figures = {
        "seconds": time.perf_counter() - started,
        "client_cpu": _cpu() - cpu,
        "server_cpu": _server_cpu(backend) - server,
    }
    connection.close()
    return figures


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("source", help="the database URL an import filled")
    parser.add_argument("--json", metavar="PATH", help="also write the figures to PATH as JSON")
    options = parser.parse_args()
    django.setup()
    from django.db import connection

    target_url = os.environ["DATABASE_URL"]
    layout = tables()
    rows = read_rows(options.source, layout)
    count = sum(len(found) for found in rows.values())
    if connection.vendor == "sqlite":
        init_command = connection.settings_dict["OPTIONS"].get("init_command", "")
        figures = write_sqlite(target_url, layout, rows, init_command)
    else:
        figures = write_postgresql(target_url, layout, rows)
    figures["rows"] = count
    figures["services"] = len(rows["directory_service"])
    shown = ", ".join(
        f"{name} {value:.1f} s" for name, value in figures.items() if name.endswith("cpu")
    )
    print(
        f"raw SQL ({connection.vendor}): {count} rows ({figures['services']} services) written "
        f"in {figures['seconds']:.1f} s; processor time: {shown}",
        flush=True,
    )
    if options.json:
        Path(options.json).write_text(json.dumps(figures) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
