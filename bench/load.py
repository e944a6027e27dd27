#!/usr/bin/env python
"""Load test: the public results page and the ORUK /services API served the way production is
(gunicorn workers, DEBUG off, PostgreSQL), driven by `wrk` from a second process on loopback.
Prints figures; asserts nothing.

    apt-get install wrk                      # Debian's package
    .venv/bin/python bench/search.py --services 200000 --db postgres   # makes the data once
    .venv/bin/python bench/load.py --services 200000
    .venv/bin/python bench/load.py --services 200000 --seconds 120 --steady --no-wrk --think 10,30
    .venv/bin/python bench/load.py --quick --json var/load.json      # CPU per page + people 2-8 s
    .venv/bin/python bench/load.py --cpu-only --profile               # CPU per page, cProfile top

CPU per page (before the load runs, or alone with --cpu-only): one process asks for the page
(Django's test client: every middleware, the view, the template) REQUESTS times and divides the
process's CPU time (process_time) by that, plus the PostgreSQL backend's CPU time for the same
requests (read from /proc: the database runs on this machine). Twice: the same search again
(as the load runs ask: an identical search is answered from the cache until the directory
changes) and each request a first search (the caches emptied before each request).

Two ways of loading, both with 400 at once:
- "flat out" (wrk): 400 connections, each sending its next request as soon as the last one is
  answered. This measures capacity (requests per second); latency is mostly queueing, since
  400 connections wait on two CPU cores (Little's law: latency ≈ 400 / throughput).
- "people" (Locust: `.venv/bin/pip install -e ".[bench]"`): 400 people, added 20 a second,
  each reading a page for a while (2-8 s, then 10-30 s) before opening the next.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from search import QUERIES, oruk_params  # noqa: E402

FINDER_NAMES = {"text": "q"}
PROFILED = {"text": "toddler tantrums", "postcode": "ME4 4TR", "age": "2", "radius": "5"}


def finder_path(query: dict) -> str:
    params = {FINDER_NAMES.get(key, key): value for key, value in query.items()}
    return "/services/?" + urllib.parse.urlencode(params)


def api_path(query: dict) -> str:
    return "/api/oruk/v3/services?" + urllib.parse.urlencode(oruk_params(query))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_wrk(base, paths, *, connections, seconds, folder) -> dict:
    paths_file = folder / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    env = {**os.environ, "WRK_PATHS_FILE": str(paths_file)}
    command = [
        "wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "wrk_paths.lua"), base,
    ]  # fmt: skip
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    errors = sum(figures[k] for k in ("connect_errors", "read_errors", "timeouts", "bad_status"))
    figures["per_second"] = figures["requests"] / figures["seconds"]
    figures["error_rate"] = errors / max(1, figures["requests"] + figures["connect_errors"])
    return figures


def run_locust(base, scenario, *, users, seconds, think, folder, steady=False) -> dict:
    """400 people with a pause between pages: Locust adds them 20 a second, then keeps them
    all going for the rest of the run. Figures from Locust's own summary: of the whole run, or
    (steady) only from when everyone has arrived (each person's first page comes the moment
    they arrive, so the first 20 s are a burst no real audience makes)."""
    import csv

    prefix = folder / f"locust-{scenario}-{think.replace(',', '-')}"
    env = {**os.environ, "LOCUST_SCENARIO": scenario, "LOCUST_THINK": think}
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--users", str(users), "--spawn-rate", "20", "--run-time", f"{seconds}s",
        "--host", base, "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR",
    ] + (["--reset-stats"] if steady else [])  # fmt: skip
    subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT / "bench")
    with open(f"{prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    requests = int(total["Request Count"])
    return {
        "per_second": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "error_rate": int(total["Failure Count"]) / max(1, requests),
        "requests": requests,
    }


def _backend_cpu_seconds(connection) -> float:
    """CPU time (user + system) of this connection's PostgreSQL backend so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_worker(requests: int, profile: bool) -> None:
    """Run in a child process with the bench settings: prints one JSON line of figures."""
    import cProfile
    import pstats

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhub.settings")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    try:
        from familyhub.directory.search import cached
    except ImportError:  # a release before results were cached: every search is a first one
        cached = None
    version = cached.directory_version if cached else None

    def forget_searches():
        """Each search a first one: no cached results (the postcode and taxonomy stay cached)."""
        if cached:
            cached.directory_version = (lambda: None) if first else version

    client = Client()
    pages = {"results_page": finder_path(PROFILED), "api": api_path(PROFILED)}
    figures = {}
    for name, path in pages.items():
        for first in (False, True):
            forget_searches()
            for _ in range(3):  # warm: imports, templates, the postcode and taxonomy caches
                assert client.get(path).status_code == 200
            profiler = cProfile.Profile() if profile else None
            cpu, db = 0.0, 0.0
            for _ in range(requests):
                if first:
                    forget_searches()
                db_before, started = _backend_cpu_seconds(connection), time.process_time()
                if profiler:
                    profiler.enable()
                response = client.get(path)
                if profiler:
                    profiler.disable()
                cpu += time.process_time() - started
                db += _backend_cpu_seconds(connection) - db_before
                assert response.status_code == 200
            suffix = "_first_search" if first else ""
            figures[f"{name}_cpu_ms{suffix}"] = round(cpu / requests * 1000, 2)
            figures[f"{name}_db_cpu_ms{suffix}"] = round(db / requests * 1000, 2)
            if profiler:
                print(f"== {name}{suffix}: cProfile, {requests} requests", file=sys.stderr)
                pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
    print(json.dumps(figures))


