#!/usr/bin/env python
"""The first load on a phone: Lighthouse (mobile, simulated slow 4G) on every public page
(--pages to choose) of the production set-up (gunicorn, DEBUG off, collected static files
served compressed by WhiteNoise) over a throwaway SQLite copy of the Medway demo directory.
Prints figures; asserts nothing.

    npm install --prefix /tmp/lh lighthouse        # outside the repository, once
    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse .venv/bin/python bench/first_load.py
    .venv/bin/python bench/first_load.py --runs 5 --json figures.json

Lighthouse's simulated throttling models the network from one real load, so the figures move
little with the machine's load; the median of --runs is kept. Chromium: /usr/bin/chromium.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every public page a family may land on first. "service" is found on the results page.
PAGES = {
    "start": "/",
    "results": "/services/?q=sleep+problems&postcode=ME4+4TR",
    "service": None,
    "checker": "/check/",
    "request": "/request/",
    "information": "/information/",
    "places": "/places/",
    "local_offer": "/local-offer/",
    "pathways": "/pathways/",
    "start_pl": "/pl/",
}
# The demo content those pages show (the directory first; the others read it).
DEMO_DATA = ["load_demo_data", "load_demo_localoffer", "load_demo_information"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def lighthouse_command() -> str | None:
    return os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")


def audit(lighthouse: str, url: str, folder: Path, tries: int = 3) -> dict:
    """One Lighthouse run's figures; a run Lighthouse itself gives up on (its trace missed the
    navigation, NO_NAVSTART, now and then on a busy machine) is run again, up to `tries`."""
    for attempt in range(1, tries + 1):
        try:
            return _audit_once(lighthouse, url, folder)
        except subprocess.CalledProcessError:
            if attempt == tries:
                raise
            print(f"  (Lighthouse failed on {url}; running it again)")


def _audit_once(lighthouse: str, url: str, folder: Path) -> dict:
    report = folder / "report.json"
    subprocess.run(
        [lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
         "--form-factor=mobile", "--throttling-method=simulate",
         "--only-categories=performance,accessibility,best-practices,seo",
         "--chrome-flags=--headless=new --no-sandbox"],
        check=True, env={"CHROME_PATH": "/usr/bin/chromium", **os.environ},
    )  # fmt: skip
    data = json.loads(report.read_text())
    audits, categories = data["audits"], data["categories"]
    return {
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "performance": categories["performance"]["score"] * 100,
        "accessibility": categories["accessibility"]["score"] * 100,
        "best_practices": categories["best-practices"]["score"] * 100,
        "seo": categories["seo"]["score"] * 100,
        "bytes": audits["total-byte-weight"]["numericValue"],
        # The server's own time for the page as Chromium saw it (unthrottled): Lantern adds it
        # to the simulated first byte, so a slow view adds directly to LCP.
        "server_ms": audits["server-response-time"]["numericValue"],
        "render_blocking_ms": _render_blocking_ms(audits),
    }


def _render_blocking_ms(audits: dict) -> float:
    """Lighthouse's estimate of what render-blocking requests cost the first paint."""
    insight = audits.get("render-blocking-insight") or audits.get("render-blocking-resources")
    if not insight:
        return 0.0
    details = insight.get("details") or {}
    return float(
        (details.get("metricSavings") or insight.get("metricSavings") or {}).get("FCP", 0)
        or details.get("overallSavingsMs", 0)
    )


def page_paths(base: str, names: list[str]) -> dict[str, str]:
    """Each page's path; the service page is the first result of the results page's search."""
    paths = {}
    for name in names:
        path = PAGES[name]
        if path is None:
            html = urllib.request.urlopen(base + PAGES["results"], timeout=10).read().decode()
            path = re.search(r'href="(/services/[0-9a-f-]{36}/)', html).group(1)
        paths[name] = path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument(
        "--pages", nargs="+", choices=list(PAGES), default=list(PAGES), help="(default: all)"
    )
    parser.add_argument("--reports", type=Path, help="keep each page's last Lighthouse report here")
    args = parser.parse_args()
    lighthouse = lighthouse_command()
    if not lighthouse:
        print(
            "NOT MEASURED: Lighthouse is not installed "
            "(npm install --prefix /tmp/lh lighthouse, then LIGHTHOUSE=/tmp/lh/...)"
        )
        if args.json:
            args.json.write_text("{}")
        return
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    figures = {}
    with tempfile.TemporaryDirectory(prefix="familyhub-first-load-") as name:
        folder = Path(name)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only",
            "FAMILYHUB_ENCRYPTION_SALTS": "bench-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "GUNICORN_ACCESS_LOG": "/dev/null",
        }
        manage(env, "migrate", "--noinput", "-v0")
        for command in DEMO_DATA:
            manage(env, command)
        manage(env, "collectstatic", "--noinput", "-v0")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "familyhub.wsgi:application", "-c",
             "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + "/", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.1)
            paths = page_paths(base, args.pages)
            # A live site's workers have served each page before: every worker (gunicorn's
            # 2 per core + 1) gets each page twice, so no figure counts a worker's first request
            # (its imports) or a search the results cache has not seen yet.
            for path in paths.values():
                for _ in range(2 * (2 * os.cpu_count() + 1)):
                    urllib.request.urlopen(base + path, timeout=30).read()
            for page, path in paths.items():
                runs = [audit(lighthouse, base + path, folder) for _ in range(args.runs)]
                if args.reports:
                    args.reports.mkdir(parents=True, exist_ok=True)
                    shutil.copy(folder / "report.json", args.reports / f"{page}.json")
                for key in runs[0]:
                    figures[f"{page}_{key}"] = round(statistics.median(r[key] for r in runs), 3)
                lcps = ", ".join(f"{r['lcp_ms']:.0f}" for r in runs)
                got = {
                    key[len(page) + 1 :]: value
                    for key, value in figures.items()
                    if key.startswith(page)
                }
                print(
                    f"{page:8} {path}\n  LCP {got['lcp_ms']:.0f} ms (runs: {lcps}), "
                    f"CLS {got['cls']:.3f}, scores {got['performance']:.0f}/"
                    f"{got['accessibility']:.0f}/{got['best_practices']:.0f}/{got['seo']:.0f}, "
                    f"{got['bytes']:.0f} bytes; FCP {got['fcp_ms']:.0f} ms, server "
                    f"{got['server_ms']:.0f} ms, render-blocking {got['render_blocking_ms']:.0f} ms"
                )
        finally:
            server.terminate()
            server.wait()
    if figures:
        figures["slowest_lcp_ms"] = max(v for k, v in figures.items() if k.endswith("_lcp_ms"))
        figures["largest_cls"] = max(v for k, v in figures.items() if k.endswith("_cls"))
    print(f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
