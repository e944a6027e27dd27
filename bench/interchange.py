#!/usr/bin/env python
"""Benchmark: ORUK import speed (records a second), through the real `import_oruk` command.

    .venv/bin/python bench/interchange.py                          # 2,000 services, both databases
    .venv/bin/python bench/interchange.py --services 500 --db sqlite
    .venv/bin/python bench/interchange.py --services 100000        # issue 6: under 60 s?

N synthetic services are exported once as ORUK JSON (full records) from var/bench-interchange-
source-N.sqlite3, then imported into a fresh database: new (created), the same again (unchanged,
skipped), and with every description changed (updated). The validator's Default mock feed is
imported first (from ORUK_SPEC_DIR). After the new step, the rows it wrote are written again
into another fresh database by the database driver alone (bench/import_raw.py: the raw SQL of
the import, the least the database needs for the same rows), and the import's time is printed
as a ratio to it (--no-raw leaves this out). PostgreSQL: familyhub_bench_interchange on
127.0.0.1:5432 (or BENCH_POSTGRES_URL).

The command runs as in production, with DEBUG off (DEBUG on logs every SQL statement; --debug
measures that way). For each step it prints the run's own rate (records / (finished - started),
as the command reports it) and the command's whole time (start-up and reading the file
included), and the command's peak memory (its maximum resident set size). Prints figures;
asserts nothing.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PG_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/familyhub_bench_interchange"
)
SPEC = Path(os.environ.get("ORUK_SPEC_DIR", ROOT.parent / "shared" / "oruk"))
DEFAULT_FEED = SPEC / "oruk-validator-mocks/OpenReferralApi/Mocks/V3.0-UK-Default"


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-not-secret",
    "FAMILYHUB_ENCRYPTION_SALTS": "bench-only-salt",
}
DEBUG = {"DJANGO_DEBUG": "1"}


def manage(database_url, *args, mode=None) -> str:
    return manage_measured(database_url, *args, mode=mode)[0]


def manage_measured(database_url, *args, mode=None) -> tuple[str, float]:
    """The command's output, and its peak memory in MB (its own maximum resident set size,
    from wait4: one child's, not the largest of all children so far)."""
    env = {**os.environ, "DATABASE_URL": database_url, **(mode or {})}
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"{' '.join(args)} failed:\n{err.read().decode()[-3000:]}")
        return out.read().decode(), usage.ru_maxrss / 1024


def rate(output: str) -> tuple[float | None, int | None]:
    """The command's own figures: records a second, and records processed."""
    speed = re.search(r"\(([\d.]+) records a second\)", output)
    processed = re.search(r"^(\d+) records from ", output, re.MULTILINE)
    return (
        float(speed.group(1)) if speed else None,
        int(processed.group(1)) if processed else None,
    )


def feeds(count: int) -> tuple[Path, Path]:
    VAR.mkdir(exist_ok=True)
    source = VAR / f"bench-interchange-source-{count}.sqlite3"
    exported = VAR / f"bench-interchange-{count}.json"
    if not exported.exists():
        for path in VAR.glob(f"{source.name}*"):
            path.unlink()
        url = f"sqlite:///{source}"
        manage(url, "migrate", "-v0")
        manage(url, "generate_services", str(count))
        partial = exported.with_suffix(".json.partial")
        manage(url, "export_oruk", "-o", str(partial))
        partial.rename(exported)
    changed = VAR / f"bench-interchange-{count}-changed.json"
    if not changed.exists() or changed.stat().st_mtime < exported.stat().st_mtime:
        # In a process of its own: a child forked from this one would count this one's memory
        # (the whole feed, read) in its peak.
        subprocess.run(
            [sys.executable, __file__, "--change", str(exported), str(changed)], check=True
        )
    return exported, changed


def change(exported: Path, changed: Path):
    """The feed with every description changed (for the "updated" step)."""
    page = json.loads(exported.read_text(encoding="utf-8"))
    for record in page["contents"]:
        record["description"] += " (changed)"
    partial = changed.with_suffix(".json.partial")
    partial.write_text(json.dumps(page), encoding="utf-8")
    partial.rename(changed)