def cpu_per_page(env, requests: int, profile: bool) -> dict:
    command = [sys.executable, __file__, "--cpu-worker", "--requests", str(requests)]
    output = subprocess.run(
        command + (["--profile"] if profile else []),
        cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def wait_until_idle(base):
    """Let the server finish what the last run left queued before the next one starts."""
    time.sleep(5)
    for _ in range(60):
        started = time.perf_counter()
        try:
            urllib.request.urlopen(base + "/privacy/", timeout=30).read()
        except OSError:  # still queued behind the last run (a timeout): wait on
            continue
        if time.perf_counter() - started < 0.2:
            return
        time.sleep(2)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--services", type=int, default=200_000)
    parser.add_argument("--connections", type=int, default=400)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument(
        "--think",
        nargs="+",
        default=["2,8", "10,30"],
        help="people's pause between pages, seconds as min,max (one Locust run for each)",
    )
    parser.add_argument(
        "--steady",
        action="store_true",
        help="Locust figures only from when all the people have arrived (--reset-stats)",
    )
    parser.add_argument(
        "--only", choices=["page", "api"], help="one scenario: the results page or the API"
    )
    parser.add_argument("--no-wrk", action="store_true", help="people only (Locust)")
    parser.add_argument(
        "--database", help="PostgreSQL database (default familyhub_bench_SERVICES, migrated)"
    )
    parser.add_argument("--json", metavar="PATH", help="write the figures as one flat JSON object")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="CPU per page, then people pausing 2-8 s for 60 s (steady figures), no wrk",
    )
    parser.add_argument("--cpu-only", action="store_true", help="CPU per page only, no load")
    parser.add_argument("--requests", type=int, default=40, help="requests for CPU per page")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--cpu-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu_worker:
        cpu_worker(args.requests, args.profile)
        return
    if args.quick:
        args.seconds, args.think, args.no_wrk, args.steady = 60, ["2,8"], True, True
    if not shutil.which("wrk") and not (args.no_wrk or args.cpu_only):
        sys.exit("wrk is not installed: apt-get install wrk")
    pg = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    folder = Path(tempfile.mkdtemp(prefix="familyhub-load-"))
    port = free_port()
    database = args.database or f"familyhub_bench_{args.services}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{pg}/{database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
        "FAMILYHUB_ENCRYPTION_SALTS": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # wrk talks plain HTTP on loopback
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    python = sys.executable
    unapplied = subprocess.run(
        [python, "manage.py", "migrate", "--check"], cwd=ROOT, env=env, capture_output=True
    )
    if unapplied.returncode:
        sys.exit(
            f"{database} needs migrating first: DATABASE_URL={pg}/{database} manage.py migrate"
        )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; wrk and gunicorn on the same machine"
    )
    print(f"load average before: {load_average()}")
    figures_out = {}
    cpu = cpu_per_page(env, args.requests, args.profile)
    print(f"\nCPU per page ({args.requests} requests of {PROFILED}), ms: app (process_time) + db")
    for name in ("results_page", "api"):
        for suffix, label in (("", "same search again"), ("_first_search", "first search")):
            print(
                f"  {name:<13} {label:<18} {cpu[f'{name}_cpu_ms{suffix}']:7.2f} app "
                f"{cpu[f'{name}_db_cpu_ms{suffix}']:7.2f} db"
            )
    figures_out.update(cpu)
    figures_out["locust_steady"] = int(args.steady)
    figures_out["load_average_1min_cpu"] = round(os.getloadavg()[0], 2)
    if args.cpu_only:
        _write_json(args.json, figures_out)
        return
    print(
        f"{args.services} services on PostgreSQL ({database}); gunicorn {args.workers} sync "
        f"workers; {args.connections} connections for {args.seconds} s per run"
    )
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [
            python, "-m", "gunicorn", "familyhub.wsgi:application", "-c", "gunicorn.conf.py",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--backlog", "2048",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/privacy/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit((folder / "gunicorn.log").read_text())
                time.sleep(0.1)
        scenarios = {
            "results page": [finder_path(q) for q in QUERIES],
            "ORUK /services": [api_path(q) for q in QUERIES],
        }
        for paths in scenarios.values():  # warm every worker's caches
            for path in paths * args.workers:
                urllib.request.urlopen(base + path, timeout=30).read()
        print(
            f"\n{'scenario':<52} {'req/s':>7} {'p50':>9} {'p95':>9} {'p99':>9} "
            f"{'errors':>7} {'requests':>9}"
        )
        rows = []
        if args.only:
            scenarios = {
                k: v for k, v in scenarios.items() if k.startswith("ORUK") == (args.only == "api")
            }
        for name, paths in scenarios.items():
            shown = len(args.think)
            if not args.no_wrk:
                wait_until_idle(base)
                rows.append((f"{name}, flat out (wrk)", run_wrk(
                    base, paths, connections=args.connections, seconds=args.seconds,
                    folder=folder,
                )))  # fmt: skip
                shown += 1
            for think in args.think:
                wait_until_idle(base)
                scenario = "api" if name.startswith("ORUK") else "finder"
                low, high = think.split(",")
                when = ", steady" if args.steady else ""
                rows.append((f"{name}, people {low}-{high} s{when} (locust)", run_locust(
                    base, scenario, users=args.connections, seconds=args.seconds,
                    think=think, folder=folder, steady=args.steady,
                )))  # fmt: skip
            for label, figures in rows[-shown:]:
                scenario, when = _figure_name(label)
                for metric, value in (
                    ("p95_ms", figures["p95_ms"]),
                    ("p50_ms", figures["p50_ms"]),
                    ("per_second", round(figures["per_second"], 1)),
                    ("errors", round(figures["error_rate"] * 100, 2)),  # per cent
                ):
                    figures_out[f"{scenario}_{metric}_{when}"] = value
                print(
                    f"{label:<52} {figures['per_second']:7.1f} "
                    f"{figures['p50_ms']:7.1f}ms {figures['p95_ms']:7.1f}ms "
                    f"{figures['p99_ms']:7.1f}ms {figures['error_rate']:7.2%} "
                    f"{figures['requests']:9d}"
                )
        figures_out["load_average_1min_end"] = round(os.getloadavg()[0], 2)
        print(f"load average after: {load_average()}")
        _write_json(args.json, figures_out)
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def _figure_name(label: str) -> tuple[str, str]:
    """ "results page, people 2-8 s, steady (locust)" → ("results_page", "pause_2_8"): the
    names bench/summary.py reads, e.g. results_page_p95_ms_pause_2_8 (whether the Locust
    figures are steady ones is in locust_steady)."""
    scenario = "api" if label.startswith("ORUK") else "results_page"
    if "flat out" in label:
        return scenario, "flat_out"
    return scenario, "pause_" + label.split("people ")[1].split(" s")[0].replace("-", "_")


def _write_json(path, figures: dict) -> None:
    """Flat: figure name → number (errors in per cent), for bench/summary.py."""
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
        print(f"figures written to {path}")


if __name__ == "__main__":
    main()
