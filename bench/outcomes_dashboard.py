#!/usr/bin/env python
"""Benchmark: the board's outcomes dashboard on PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python bench/outcomes_dashboard.py --requests 1000000 --cases 200000 \\
        --answers 500000 --runs 20

Makes the data in PostgreSQL familyhub_bench_outcomes (remade every run) with the same bulk
inserts as the demonstration (familyhub/outcomes/synthetic.py): families (3 for every 5
requests), requests over the last 8 quarters, early help cases with plan goals scored at the
start and at a review, feedback answers (parents' and children's) with confidence at the start.
Then times:
  - each measure worked out on demand for the latest quarter (what the page would cost
    without the summary table), and all of them;
  - the nightly refresh of the summary table (refresh.py: 8 quarters × Medway, towns, wards,
    with suppression);
  - the dashboard's server-side render (the view and its template, as a board member), median
    and 95th percentile over --runs, after one warm-up.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--answers", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="time the data already there")
    args = parser.parse_args()
    pg = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    name = "familyhub_bench_outcomes"
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not args.keep:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        DATABASE_URL=f"{pg}/{name}",
        DJANGO_SETTINGS_MODULE="familyhub.settings",
        DJANGO_SECRET_KEY="bench-only",
        FAMILYHUB_ENCRYPTION_SALTS="bench-only",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory

    from familyhub.accounts.models import Profile, Role
    from familyhub.casework.models import Case
    from familyhub.feedback.models import FeedbackAnswer
    from familyhub.outcomes import periods, refresh, synthetic, views
    from familyhub.outcomes.computations import REGISTRY
    from familyhub.referrals.models import SupportRequest

    call_command("migrate", verbosity=0)
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; PostgreSQL on the same machine; "
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    if not args.keep:
        started = time.perf_counter()
        synthetic.make(
            families=args.requests * 3 // 5, requests=args.requests, cases=args.cases,
            answers=args.answers, quarters=refresh.QUARTERS, searches=args.requests // 50,
            drafts=args.requests // 100,
            progress=lambda text: print(f"  {time.perf_counter() - started:6.0f} s  {text}"),
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"generated in {time.perf_counter() - started:.0f} s")
    print(
        f"{SupportRequest.objects.count():,} requests, {Case.objects.count():,} cases, "
        f"{FeedbackAnswer.objects.count():,} feedback answers\n"
    )

    latest = periods.current()
    total = 0.0
    print("each measure on demand, latest quarter (Medway, towns and wards):")
    for measure_name, found in REGISTRY.items():
        started = time.perf_counter()
        found.tallies(latest)
        seconds = time.perf_counter() - started
        total += seconds
        print(f"  {measure_name:<28} {seconds * 1000:8.0f} ms")
    print(f"  {'all, latest quarter only':<28} {total * 1000:8.0f} ms\n")

    started = time.perf_counter()
    rows = refresh.refresh()
    print(f"nightly refresh (8 quarters): {time.perf_counter() - started:.1f} s, {rows} rows\n")

    user = get_user_model().objects.filter(username="bench-board").first()
    if user is None:
        user = get_user_model().objects.create_user(username="bench-board", password=None)
        Profile.objects.create(user=user, role=Role.BOARD_MEMBER)
    factory = RequestFactory()

    def render():
        request = factory.get("/staff/outcomes/")
        request.user = user
        response = views.dashboard(request)
        assert response.status_code == 200
        return len(response.content)

    size = render()  # warm-up

    def timed(label, before=lambda: None):
        times, queries = [], []
        for _ in range(args.runs):
            before()
            started = time.perf_counter()
            with connection.execute_wrapper(
                lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)
            ):
                render()
            times.append(time.perf_counter() - started)
        times.sort()
        p95 = times[max(0, round(0.95 * len(times)) - 1)]
        print(
            f"{label} ({args.runs} runs, {size // 1024} KB page, {len(queries) // args.runs} "
            f"queries): median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, fastest {times[0] * 1000:.0f} ms"
        )

    timed("dashboard render, body not cached (as after each refresh)", before=cache.clear)
    timed("dashboard render, body cached by the figures' version")
    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
