"""Subject access in real Chromium, served as in production (DEBUG off, two-factor on): an
administrator on a 320 px phone searches (an empty search first: the error), finds the family,
sees everything held and downloads the pack; the pack itself, opened on its own, is checked
too. axe-core on every page; nothing scrolls sideways; the search works with JavaScript off."""

import secrets
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_sideways_scroll,
    manage,
    screenshot,
    sign_in_staff,
)

pytestmark = pytest.mark.browser

SET_UP = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Service
from familyhub.referrals import tracking
from familyhub.referrals.actions import move_request
from tests.referrals.helpers import make_request

for suffix in ("", "_2"):  # one each test: an authenticator's code is good once only
    user = get_user_model().objects.create_user(
        username=os.environ["ADMIN_NAME" + suffix], email=os.environ["ADMIN_NAME" + suffix],
        password=os.environ["ADMIN_PASSWORD"], first_name="Alex", last_name="Administrator",
    )
    Profile.objects.create(user=user, role="administrator")
    TOTPDevice.objects.create(user=user, name="Authenticator app",
                              key=os.environ["ADMIN_KEY" + suffix], confirmed=True)
service = Service.objects.filter(status="active", access_self_referral=True).order_by("name")[0]
email = os.environ["FAMILY_EMAIL"]
made = make_request(
    service, worries="Supercalifragilisticexpialidocious-long-words-without-spaces " * 3,
    contact={"contact_email": email, "preferred_contact": "email", "safe_to_email": True},
)
move_request(made.id, "receive", by=None, by_label="Service")
move_request(made.id, "decline", by=None, by_label="Service", reason="other",
             note="A staff note about https://a.very.long.example.org/address/without/spaces",
             reason_for_family="We only work with families who live in Gillingham.")
tracking.send_code(made.reference)
print(made.reference)
"""


@pytest.fixture(scope="module")
def administrator(site, site_setup):
    run = secrets.token_hex(3)
    env = {
        **site_setup.env,
        "ADMIN_NAME": f"subject-access-{run}@example.org",
        "ADMIN_PASSWORD": f"Admin-{secrets.token_urlsafe(12)}",
        "ADMIN_KEY": secrets.token_hex(20),
        "ADMIN_NAME_2": f"subject-access-{run}-2@example.org",
        "ADMIN_KEY_2": secrets.token_hex(20),
        "FAMILY_EMAIL": f"subject.access.{run}@example.org",
    }
    reference = manage(env, "shell", "-c", SET_UP).strip().splitlines()[-1]
    return env, reference


def _fits(page, label):
    assert_no_sideways_scroll(page, label)
    assert_accessible(page, label)


def test_an_administrator_finds_a_family_and_downloads_the_pack_on_a_phone(
    phone_page, chromium, site, administrator
):
    env, reference = administrator
    sign_in_staff(phone_page, env["ADMIN_NAME"], env["ADMIN_PASSWORD"], env["ADMIN_KEY"],
                  next_page="/staff/subject-access/")  # fmt: skip
    phone_page.wait_for_url(lambda url: urlparse(url).path == "/staff/subject-access/")
    _fits(phone_page, "subject access search")

    phone_page.get_by_role("button", name="Search").click()
    expect(phone_page.locator(".govuk-error-summary")).to_be_visible()
    _fits(phone_page, "subject access search with an error")

    phone_page.get_by_label("Email address").fill(env["FAMILY_EMAIL"].upper())
    phone_page.get_by_role("button", name="Search").click()
    expect(phone_page.get_by_role("heading", name="1 record found")).to_be_visible()
    _fits(phone_page, "subject access results")
    screenshot(phone_page, "subject-access-results-320")

    phone_page.get_by_role("link", name="See everything held on this record").click()
    expect(
        phone_page.get_by_role("heading", name="Everything held on this family record")
    ).to_be_visible()
    expect(phone_page.get_by_text(f"Request {reference}", exact=True)).to_have_count(1)
    _fits(phone_page, "everything held")
    screenshot(phone_page, "subject-access-everything-held-320")

    with phone_page.expect_download() as download:
        phone_page.get_by_role("button", name="Download the pack to read or print (HTML)").click()
    assert download.value.suggested_filename.startswith(f"subject-access-{reference}-")
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert "We only work with families who live in Gillingham." in html

    pack = chromium.new_context(viewport={"width": 320, "height": 640}).new_page()
    pack.set_content(html)
    assert pack.locator("h1").inner_text() == "Information we hold about your family"
    _fits(pack, "the HTML pack")
    screenshot(pack, "subject-access-pack-320")
    pack.context.close()


def test_the_search_works_with_javascript_off(no_js_page, administrator):
    env, reference = administrator
    sign_in_staff(no_js_page, env["ADMIN_NAME_2"], env["ADMIN_PASSWORD"], env["ADMIN_KEY_2"],
                  next_page="/staff/subject-access/")  # fmt: skip
    no_js_page.wait_for_url(lambda url: urlparse(url).path == "/staff/subject-access/")
    no_js_page.get_by_label("Request reference").fill(reference.lower())
    no_js_page.get_by_role("button", name="Search").click()
    expect(no_js_page.get_by_role("heading", name="1 record found")).to_be_visible()
    expect(no_js_page.get_by_text(f"A request's reference, {reference}")).to_be_visible()
