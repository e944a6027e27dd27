"""Browser tests: real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright,
against the product served as in production (gunicorn, DEBUG off, collected and compressed
static files) on a throwaway SQLite copy of the Medway demo data.

Without Chromium they skip with a loud reason; in CI (CI set) a missing Chromium fails.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SITE_ENV = {}  # the site's base URL -> its environment (to run manage.py against its database)


def _missing() -> str:
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium chromium-driver)"
    if not AXE.exists():
        return f"axe-core is not installed at {AXE} (run scripts/setup)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (run scripts/setup)"
    return ""


@pytest.fixture(scope="package")
def browser_ready():
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but browser tests cannot run: {reason}")
        print(f"\n!! BROWSER TESTS SKIPPED: {reason}\n", file=sys.stderr)
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SiteSetup(NamedTuple):
    env: dict
    folder: Path
    port: int


@pytest.fixture(scope="package")
def site_setup(browser_ready, tmp_path_factory) -> SiteSetup:
    """The settings the served product runs with: production-like (DEBUG off, so staff
    two-factor is on), its own throwaway SQLite database, and messages written as files to its
    own outbox folder as soon as the change they tell of is saved (tasks run at once)."""
    folder = tmp_path_factory.mktemp("site")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "browser-tests-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        # Served over plain HTTP on 127.0.0.1: no redirect to HTTPS (everything else as in
        # production, the Content-Security-Policy included).
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "FAMILYHUB_SITE_URL": f"http://127.0.0.1:{port}",
        "FAMILYHUB_ENCRYPTION_SALTS": "browser-tests-only-salt",
        "FAMILYHUB_NOTIFICATIONS_BACKEND": "file",
        "FAMILYHUB_NOTIFICATIONS_DIR": str(folder / "outbox"),
        # Background work runs at once in the web process (the immediate backend, never used
        # in production), so a test reads a message as soon as the page has answered. The
        # real worker is tested in tests/notifications/test_worker.py and tests/jobs.
        "FAMILYHUB_TASKS_BACKEND": "immediate",
        "FAMILYHUB_STAFF_TWO_FACTOR": "true",
    }
    return SiteSetup(env, folder, port)


def manage(env, *command):
    """Run a manage.py command against the served product's database; its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {command[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="package")
def site(site_setup):
    """The product on gunicorn with DEBUG off, on its own SQLite database of demo data."""
    env, folder, port = site_setup
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_data"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        manage(env, *command)
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "familyhub.wsgi:application",
            "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "2",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    SITE_ENV[base] = env
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/privacy/", timeout=1).read()
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError((folder / "gunicorn.log").read_text()) from None
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(10)
    log.close()


@pytest.fixture(scope="package")
def outbox(site_setup) -> Path:
    """Where the served product's file backend writes each email and text message."""
    return Path(site_setup.env["FAMILYHUB_NOTIFICATIONS_DIR"])


@pytest.fixture(scope="package")
def chromium(browser_ready):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()
    playwright.stop()


def _block_outside_world(context, base):
    """Nothing leaves the machine: anything not on our server gets a plain stand-in page."""

    def handle(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html", body="<title>Elsewhere</title>")

    context.route("**/*", handle)


@pytest.fixture
def page(chromium, site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    _block_outside_world(context, site)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, site):
    context = chromium.new_context(
        viewport={"width": 320, "height": 640}, base_url=site, is_mobile=True, has_touch=True
    )
    _block_outside_world(context, site)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_js_page(chromium, site):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, base_url=site, java_script_enabled=False
    )
    _block_outside_world(context, site)
    page = context.new_page()
    yield page
    context.close()


AXE_PATH = "/__browser-tests__/axe.min.js"


def load_axe(page):
    """Put axe-core into the page as a script from the site's own address (the browser test
    answers that address with the file), so the page's Content-Security-Policy stays on: an
    inline script would be refused, as it should be."""
    if not getattr(page, "_axe_route", False):
        page.route(
            f"**{AXE_PATH}",
            lambda route: route.fulfill(
                status=200, content_type="text/javascript", body=AXE.read_text()
            ),
        )
        page._axe_route = True
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        origin = page.evaluate("() => location.origin")
        if origin == "null":  # a document set from content (a downloaded pack): no site, no CSP
            page.add_script_tag(content=AXE.read_text())
        else:
            page.add_script_tag(url=origin + AXE_PATH)


def assert_accessible(page, label=""):
    """axe-core (from the npm registry) finds no WCAG 2.2 AA violations on the page as it is."""
    load_axe(page)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]
    assert not problems, f"axe-core found problems on {label or page.url}:\n" + "\n".join(problems)
    return len(result["passes"])


def assert_no_sideways_scroll(page, label=""):
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{label or page.url} scrolls sideways: {widths}"


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def record_figure(name, value):
    """Figures the browser tests measure, kept in test-output/figures.json for the report."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "figures.json"
    figures = json.loads(path.read_text()) if path.exists() else {}
    figures[name] = value
    path.write_text(json.dumps(figures, indent=2))


def tab_to(page, selector, presses=80):
    """Press Tab until the element matching `selector` has focus (keyboard only)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Could not reach {selector} with the Tab key")


def sign_in_staff(page, username: str, password: str, totp_key_hex: str, next_page: str = ""):
    """Sign in as staff the real way: password, then the code their authenticator app shows."""
    from django_otp.oath import totp

    page.goto("/accounts/sign-in/" + (f"?next={next_page}" if next_page else ""))
    page.get_by_label("Email address or username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    code = f"{totp(bytes.fromhex(totp_key_hex), step=30, digits=6):06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
