#!/usr/bin/env python
"""Benchmark: the equality report (familyhub/equality/reports.py) over N made-up families with a
request each (parent and 1 to 3 children, encrypted equality answers, decisions, starts and
feedback), on SQLite or PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python bench/equality_report.py --families 20000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench_eq \\
        .venv/bin/python bench/equality_report.py --families 20000

Equality answers are encrypted, so the report reads them in Python (only the columns needed,
in chunks): the time grows with the people in the period, mostly decrypting.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=20000)
    args = parser.parse_args()
    url = os.environ.get(
        "BENCH_DATABASE_URL",
        f"sqlite:///{ROOT / 'var' / f'bench-equality-{args.families}.sqlite3'}",
    )
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from familyhub.equality import demo, reports
    from familyhub.families.models import EqualityMonitoring

    call_command("migrate", verbosity=0)
    if not demo.loaded():
        started = time.perf_counter()
        made = demo.load_demo_equality(families=args.families)
        print(f"made {made} in {time.perf_counter() - started:.1f} s")
    today = timezone.localdate()
    start = today - timezone.timedelta(days=364)
    begin = timezone.make_aware(timezone.datetime.combine(start, timezone.datetime.min.time()))
    stop = begin + timezone.timedelta(days=365)
    print(f"{platform.node()} {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores; database {url.split(':')[0]}")  # fmt: skip
    print(f"equality answers held: {EqualityMonitoring.objects.count()}")
    for label, work in (
        ("members and answers (read + decrypt)", lambda: reports.read_people(begin, stop)),
        ("whole report (60 tables, suppressed)", lambda: reports.build(start, today)),
    ):
        times = []
        for _run in range(3):
            began = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - began)
        size = len(result.answers) if hasattr(result, "answers") else len(result.sections)
        print(f"{label}: {size} rows/sections, best {min(times) * 1000:.0f} ms, "
              f"worst {max(times) * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
