"""The safety layer in real Chromium: a disclosure typed into search leads with "Exit this
page" and what to do now (and the Exit button works); a request whose free text discloses harm
shows the provider a safeguarding banner, axe-clean at 320 px, where the step taken is recorded.
"""

import re
import secrets

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

SERVICE = "Incredible Years toddler group (ages 1 to 3)"

MAKE_REQUEST_AND_PROVIDER = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile, Role
from familyhub.directory.models import Service
from tests.referrals.helpers import make_request

service = Service.objects.select_related("organisation").get(name=os.environ["SAFETY_SERVICE"])
user = get_user_model().objects.create_user(
    username=os.environ["SAFETY_USERNAME"], email=os.environ["SAFETY_USERNAME"],
    password=os.environ["SAFETY_PASSWORD"], first_name="Dev", last_name="Okafor",
)
Profile.objects.create(user=user, role=Role.PROVIDER, organisation=service.organisation)
TOTPDevice.objects.create(
    user=user, name="Authenticator app", key=os.environ["SAFETY_TOTP_KEY"], confirmed=True
)
worries = "Mia will not settle. Her dad said he would kill us, I am scared to go home."
print(make_request(service, worries=worries).reference)
"""


def test_a_disclosure_in_search_leads_with_exit_and_help_and_the_exit_button_leaves(page):
    page.goto("/services/?q=my+partner+hurts+me&postcode=ME4+4TR")
    exit_button = page.get_by_role("button", name=re.compile("Exit this page"))
    expect(exit_button).to_be_visible()
    expect(page.get_by_role("heading", name="Your safety comes first")).to_be_visible()
    help_now = page.locator("[data-safety-help]")
    expect(help_now).to_contain_text("999")
    expect(help_now).to_contain_text("0808 2000 247")
    assert_accessible(page, "results with a disclosure")
    screenshot(page, "safety-results")
    banner_top = page.locator(".app-safety-panel").bounding_box()["y"]
    first_result_top = page.locator(".fh-result").first.bounding_box()["y"]
    assert banner_top < first_result_top
    page.route(re.compile(r"https://www\.bbc\.co\.uk/.*"), lambda route: route.fulfill(body="ok"))
    exit_button.click()
    page.wait_for_url(re.compile(r"bbc\.co\.uk"))


def test_the_provider_sees_the_safeguarding_banner_and_records_the_step(chromium, site, site_setup):
    username = f"dev.okafor.{secrets.token_hex(3)}@example.org"
    password = f"Safety-{secrets.token_urlsafe(12)}"
    key = secrets.token_hex(20)
    env = {
        **site_setup.env,
        "SAFETY_SERVICE": SERVICE,
        "SAFETY_USERNAME": username,
        "SAFETY_PASSWORD": password,
        "SAFETY_TOTP_KEY": key,
    }
    reference = manage(env, "shell", "-c", MAKE_REQUEST_AND_PROVIDER).strip().splitlines()[-1]
    context = chromium.new_context(viewport={"width": 320, "height": 800}, base_url=site)
    staff = context.new_page()
    sign_in_staff(staff, username, password, key, next_page="/staff/requests/")

    row = staff.locator("tr", has=staff.get_by_role("link", name=reference))
    expect(row).to_contain_text("Safeguarding check needed")
    row.get_by_role("link", name=reference).click()
    banner = staff.locator("#safeguarding")
    expect(banner).to_contain_text("Possible safeguarding concern")
    expect(banner).to_contain_text("Someone is threatening or following you")
    expect(banner).to_contain_text("Speak to your designated safeguarding lead today")
    assert_accessible(staff, "staff request with a safeguarding concern")
    assert_no_sideways_scroll(staff, "staff request with a safeguarding concern")
    screenshot(staff, "safety-staff-request")

    banner.get_by_role("button", name="Record the step taken").click()  # nothing chosen
    expect(staff.locator(".govuk-error-summary")).to_contain_text(
        "Choose the safeguarding step you took"
    )
    assert_accessible(staff, "safeguarding step with an error")
    staff.get_by_label("Referred to the children's front door").check()
    staff.get_by_label("Note for the request's history").fill("Referred at 10:20")
    staff.get_by_role("button", name="Record the step taken").click()
    expect(staff.locator("#safeguarding")).to_contain_text("Step recorded")
    expect(staff.locator("main")).to_contain_text("Safeguarding step recorded")
    context.close()
