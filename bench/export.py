#!/usr/bin/env python
"""Benchmark: the full ORUK export (`manage.py export_oruk`) of the bench databases made by
bench/search.py, on SQLite and PostgreSQL: seconds, services a second, file size, and the
process's peak memory (maximum resident set size), which should stay flat as the directory
grows because the export streams services in batches. Prints figures; asserts nothing.

    .venv/bin/python bench/search.py --services 10000        # makes the data once
    .venv/bin/python bench/export.py --services 1000 10000 200000
    .venv/bin/python bench/export.py --services 20000 --workers 1 --json var/export.json

--workers is export_oruk's (default: its own, one process a processor); the peak memory is then
the largest of the command's processes. --sqlite-file and --pg-db name other copies of the data
({n}: the number of services).
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_export(database_url: str, output: Path, fmt: str, workers: int | None) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
        "FAMILYHUB_ENCRYPTION_SALTS": "bench-only",
    }
    command = [sys.executable, "manage.py", "export_oruk", "--format", fmt, "-o", str(output)]
    if workers is not None:
        command += ["--workers", str(workers)]
    started = time.perf_counter()
    # A child of its own, so its peak memory is its own (ru_maxrss of waited-for children).
    child = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    _, errors = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode:
        sys.exit(errors)
    return {"seconds": seconds, "bytes": output.stat().st_size}


def peak_kib_of_next_child(run) -> tuple[dict, int]:
    """ru_maxrss for children is the largest of any waited-for child, so run each export from a
    fresh intermediate process and read its children's peak there."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        figures = run()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        os.write(write, f"{figures['seconds']} {figures['bytes']} {peak}".encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    seconds, size, peak = text.split()
    return {"seconds": float(seconds), "bytes": int(size)}, int(peak)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--services", type=int, nargs="+", default=[1000, 10000, 200000])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("--workers", type=int, help="export_oruk --workers")
    parser.add_argument("--sqlite-file", default="var/bench-{n}.sqlite3")
    parser.add_argument("--pg-db", default="familyhub_bench_{n}")
    parser.add_argument("--json", metavar="PATH", help="also write the figures to PATH as JSON")
    args = parser.parse_args()
    collected = {}
    pg = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; export_oruk --format {args.format}"
    )
    print(
        f"\n{'database':<11} {'services':>9} {'seconds':>8} {'per s':>7} "
        f"{'MB out':>8} {'peak MB':>8}"
    )
    for name in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        for count in args.services:
            if name == "sqlite":
                path = ROOT / args.sqlite_file.format(n=count)
                if not path.exists():
                    print(f"{name:<11} {count:>9}  no data: run bench/search.py --services {count}")
                    continue
                url = f"sqlite:///{path}"
            else:
                url = f"{pg}/{args.pg_db.format(n=count)}"
            with tempfile.TemporaryDirectory() as folder:
                output = Path(folder) / f"export.{args.format}"
                figures, peak_kib = peak_kib_of_next_child(
                    lambda url=url, output=output: run_export(
                        url, output, args.format, args.workers
                    )
                )
            print(
                f"{name:<11} {count:>9} {figures['seconds']:8.1f} "
                f"{count / figures['seconds']:7.0f} {figures['bytes'] / 1e6:8.1f} "
                f"{peak_kib / 1024:8.1f}"
            )
            database = "postgresql" if name == "postgres" else name
            kind = "" if args.format == "json" else f"{args.format}_"
            key = f"export_{kind}{count}_{database}"
            collected[f"{key}_seconds"] = round(figures["seconds"], 2)
            collected[f"{key}_per_second"] = round(count / figures["seconds"], 1)
            collected[f"{key}_peak_mb"] = round(peak_kib / 1024, 1)
            collected[f"{key}_mb_out"] = round(figures["bytes"] / 1e6, 1)
    collected["load_average_1min"] = os.getloadavg()[0]
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    if args.json:
        Path(args.json).write_text(json.dumps(collected, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
