#!/usr/bin/env python
"""Benchmark: how long the tracking pages take to answer for a real reference and for a
made-up one, served as in production (gunicorn, DEBUG off, Argon2), with GOV.UK Notify
answering slowly. Prints figures; asserts nothing.

    .venv/bin/python bench/tracking.py                      # SQLite, 150 rounds
    .venv/bin/python bench/tracking.py --db postgres --rounds 300 --notify-delay 0.5
    .venv/bin/python bench/tracking.py --code-from /tmp/before   # another checkout's code

A fair comparison: one request at a time (nothing queues), each from a fresh session (nothing
carried over), the real and the made-up reference in a random order in every round (warm-up,
drift and the machine's other work fall on both alike); "ask" is POST /track/ with the
reference, "try" is POST /track/code/ with a wrong code. Medians with the 10th and 90th
percentiles. The rate limits are raised for the run: they are not what is measured here (they
are the same for both, counted before any look-up). Notify is a local fake (the tests' own,
tests/notifications/fake_notify.py) that waits --notify-delay seconds before answering.
"""

import argparse
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.notifications import fake_notify  # noqa: E402

MADE_UP = "FH-ZZZZ-9999"
A_REAL_ONE = """
from familyhub.families.safe_contact import message_route
from familyhub.referrals.models import SupportRequest
for found in SupportRequest.objects.select_related("family").order_by("submitted_at"):
    if message_route(found.family):
        print(found.reference)
        break
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(db: str, folder: Path) -> str:
    if db == "sqlite":
        return f"sqlite:///{folder / 'tracking.sqlite3'}"
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS familyhub_bench_tracking")
        connection.execute("CREATE DATABASE familyhub_bench_tracking")
    return f"{server}/familyhub_bench_tracking"


def timed(session: requests.Session, url: str, data: dict) -> float:
    started = time.perf_counter()
    response = session.post(url, data=data, allow_redirects=False, timeout=60)
    elapsed = time.perf_counter() - started
    if response.status_code not in (302, 400):
        sys.exit(f"{url} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def one_round(base: str, reference: str) -> tuple[float, float]:
    """A fresh visitor asks for a code for this reference, then tries a wrong one."""
    session = requests.Session()
    response = session.get(base + "/track/", timeout=30)
    if response.status_code != 200:
        sys.exit(f"/track/ answered {response.status_code}: {response.text[:300]}")
    page = response.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    headers = {"Referer": base + "/track/"}
    session.headers.update(headers)
    ask = timed(session, base + "/track/", {"csrfmiddlewaretoken": token, "reference": reference})
    code_page = session.get(base + "/track/code/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', code_page).group(1)
    tried = timed(session, base + "/track/code/", {"csrfmiddlewaretoken": token, "code": "000000"})
    return ask, tried


def summary(seconds: list[float]) -> str:
    deciles = statistics.quantiles(seconds, n=10)
    return (f"{statistics.median(seconds) * 1000:7.1f} ms  "
            f"(p10 {deciles[0] * 1000:6.1f}, p90 {deciles[-1] * 1000:6.1f})")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=150)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--notify-delay", type=float, default=0.3, help="seconds Notify waits")
    parser.add_argument("--code-from", type=Path, default=ROOT, help="checkout to serve")
    args = parser.parse_args()
    code = args.code_from.resolve()
    folder = Path(tempfile.mkdtemp(prefix="familyhub-tracking-"))
    notify = fake_notify.FakeNotify().start()
    notify.delay = args.notify_delay
    unlimited = "1000000/h"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.db, folder),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
        "FAMILYHUB_ENCRYPTION_SALTS": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "FAMILYHUB_NOTIFICATIONS_BACKEND": "notify",
        "NOTIFY_BASE_URL": notify.url,
        "NOTIFY_API_KEY": fake_notify.API_KEY,
        "NOTIFY_EMAIL_TEMPLATE_ID": fake_notify.EMAIL_TEMPLATE_ID,
        "NOTIFY_SMS_TEMPLATE_ID": fake_notify.SMS_TEMPLATE_ID,
        "FAMILYHUB_TRACKING_CODES_PER_REFERENCE": unlimited,
        "FAMILYHUB_TRACKING_CODES_PER_CLIENT": unlimited,
        "FAMILYHUB_TRACKING_GUESSES_PER_REFERENCE": unlimited,
        "FAMILYHUB_TRACKING_GUESSES_PER_CLIENT": unlimited,
        "FAMILYHUB_TRACKING_CODE_ATTEMPTS": "1000000",
        "PYTHONPATH": str(code),
    }
    python = sys.executable

    def manage(*command) -> str:  # with DEBUG on: the demo requests refuse to load without
        setup = {**env, "DJANGO_DEBUG": "false" if command[0] == "collectstatic" else "true"}
        return subprocess.run([python, "manage.py", *command], cwd=code, env=setup, check=True,
                              stdout=subprocess.PIPE, text=True).stdout  # fmt: skip

    for command in (["migrate", "-v0"], ["load_demo_data"], ["load_demo_requests"],
                    ["collectstatic", "--noinput", "-v0"]):  # fmt: skip
        manage(*command)
    real = manage("shell", "-c", A_REAL_ONE).strip().splitlines()[-1]
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"code: {code}; {args.db}; gunicorn {args.workers} sync workers; Notify answers "
          f"after {args.notify_delay:.2f} s; {args.rounds} rounds; real {real}, made up "
          f"{MADE_UP}")  # fmt: skip
    port = free_port()
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "familyhub.wsgi:application", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)],
        cwd=code, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(base + "/track/", timeout=10)
                break
            except requests.RequestException:
                if server.poll() is not None:
                    sys.exit((folder / "gunicorn.log").read_text())
                time.sleep(0.1)
        for _ in range(3 * args.workers):  # warm every worker (imports, the stand-in hash)
            one_round(base, real), one_round(base, MADE_UP)
        calls_before = notify.calls
        times = {real: ([], []), MADE_UP: ([], [])}
        shuffler = random.Random(15)
        for _ in range(args.rounds):
            order = [real, MADE_UP]
            shuffler.shuffle(order)
            for reference in order:
                ask, tried = one_round(base, reference)
                times[reference][0].append(ask)
                times[reference][1].append(tried)
        print(f"\n{'':<26}{'ask for a code (POST /track/)':<42}try a code (POST /track/code/)")
        for reference, label in ((real, "real reference"), (MADE_UP, "made-up reference")):
            asks, tries = times[reference]
            print(f"{label:<26}{summary(asks):<42}{summary(tries)}")
        for n, what in enumerate(("ask", "try")):
            gap = statistics.median(times[real][n]) - statistics.median(times[MADE_UP][n])
            print(f"real minus made up, {what}: {gap * 1000:+.1f} ms (medians)")
        print(f"Notify was called {notify.calls - calls_before} times while the rounds ran")
    finally:
        server.terminate()
        server.wait()
        notify.stop()


if __name__ == "__main__":
    main()
