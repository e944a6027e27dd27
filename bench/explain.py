#!/usr/bin/env python
"""Save the query plans (EXPLAIN ANALYZE) of the main queries at N services on PostgreSQL, to
docs/explain/<N>/: the searches of bench/search.py, the ORUK services list, a provider's inbox.

    .venv/bin/python bench/explain.py --services 200000
    .venv/bin/python bench/explain.py --postgres-db familyhub_bench_200000_search   # another copy
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=200_000)
    parser.add_argument("--postgres-db", default=os.environ.get("BENCH_POSTGRES_DB"))
    args = parser.parse_args()
    pg = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    os.environ.update(
        DATABASE_URL=f"{pg}/{args.postgres_db or f'familyhub_bench_{args.services}'}",
        DJANGO_SETTINGS_MODULE="familyhub.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-only",
        FAMILYHUB_ENCRYPTION_SALTS="bench-only",
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext
    from search import QUERIES

    from familyhub.directory.search.request import build_search_request
    from familyhub.directory.search.service import search_services

    folder = ROOT / "docs" / "explain" / str(args.services)
    folder.mkdir(parents=True, exist_ok=True)
    for number, query in enumerate(QUERIES, 1):
        params = QueryDict(mutable=True)
        params.update(query)
        request = build_search_request(params)
        search_services(request)  # warm
        with CaptureQueriesContext(connection) as captured:
            search_services(request)
        # The slowest statement: ranking and counting the matches (ranking.py; the page's
        # services are then loaded by id).
        page_sql = max(captured.captured_queries, key=lambda q: float(q["time"]))["sql"]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + page_sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        path = folder / f"search-{number}.txt"
        path.write_text(
            f"-- {query}\n-- {args.services} services, PostgreSQL\n\n{page_sql}\n\n{plan}\n"
        )
        print(f"{path.relative_to(ROOT)}: {plan.splitlines()[-1]}")


if __name__ == "__main__":
    main()
