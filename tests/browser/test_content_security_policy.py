"""The Content-Security-Policy in a real browser, as in production (DEBUG off): the header is
there with a nonce and no 'unsafe-inline', and the start page, results, a service page, the
request form, a staff page and the map raise no violation (the page's own nonced script and
style still run: the body is marked js-enabled, the council's colour is applied, the map's
bars have their widths). Also staff setting up their authenticator app: password again, the QR
code, the recovery codes once."""

import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import ROOT, SITE_ENV, assert_accessible

pytestmark = pytest.mark.browser

EMAIL = "csp.datamanager@example.org"
NEW_STAFF = "csp.newstaff@example.org"
PASSWORD = "csp-browser-test-Medway-2026"
KEY = "3132333435363738393031323334353637383930"  # hex, the RFC 6238 test key

MAKE_STAFF = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile, Role
User = get_user_model()
for email, device in (({EMAIL!r}, True), ({NEW_STAFF!r}, False)):
    if not User.objects.filter(username=email).exists():
        user = User.objects.create_user(username=email, email=email, password={PASSWORD!r})
        Profile.objects.create(user=user, role=Role.DATA_MANAGER)
        if device:
            TOTPDevice.objects.create(user=user, name="Browser test", key={KEY!r}, confirmed=True)
"""

# Recorded from the first moment of every page: each violation the browser reports.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ${event.sample || ""}`
  );
});
"""

_used_codes = set()


def _code(key_hex=KEY):
    from binascii import unhexlify

    from django_otp.oath import TOTP

    while True:
        totp = TOTP(unhexlify(key_hex), step=30, digits=6)
        totp.time = time.time()
        code = f"{totp.token():06d}"
        if (key_hex, code) not in _used_codes:
            _used_codes.add((key_hex, code))
            return code
        time.sleep(1)


@pytest.fixture(scope="module")
def staff(site):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MAKE_STAFF],
        cwd=ROOT, env=SITE_ENV[site], check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def watched(chromium, site):
    """A browser with the policy on (no bypass), reporting violations and console errors."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    context.close()


def no_violations(page, label):
    page.wait_for_load_state("load")
    violations = page.evaluate("() => window.__cspViolations")
    policy_errors = [text for text in page.console_errors if "Content Security Policy" in text]
    assert not violations and not policy_errors, f"{label}: {violations} {policy_errors}"
    # The page's own inline script and style ran with their nonce.
    assert page.evaluate("() => document.body.classList.contains('js-enabled')"), label
    header = page.evaluate(
        "() => getComputedStyle(document.querySelector('.council-header')).backgroundColor"
    )
    assert header == "rgb(10, 74, 122)", f"{label}: the council's colour was not applied"


def test_the_header_is_there_with_a_nonce_and_no_unsafe_inline(watched):
    response = watched.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    for directive in ("frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'",
                      "object-src 'none'"):  # fmt: skip
        assert directive in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert watched.locator(f'script[nonce="{nonce}"]').count() == 0  # the nonce attribute is
    # hidden from the DOM by the browser once applied, so a script cannot read and reuse it
    assert watched.evaluate("() => document.querySelector('script:not([src])').nonce") == nonce


def test_the_families_pages_raise_no_violation(watched):
    watched.goto("/")
    no_violations(watched, "start page")
    watched.get_by_label("What would you like help with?").fill("sleep")
    watched.get_by_role("button", name="Search").click()
    watched.wait_for_url("**/services/**")
    no_violations(watched, "results")
    watched.locator(".fh-result h3 a").first.click()
    watched.wait_for_url(lambda url: urlparse(url).path.count("/") == 3)
    no_violations(watched, "service page")
    service_id = urlparse(watched.url).path.split("/")[2]
    watched.goto(f"/request/?service={service_id}")
    assert "/request/" in watched.url
    no_violations(watched, "request form")
    assert_accessible(watched, "request form (axe-core loaded with the policy on)")


def test_a_staff_page_and_the_map_raise_no_violation(watched, staff):
    watched.goto("/accounts/sign-in/?next=/staff/services/")
    no_violations(watched, "sign in")
    watched.get_by_label("Email address or username").fill(EMAIL)
    watched.get_by_label("Password").fill(PASSWORD)
    watched.get_by_role("button", name="Sign in").click()
    watched.get_by_label("Code from your authenticator app").fill(_code())
    watched.get_by_role("button", name="Continue").click()
    watched.wait_for_url("**/staff/services/")
    no_violations(watched, "staff services")

    watched.goto("/staff/map/")
    no_violations(watched, "map")
    widths = watched.evaluate(
        "() => [...document.querySelectorAll('.fh-chart__bar')].map(b => b.style.width || "
        "getComputedStyle(b).width)"
    )
    assert len(widths) > 3 and len(set(widths)) > 1, widths
    assert_accessible(watched, "map")


def test_staff_set_up_their_app_after_typing_the_password_again(watched, staff):
    watched.goto("/accounts/sign-in/")
    watched.get_by_label("Email address or username").fill(NEW_STAFF)
    watched.get_by_label("Password").fill(PASSWORD)
    watched.get_by_role("button", name="Sign in").click()
    # Signed in just now with the password: the QR code is shown straight away.
    watched.get_by_role("heading", name="Set up your authenticator app").wait_for()
    no_violations(watched, "set up the app")
    key = watched.locator(".fh-secret").inner_text().replace(" ", "")
    from base64 import b32decode

    key_hex = b32decode(key + "=" * (-len(key) % 8)).hex()
    watched.get_by_label("Code from your authenticator app").fill(_code(key_hex))
    watched.get_by_role("button", name="Continue").click()
    watched.get_by_role("heading", name="Your recovery codes").wait_for()
    codes = watched.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    no_violations(watched, "recovery codes")
    assert_accessible(watched, "recovery codes")
    watched.reload()
    assert watched.locator("#recovery-codes").count() == 0  # shown once