def fresh(db: str, suffix: str = "") -> str:
    if db == "sqlite":
        target = VAR / f"bench-interchange-target{suffix}.sqlite3"
        for path in VAR.glob(f"{target.name}*"):
            path.unlink()
        return f"sqlite:///{target}"
    import psycopg

    base, name = PG_URL.rsplit("/", 1)
    name += suffix
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def raw_sql(db: str, source_url: str) -> dict:
    """The rows the "new" step wrote, written again by the driver alone into a fresh database
    (bench/import_raw.py, in a process of its own): the least the database needs for them."""
    target = fresh(db, "_raw")
    manage(target, "migrate", "-v0")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "raw.json"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "import_raw.py"), source_url, "--json", out],
            env={**os.environ, "DATABASE_URL": target, **PRODUCTION},
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        return json.loads(out.read_text(encoding="utf-8"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--debug", action="store_true", help="run the command with DEBUG on")
    parser.add_argument(
        "--workers", type=int, help="import_oruk --workers (default: the command's own)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures to PATH as JSON")
    parser.add_argument(
        "--no-raw",
        dest="raw",
        action="store_false",
        help="leave out the raw SQL of the new step (bench/import_raw.py)",
    )
    parser.add_argument("--change", nargs=2, metavar=("FEED", "CHANGED"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.change:
        change(Path(options.change[0]), Path(options.change[1]))
        return
    figures = {}
    workers = [] if options.workers is None else ["--workers", str(options.workers)]
    mode = DEBUG if options.debug else PRODUCTION
    exported, changed = feeds(options.services)
    size_kb = exported.stat().st_size / options.services / 1024
    print(
        f"{options.services} synthetic services, {size_kb:.1f} KB of ORUK JSON each; "
        f"DEBUG {'on' if options.debug else 'off'}"
    )
    print(
        f"{'database':<11} {'step':<24} {'records/s':>10} {'run s':>8} {'command s':>10} "
        f"{'peak MB':>8}"
    )
    for db in ["sqlite", "postgresql"] if options.db == "both" else [options.db]:
        url = fresh(db)
        manage(url, "migrate", "-v0")
        steps = [
            ("Default mock feed (1)", DEFAULT_FEED, None),
            ("synthetic, new", exported, "new"),
            ("synthetic, unchanged", exported, "unchanged"),
            ("synthetic, updated", changed, "updated"),
        ]
        for label, path, key in steps:
            started = time.perf_counter()
            output, peak_mb = manage_measured(
                url,
                "import_oruk",
                str(path),
                "--no-progress",
                "--show",
                "none",
                *workers,
                mode=mode,
            )
            seconds = time.perf_counter() - started
            speed, processed = rate(output)
            run_seconds = f"{processed / speed:.1f}" if speed and processed else "?"
            shown = f"{speed:.0f}" if speed else "?"
            print(
                f"{db:<11} {label:<24} {shown:>10} {run_seconds:>8} {seconds:>10.1f} "
                f"{peak_mb:8.0f}",
                flush=True,
            )
            if key:
                name = f"import_{key}_{options.services}_{db}"
                if speed and processed:
                    figures[f"{name}_seconds"] = round(processed / speed, 2)
                    figures[f"{name}_records_per_second"] = round(speed, 1)
                figures[f"{name}_command_seconds"] = round(seconds, 2)
                figures[f"{name}_peak_mb"] = round(peak_mb, 1)
            if key == "new" and options.raw:
                raw = raw_sql(db, url)
                figures[f"{name}_raw_seconds"] = round(raw["seconds"], 2)
                ratio = ""
                if speed and processed:
                    figures[f"{name}_ratio_raw"] = round(processed / speed / raw["seconds"], 2)
                    ratio = f" (the import: {figures[f'{name}_ratio_raw']:.2f} times it)"
                print(
                    f"{db:<11} {'  raw SQL, same rows':<24} {'':>10} {raw['seconds']:>8.1f}{ratio}",
                    flush=True,
                )
    figures["load_average_1min"] = os.getloadavg()[0]
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
