#!/usr/bin/env python
"""Benchmark: the CPU an ORUK import takes a record: the importer's own, its workers', and (on
PostgreSQL) the database server's backend, where the wall clock of a shared machine says little.

    DATABASE_URL=... .venv/bin/python bench/import_cpu.py FEED [--workers 2] [--steps new ...]

DATABASE_URL names a freshly migrated, empty database; FEED is an ORUK feed file (the
"updated" step imports FEED with "-changed" before ".json", as bench/interchange.py writes
them). Each step runs `run_oruk_import` in this process (DEBUG as the environment says) and
prints the records, the wall time, and the CPU a record: this process's (getrusage), its
workers' (the children it waited for) and the PostgreSQL backend's (its /proc stat; the
connection opened after the workers were forked, which wrote every batch). Run it from the
checkout whose code is measured (its directory is put first on the path). Prints figures;
asserts nothing.
"""

import argparse
import os
import resource
import sys
import time

sys.path.insert(0, os.getcwd())

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")


def cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def server_seconds(connection) -> float:
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("feed")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--steps", nargs="+", default=["new", "unchanged", "updated"])
    options = parser.parse_args()
    django.setup()
    from django.db import connection

    from familyhub.interchange.oruk_import import run_oruk_import, start_run

    for step in options.steps:
        path = options.feed
        if step == "updated":
            path = path.removesuffix(".json") + "-changed.json"
        self_before = cpu(resource.getrusage(resource.RUSAGE_SELF))
        children_before = cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
        started = time.perf_counter()
        run = run_oruk_import(start_run(path), workers=options.workers)
        wall = time.perf_counter() - started
        server = server_seconds(connection)
        own = cpu(resource.getrusage(resource.RUSAGE_SELF)) - self_before
        workers = cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - children_before
        n = run.processed or 1
        print(
            f"{step:<9} {run.processed} records, {wall:.1f} s ({n / wall:.0f}/s); CPU a record: "
            f"importer {1000 * own / n:.3f} ms, workers {1000 * workers / n:.3f} ms, "
            f"server {1000 * server / n:.3f} ms, all {1000 * (own + workers + server) / n:.3f} "
            f"ms; load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        connection.close()  # the next step's backend counts from nought


if __name__ == "__main__":
    main()
