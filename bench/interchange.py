#!/usr/bin/env python
"""Benchmark: ORUK import speed (records a second), through the real `import_oruk` command.

    .venv/bin/python bench/interchange.py                          # 2,000 services, both databases
    .venv/bin/python bench/interchange.py --services 500 --db sqlite

N synthetic services are exported once as ORUK JSON (full records) from var/bench-interchange-
source.sqlite3, then imported into a fresh database: new (created), the same again (unchanged,
skipped), and with every description changed (updated). The validator's Default mock feed is
imported first (from ORUK_SPEC_DIR). PostgreSQL: familyhub_bench_interchange on 127.0.0.1:5432
(or BENCH_POSTGRES_URL). Prints figures; asserts nothing.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PG_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/familyhub_bench_interchange"
)
SPEC = Path(os.environ.get("ORUK_SPEC_DIR", ROOT.parent / "shared" / "oruk"))
DEFAULT_FEED = SPEC / "oruk-validator-mocks/OpenReferralApi/Mocks/V3.0-UK-Default"


def manage(database_url, *args) -> str:
    env = {**os.environ, "DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def rate(output: str) -> str:
    found = re.search(r"\(([\d.]+) records a second\)", output)
    return found.group(1) if found else "?"


def feeds(count: int) -> tuple[Path, Path]:
    VAR.mkdir(exist_ok=True)
    source = VAR / "bench-interchange-source.sqlite3"
    exported = VAR / f"bench-interchange-{count}.json"
    if not exported.exists():
        source.unlink(missing_ok=True)
        url = f"sqlite:///{source}"
        manage(url, "migrate", "-v0")
        manage(url, "generate_services", str(count))
        manage(url, "export_oruk", "-o", str(exported))
    changed = VAR / f"bench-interchange-{count}-changed.json"
    page = json.loads(exported.read_text(encoding="utf-8"))
    for record in page["contents"]:
        record["description"] += " (changed)"
    changed.write_text(json.dumps(page), encoding="utf-8")
    return exported, changed


def fresh(db: str) -> str:
    if db == "sqlite":
        target = VAR / "bench-interchange-target.sqlite3"
        target.unlink(missing_ok=True)
        return f"sqlite:///{target}"
    import psycopg

    base, name = PG_URL.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return PG_URL


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    options = parser.parse_args()
    exported, changed = feeds(options.services)
    size_kb = exported.stat().st_size / options.services / 1024
    print(f"{options.services} synthetic services, {size_kb:.1f} KB of ORUK JSON each")
    for db in ["sqlite", "postgresql"] if options.db == "both" else [options.db]:
        url = fresh(db)
        manage(url, "migrate", "-v0")
        steps = [
            ("Default mock feed (1)", DEFAULT_FEED),
            ("synthetic, new", exported),
            ("synthetic, unchanged", exported),
            ("synthetic, updated", changed),
        ]
        for label, path in steps:
            output = manage(url, "import_oruk", str(path), "--no-progress", "--show", "none")
            print(f"{db:<11} {label:<24} {rate(output):>8} records a second")


if __name__ == "__main__":
    main()
