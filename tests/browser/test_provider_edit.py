"""Provider self-service in real Chromium, served as in production (DEBUG off, so staff
confirm an authenticator-app code): a provider edits a service, the public page is unchanged,
a data manager sees the field-by-field difference and approves it, and the public page shows
the change. axe-core on every page on the way."""

import re
import subprocess
import sys
import uuid

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, SITE_ENV, assert_accessible, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "browser-only-Medway-2026"
ORGANISATION = "Medway Council Early Help Service"

MAKE_PEOPLE = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Organisation
organisation = Organisation.objects.get(name={organisation!r})
for username, role, org, key in {people!r}:
    user = get_user_model().objects.create_user(
        username=username, email=username, password={password!r}, first_name=role.title()
    )
    Profile.objects.create(user=user, role=role, organisation=organisation if org else None)
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
# A service no family has asked (other browser tests share this site and make requests): one
# with an open request would ask what happens to it before it could be archived.
service = (
    organisation.services.filter(status="active", requests__isnull=True).order_by("name").first()
)
from familyhub.directory.models import Service
from familyhub.upkeep.freshness import months_before
from django.utils import timezone
old = Service.objects.filter(
    last_checked_on__lte=months_before(timezone.localdate(), 12), status="active"
).order_by("last_checked_on").first()
print(service.id, service.name, old.id, sep="|")
"""


def _make_people(site, people):
    code = MAKE_PEOPLE.format(organisation=ORGANISATION, people=people, password=PASSWORD)
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=SITE_ENV[site], check=True, capture_output=True, text=True,
    )  # fmt: skip
    service_id, name, out_of_date_id = done.stdout.strip().splitlines()[-1].split("|")
    return service_id, name, out_of_date_id


def _sign_in(page, username, key_hex):
    page.goto("/accounts/sign-in/")
    assert_accessible(page, "sign in")
    page.get_by_label("Email address or username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Confirm it is you")
    code = f"{TOTP(bytes.fromhex(key_hex)).token():06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).not_to_have_text("Confirm it is you")


def test_provider_edit_then_approval_updates_the_public_page(chromium, site):
    run = uuid.uuid4().hex[:6]
    provider_key, manager_key = uuid.uuid4().hex * 2, uuid.uuid4().hex * 2
    provider, manager = f"provider-{run}@example.org", f"manager-{run}@example.org"
    service_id, old_name, out_of_date_id = _make_people(
        site,
        [(provider, "provider", True, provider_key), (manager, "data_manager", False, manager_key)],
    )
    new_name = f"{old_name} (updated {run})"
    public_url = f"/services/{service_id}/"

    # A family suggests a change; a service not checked for a year warns them.
    public = chromium.new_context(base_url=site).new_page()
    public.goto(f"/services/{out_of_date_id}/")
    expect(public.locator(".govuk-warning-text").first).to_contain_text("may be out of date")
    assert_accessible(public, "public page of an out-of-date service")
    public.goto(public_url)
    public.get_by_role("link", name="Suggest a change").click()
    public.get_by_label("Something is out of date or wrong").check()
    public.locator("textarea").fill(f"The Tuesday session moved to Thursday ({run}).")
    public.get_by_role("button", name=re.compile("Send")).click()
    expect(public.get_by_role("alert")).to_contain_text("Thank you")

    # The provider sees the suggestion and marks it as being looked at.
    provider_context = chromium.new_context(base_url=site)
    page = provider_context.new_page()
    _sign_in(page, provider, provider_key)
    page.goto("/staff/suggestions/")
    assert_accessible(page, "provider's suggestions")
    page.locator("table tr", has_text=old_name).first.get_by_role("link").click()
    expect(page.locator("dl")).to_contain_text(f"moved to Thursday ({run})")
    assert_accessible(page, "a suggestion")
    page.get_by_label("Being looked at").check()
    page.get_by_role("button", name="Save the status").click()
    expect(page.get_by_role("alert")).to_contain_text("status is saved")
    page.goto("/staff/services/new/")
    assert_accessible(page, "add a service")

    # The provider changes the service's name.
    page.goto("/staff/requests/")
    page.get_by_role("link", name="Your organisation's services").click()
    expect(page.locator("h1")).to_have_text("Your services")
    assert_accessible(page, "provider's services")
    page.get_by_role("link", name=old_name, exact=True).click()
    expect(page.locator("h1")).to_have_text(old_name)
    assert_accessible(page, "provider's service page")
    screenshot(page, "upkeep-service-page")
    page.get_by_role("button", name="Archive this service").click()
    assert_accessible(page, "archive: are you sure")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Version history").click()
    assert_accessible(page, "version history")
    page.get_by_role("link", name="Version 1").click()
    assert_accessible(page, "version 1")
    page.goto(f"/staff/services/{service_id}/")
    page.get_by_role("button", name="Change these details").click()
    assert_accessible(page, "edit form")

    # A mistake first: the error is explained and what was typed stays.
    page.get_by_label("Service name").fill("")
    page.get_by_label("Opens (optional)").first.fill("25:00")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the service name")
    expect(page.get_by_label("Opens (optional)").first).to_have_value("25:00")
    assert_accessible(page, "edit form with errors")
    screenshot(page, "upkeep-edit-form-errors")
    page.get_by_label("Opens (optional)").first.fill("")
    page.get_by_label("Service name").fill(new_name)
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("is waiting for a data manager")
    assert_accessible(page, "provider's change page")

    # Families still see the published version.
    public.goto(public_url)
    expect(public.locator("h1")).to_have_text(old_name)

    # The data manager sees the difference and approves it.
    manager_context = chromium.new_context(base_url=site)
    desk = manager_context.new_page()
    _sign_in(desk, manager, manager_key)
    desk.goto("/staff/changes/")
    assert_accessible(desk, "changes to approve")
    desk.locator("table tr", has_text=new_name).get_by_role("link").click()
    diff = desk.locator("table", has_text="What would change")
    expect(diff).to_contain_text(old_name)
    expect(diff).to_contain_text(new_name)
    assert_accessible(desk, "change with its difference")
    screenshot(desk, "upkeep-change-diff")
    desk.get_by_role("button", name="Approve and publish").click()
    expect(desk.get_by_role("alert")).to_contain_text("is approved and published")
    assert_accessible(desk, "changes after approval")
    desk.goto("/staff/services/?show=out_of_date")
    assert_accessible(desk, "data managers' out-of-date list")
    desk.goto("/staff/suggestions/")
    assert_accessible(desk, "suggestions from the public")

    # The public page now shows the approved change.
    public.goto(public_url)
    expect(public.locator("h1")).to_have_text(new_name)
    assert_accessible(public, "public page after approval")
    public.context.close()
    provider_context.close()
    manager_context.close()
