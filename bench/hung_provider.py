#!/usr/bin/env python
"""Benchmark: a hung notification provider against the web server. GOV.UK Notify is a real
socket on 127.0.0.1 that accepts connections and never answers; the product is served by
gunicorn as in production (DEBUG off, GUNICORN_WORKERS sync workers) on a throwaway SQLite
copy of the demo directory, or PostgreSQL (made afresh: --database-url). Prints figures;
asserts nothing.

    .venv/bin/python bench/hung_provider.py                  # both ways, one after the other
    .venv/bin/python bench/hung_provider.py --tasks database # only as deployed
    .venv/bin/python bench/hung_provider.py \
        --database-url postgres://postgres@127.0.0.1:5432/familyhub_bench_hung

For each way of running background work (FAMILYHUB_TASKS_BACKEND):
- database: the web request writes the messages and queues their tasks; a worker sends them
  (as deployed; no worker runs here, so nothing reaches the provider at all);
- immediate: each task runs at once in the web process, as messages were sent before issue 15.
It measures one request for support sent alone, then 8 sent at once with a search started
0.5 s after them, and counts the connections the web processes made to the hung provider.
"""

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-11111111-1111-1111-1111-111111111111-22222222-2222-2222-2222-222222222222"
SEARCH = "/services/?q=help+with+my+toddler%27s+behaviour&postcode=ME4+4TR"
IN_FLIGHT = 8
FILL_ANSWERS = """
import os
from familyhub.referrals.models import Draft
from tests.referrals.helpers import answers
for draft in Draft.objects.filter(pk__in=os.environ["BENCH_DRAFTS"].split(",")):
    draft.answers = answers()
    draft.save()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True, **kwargs,
    )  # fmt: skip


class HungProvider:
    """Accepts connections (the kernel does) and never answers; counts them when asked."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def connections(self) -> int:
        self.listener.setblocking(False)
        made = 0
        while True:
            try:
                connection, _ = self.listener.accept()
            except BlockingIOError:
                return made
            connection.close()
            made += 1


def start_request(base) -> tuple[requests.Session, str]:
    """A family's browser starts a request for support; the draft's id."""
    session = requests.Session()
    service = os.environ.get("BENCH_SERVICE_ID")
    started = session.get(f"{base}/request/?service={service}", allow_redirects=False, timeout=60)
    assert started.status_code == 302, (started.status_code, started.text[:300])
    draft_id = re.search(r"/request/([0-9a-f-]{36})/", started.headers["Location"]).group(1)
    return session, draft_id


def send(base, session, draft_id) -> float:
    """Submit the filled-in draft as the browser does (with its CSRF token); seconds taken."""
    check = session.get(f"{base}/request/{draft_id}/check/", timeout=120).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', check).group(1)
    began = time.perf_counter()
    sent = session.post(
        f"{base}/request/{draft_id}/", data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/request/{draft_id}/check/"}, allow_redirects=False,
        timeout=300,
    )  # fmt: skip
    took = time.perf_counter() - began
    assert sent.status_code == 302 and "/request/sent/" in sent.headers["Location"], sent
    return took


