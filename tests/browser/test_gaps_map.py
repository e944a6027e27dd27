"""The map of services in a real browser, as in production (DEBUG off, so staff confirm an
authenticator-app code): axe-core clean, nothing scrolls sideways at 320 px, works without
JavaScript, and the CSV link downloads the rows the page shows."""

import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import (
    ROOT,
    SITE_ENV,
    assert_accessible,
    assert_no_sideways_scroll,
    screenshot,
)

pytestmark = pytest.mark.browser

EMAIL = "map.datamanager@example.org"
PASSWORD = "map-browser-test-Medway-2026"
KEY = "3132333435363738393031323334353637383930"  # hex, the RFC 6238 test key

MAKE_DATA_MANAGER = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile, Role
User = get_user_model()
if not User.objects.filter(username={EMAIL!r}).exists():
    user = User.objects.create_user(username={EMAIL!r}, email={EMAIL!r}, password={PASSWORD!r})
    Profile.objects.create(user=user, role=Role.DATA_MANAGER)
    TOTPDevice.objects.create(user=user, name="Browser test", key={KEY!r}, confirmed=True)
"""


_used_codes = set()


def _fresh_code():
    """The authenticator's current code; a code is accepted once, so wait for a new one."""
    from binascii import unhexlify

    from django_otp.oath import TOTP

    while True:
        totp = TOTP(unhexlify(KEY), step=30, digits=6)
        totp.time = time.time()
        code = f"{totp.token():06d}"
        if code not in _used_codes:
            _used_codes.add(code)
            return code
        time.sleep(1)


@pytest.fixture(scope="module")
def data_manager(site):
    """A data manager with a confirmed authenticator device, made in the site's database."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MAKE_DATA_MANAGER],
        cwd=ROOT, env=SITE_ENV[site], check=True, capture_output=True,
    )  # fmt: skip
    return EMAIL


def sign_in(page, email):
    page.goto("/accounts/sign-in/?next=/staff/map/")
    page.get_by_label("Email address or username").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(_fresh_code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/staff/map/")


def test_map_overview_and_a_need_are_accessible_and_fit_320px(phone_page, data_manager):
    sign_in(phone_page, data_manager)
    assert phone_page.get_by_role("heading", level=1).inner_text().startswith("Map of services")
    assert_no_sideways_scroll(phone_page, "map overview")
    assert_accessible(phone_page, "map overview")
    phone_page.goto("/staff/map/?need=feeding&level=targeted")
    assert "Gap" in phone_page.locator("#map-rows").inner_text()
    assert_no_sideways_scroll(phone_page, "map for feeding")
    assert_accessible(phone_page, "map for feeding")
    screenshot(phone_page, "gaps-map-feeding-phone")
    phone_page.goto("/staff/map/?need=nope")
    assert "Choose a need from the list" in phone_page.locator(".govuk-error-summary").inner_text()
    assert_accessible(phone_page, "map with a bad filter")


def test_map_filters_work_without_javascript_and_csv_matches(chromium, site, data_manager):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    page = context.new_page()
    sign_in(page, data_manager)
    context_no_js = chromium.new_context(
        viewport={"width": 1280, "height": 900},
        base_url=site,
        java_script_enabled=False,
        storage_state=context.storage_state(),
    )
    no_js = context_no_js.new_page()
    no_js.goto("/staff/map/")
    no_js.select_option("#need", "domestic-abuse")
    no_js.select_option("#level", "universal")
    no_js.get_by_role("button", name="Apply filters").click()
    rows = no_js.locator("#map-rows tbody tr")
    assert rows.count() == 7 * 5
    page.goto(no_js.url)  # axe-core needs JavaScript: check the same page with it on
    assert_accessible(page, "map filtered for domestic abuse, universal")
    screenshot(no_js, "gaps-map-domestic-abuse-desktop")
    with no_js.expect_download() as download:
        no_js.get_by_role("link", name="Download these rows as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert len(text.strip().splitlines()) == 1 + 7 * 5
    assert "Domestic abuse,Universal,Chatham,2 to 4,0,0,,,,Gap" in text
    context_no_js.close()
    context.close()
