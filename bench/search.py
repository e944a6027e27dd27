#!/usr/bin/env python
"""Benchmark: the search service and the ORUK /services API over N synthetic services, beside
the raw SQL of the same query, on SQLite and on PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python bench/search.py                  # 200,000 services, both databases
    .venv/bin/python bench/search.py --services 10000 --db sqlite

Databases are separate from the demo's: var/bench-<N>.sqlite3 and PostgreSQL familyhub_bench_<N>
(on 127.0.0.1:5432, or BENCH_POSTGRES_URL). Data is generated once and reused. Another copy of
the data: --sqlite PATH and --postgres-db NAME (or BENCH_SQLITE_PATH, BENCH_POSTGRES_DB).

    --json PATH         also write the figures as one flat JSON object (bench/summary.py)
    --code DIR          run the searches with another checkout's code (e.g. the last release,
                        exported with `git archive`), on the same data, for a before/after
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    {"text": "toddler tantrums", "postcode": "ME4 4TR", "age": "2", "radius": "5"},
    {"text": "my baby won't sleep", "postcode": "M1 1AE", "age": "0", "radius": "5"},
    {"text": "I think my son might be autistic", "postcode": "LS1 1UR", "age": "6", "radius": "10"},
    {"text": "feeling low since the baby", "postcode": "B1 1AA", "age": "0", "radius": "5"},
    {"text": "help with breastfeeding", "postcode": "NE1 1AA", "radius": "5"},
    {"text": "help with breastfeeding"},
    {"postcode": "BS1 1AA", "age": "4", "radius": "3", "need": "sleep"},
]
ORUK_NAMES = {"text": "search", "radius": None}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(label, seconds):
    ms = [s * 1000 for s in seconds]
    return f"{label:<22} p50 {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 0.95):7.1f} ms"


def oruk_params(query):
    params = {}
    for key, value in query.items():
        if key == "text":
            params["search"] = value
        elif key == "radius":
            params["proximity"] = str(int(float(value) * 1609.344))
        else:
            params[key] = value
    return params


def worker(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(args.code or ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from tqdm import tqdm

    from familyhub.directory.models import Service
    from familyhub.directory.search.request import build_search_request
    from familyhub.directory.search.service import search_services
    from familyhub.directory.synthetic import generate

    call_command("migrate", verbosity=0)
    have = Service.objects.count()
    if have < args.services:
        started = time.perf_counter()
        with tqdm(total=args.services - have, unit=" services", file=sys.stderr) as bar:
            generate(args.services - have, seed=have + 1, progress=bar.update)
        print(f"generated {args.services - have} services in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {Service.objects.count()} services")

    client = Client()
    service_times, api_times, sql_times, counts = [], [], [], []
    for query in QUERIES:
        first = len(service_times)
        params = QueryDict(mutable=True)
        params.update(query)
        request = build_search_request(params)
        search_services(request)  # warm caches (taxonomy, postcode, page cache)
        client.get("/api/oruk/v3/services", oruk_params(query), secure=True)  # and the API's
        with CaptureQueriesContext(connection) as captured:
            results = search_services(request)
        counts.append(results.total)
        statements = [q["sql"] for q in captured.captured_queries]
        for _ in range(args.repeat):
            started = time.perf_counter()
            search_services(request)
            service_times.append(time.perf_counter() - started)

            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
            sql_times.append(time.perf_counter() - started)

            started = time.perf_counter()
            # secure: with DEBUG off the site redirects plain HTTP to HTTPS.
            response = client.get("/api/oruk/v3/services", oruk_params(query), secure=True)
            api_times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
        mine = [t * 1000 for t in service_times[first:]]
        raw = [t * 1000 for t in sql_times[first:]]
        print(
            f"  {statistics.median(mine):7.1f} ms p50 {percentile(mine, 0.95):7.1f} ms p95  "
            f"(raw SQL {statistics.median(raw):6.1f} ms p50)  {results.total:6d} results  {query}"
        )
    print(f"results per query: {counts}")
    print(summary("raw SQL (same query)", sql_times))
    print(summary("search service", service_times))
    print(summary("ORUK API /services", api_times))
    ratio = statistics.median(service_times) / statistics.median(sql_times)
    print(f"search service p50 / raw SQL p50 = {ratio:.2f}")
    if args.json:
        name = f"search_{args.services}_{connection.vendor}"

        def ms(values, fraction):
            return round(percentile(values, fraction) * 1000, 2)

        figures = {
            f"{name}_p50_ms": ms(service_times, 0.5),
            f"{name}_p95_ms": ms(service_times, 0.95),
            f"{name}_raw_p50_ms": ms(sql_times, 0.5),
            f"{name}_raw_p95_ms": ms(sql_times, 0.95),
            f"{name}_ratio_p50": round(ratio, 3),
            f"{name}_ratio_p95": round(
                percentile(service_times, 0.95) / percentile(sql_times, 0.95), 3
            ),
            f"oruk_api_{args.services}_{connection.vendor}_p50_ms": ms(api_times, 0.5),
            f"oruk_api_{args.services}_{connection.vendor}_p95_ms": ms(api_times, 0.95),
        }
        Path(args.json).write_text(json.dumps(figures))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--services", type=int, default=200_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sqlite", default=os.environ.get("BENCH_SQLITE_PATH"))
    parser.add_argument("--postgres-db", default=os.environ.get("BENCH_POSTGRES_DB"))
    parser.add_argument("--json", help="write the figures to this file as flat JSON")
    parser.add_argument("--code", help="a checkout whose familyhub code runs the searches")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    (ROOT / "var").mkdir(exist_ok=True)
    pg = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    pg_name = args.postgres_db or f"familyhub_bench_{args.services}"
    sqlite_path = Path(args.sqlite or ROOT / "var" / f"bench-{args.services}.sqlite3").resolve()
    urls = {"sqlite": f"sqlite:///{sqlite_path}", "postgres": f"{pg}/{pg_name}"}
    figures = {}
    if args.code:
        print(f"code: {Path(args.code).resolve()}")
    for name in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        if name == "postgres":
            import psycopg

            with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s",
                    [pg_name],
                ).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{pg_name}"')
        print(
            f"\n== {name}, {args.services} services, {args.repeat} runs of {len(QUERIES)} queries"
            f" ({urls[name].rsplit('/', 1)[-1]}; load average {os.getloadavg()[0]:.2f})"
        )
        env = {
            **os.environ,
            "DATABASE_URL": urls[name],
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only",
            "FAMILYHUB_ENCRYPTION_SALTS": "bench-only",
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # the test client speaks plain HTTP
        }
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                "--services",
                str(args.services),
                "--repeat",
                str(args.repeat),
                *(["--code", str(Path(args.code).resolve())] if args.code else []),
                *(["--json", f"{args.json}.{name}"] if args.json else []),
            ],
            env=env,
            check=True,
        )
        if args.json:
            part = Path(f"{args.json}.{name}")
            figures.update(json.loads(part.read_text()))
            part.unlink()
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