def measure(mode, folder, database_url, provider, workers) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "FAMILYHUB_ENCRYPTION_SALTS": "bench-only-salt",
        "FAMILYHUB_STAFF_TWO_FACTOR": "false",
        "FAMILYHUB_TASKS_BACKEND": mode,
        "FAMILYHUB_NOTIFICATIONS_BACKEND": "notify",
        "NOTIFY_BASE_URL": provider.url,
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_EMAIL_TEMPLATE_ID": "33333333-3333-3333-3333-333333333333",
        "NOTIFY_SMS_TEMPLATE_ID": "44444444-4444-4444-4444-444444444444",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": str(folder / f"access-{mode}.log"),
    }
    service_id = manage(
        env, "shell", "-c",
        "from familyhub.directory.models import Service; print(Service.objects.filter("
        "access_self_referral=True, status='active').order_by('name').first().id)",
    ).stdout.split()[-1]  # fmt: skip
    os.environ["BENCH_SERVICE_ID"] = service_id
    log = open(folder / f"gunicorn-{mode}.log", "w")  # noqa: SIM115 (open while it runs)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "familyhub.wsgi:application", "-c",
         "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                requests.get(base + "/privacy/", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.1)
        warm_up = 2 * workers  # a submit each for every worker first: the first one a worker
        # answers loads what the safety layer reads (about 2 s); the figures are after that
        browsers = [start_request(base) for _ in range(warm_up + 1 + IN_FLIGHT)]
        drafts = ",".join(draft_id for _, draft_id in browsers)
        manage({**env, "BENCH_DRAFTS": drafts}, "shell", "-c", FILL_ANSWERS)
        for _ in range(3):
            requests.get(base + SEARCH, timeout=120)
        cold = at_once(base, browsers[:warm_up])
        provider.connections()
        search_alone = _timed(lambda: requests.get(base + SEARCH, timeout=300))
        alone = send(base, *browsers[warm_up])
        search_busy = []
        took = at_once(
            base, browsers[warm_up + 1 :],
            meanwhile=lambda: search_busy.append(
                _timed(lambda: requests.get(base + SEARCH, timeout=300))
            ),
        )  # fmt: skip
        return {
            f"{warm_up} first submits at once (cold): slowest": max(cold),
            "submit alone": alone,
            "search alone": search_alone,
            f"search with {IN_FLIGHT} submits in flight": search_busy[0],
            f"{IN_FLIGHT} submits at once: median": statistics.median(took),
            f"{IN_FLIGHT} submits at once: slowest": max(took),
            "connections from the web to the provider": provider.connections(),
        }
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def at_once(base, browsers, meanwhile=None) -> list[float]:
    """Send these requests at the same time; with `meanwhile` called 0.5 s after they start."""
    took, threads = [], []
    for session, draft_id in browsers:

        def submit(session=session, draft_id=draft_id):
            took.append(send(base, session, draft_id))

        threads.append(threading.Thread(target=submit))
        threads[-1].start()
    if meanwhile:
        time.sleep(0.5)
        meanwhile()
    for thread in threads:
        thread.join()
    return took


def afresh(database_url):
    """Drop and make the PostgreSQL database again (each way starts from the same data)."""
    import psycopg

    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _timed(call) -> float:
    began = time.perf_counter()
    response = call()
    response.raise_for_status()
    return time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", choices=["database", "immediate", "both"], default="both")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() * 2 + 1,
        help="gunicorn workers (default 2 x cores + 1, as gunicorn.conf.py)",
    )  # fmt: skip
    parser.add_argument("--database-url", help="default: a throwaway SQLite file of demo data")
    parser.add_argument("--folder", help="keep the databases and gunicorn's logs here")
    args = parser.parse_args()
    modes = ["database", "immediate"] if args.tasks == "both" else [args.tasks]
    print(
        f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{args.workers} gunicorn workers, Notify's timeout 10 s (NOTIFY_TIMEOUT_SECONDS)"
    )
    provider = HungProvider()
    with tempfile.TemporaryDirectory(prefix="hung-provider-") as name:
        folder = Path(args.folder or name)
        folder.mkdir(parents=True, exist_ok=True)
        for mode in modes:
            database_url = args.database_url or f"sqlite:///{folder / f'{mode}.sqlite3'}"
            if database_url.startswith("postgres"):
                afresh(database_url)
            env = {**os.environ, "DATABASE_URL": database_url}
            manage(env, "migrate", "--noinput", "-v0")
            manage(env, "load_demo_data")
            static = {**env, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "bench-only",
                      "FAMILYHUB_ENCRYPTION_SALTS": "bench-only-salt",
                      "DJANGO_STATIC_ROOT": str(folder / "static")}  # fmt: skip
            manage(static, "collectstatic", "--noinput", "-v0")
            figures = measure(mode, folder, database_url, provider, args.workers)
            print(f"\nFAMILYHUB_TASKS_BACKEND={mode}")
            for name_, value in figures.items():
                shown = f"{value:.3f} s" if isinstance(value, float) else str(value)
                print(f"  {name_:45} {shown}")


if __name__ == "__main__":
    main()
