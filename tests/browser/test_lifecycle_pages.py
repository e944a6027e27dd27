"""Issue 14's lifecycle pages in real Chromium at 320 px (a small phone), served as in
production: a data manager reviews an imported record held back from the public, and a
provider decides what happens to the open requests of a service before it closes. axe-core
on every page, including with errors shown; nothing scrolls sideways."""

import subprocess
import sys
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ROOT,
    SITE_ENV,
    assert_accessible,
    assert_no_sideways_scroll,
    screenshot,
    sign_in_staff,
)

pytestmark = pytest.mark.browser

PASSWORD = "browser-only-Medway-2026"

SET_UP = """
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Service
from familyhub.interchange.models import ImportReview
from tests.referrals.helpers import make_request

closing = Service.objects.filter(status="active", access_self_referral=True).order_by("name")[0]
for username, role, key in {people!r}:
    user = get_user_model().objects.create_user(
        username=username, email=username, password={password!r}, first_name=role.title()
    )
    organisation = closing.organisation if role == "provider" else None
    Profile.objects.create(user=user, role=role, organisation=organisation)
    TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
held = Service.objects.exclude(pk=closing.pk).filter(status="active").order_by("-name")[0]
held.status, held.level_of_need = "held", ""
held.name = "A very long imported service name from an outside feed, held for review {run}"
held.save()
ImportReview.objects.create(
    service=held, reasons=["no_level", "no_access", "outside_area", "no_contact"],
    feed_status="active", source="https://feeds.example.org/a/very/long/address/of/the/feed",
)
make_request(closing)
print(closing.id, held.id, sep="|")
"""


def _set_up(site, run, people):
    code = SET_UP.format(people=people, password=PASSWORD, run=run)
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=SITE_ENV[site], check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1].split("|")


def _sign_in(page, username, key_hex):
    sign_in_staff(page, username, PASSWORD, key_hex)
    expect(page.locator("h1")).not_to_have_text("Confirm it is you")


def _phone(chromium, site):
    context = chromium.new_context(
        viewport={"width": 320, "height": 640}, base_url=site, is_mobile=True, has_touch=True
    )
    return context, context.new_page()


def _check(page, label):
    assert_accessible(page, label)
    assert_no_sideways_scroll(page, label)


def test_import_review_and_exit_plan_pages_at_320px(chromium, site):
    run = uuid.uuid4().hex[:6]
    manager_key, provider_key = uuid.uuid4().hex * 2, uuid.uuid4().hex * 2
    manager, provider = f"manager-{run}@example.org", f"provider-{run}@example.org"
    closing_id, held_id = _set_up(
        site, run, [(manager, "data_manager", manager_key), (provider, "provider", provider_key)]
    )

    # The data manager: the review queue, a held record, errors, then publishing it.
    context, page = _phone(chromium, site)
    _sign_in(page, manager, manager_key)
    page.goto("/staff/data/")
    page.get_by_role("link", name="waiting for review").click()
    expect(page.locator("h1")).to_have_text("Imported records waiting for review")
    _check(page, "review queue")
    page.get_by_role("link", name=f"held for review {run}").click()
    expect(page.locator("main")).to_contain_text("does not give its level of need")
    _check(page, "a held record")
    page.get_by_role("button", name="Publish it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the level of need")
    _check(page, "a held record, with errors")
    screenshot(page, "import-review-errors-320")
    page.get_by_label("Targeted (early help)").check()
    page.get_by_label("Refer yourself").check()
    page.get_by_role("button", name="Publish it").click()
    expect(page.get_by_role("alert")).to_contain_text("is published")
    assert page.request.get(f"/services/{held_id}/").status == 200
    context.close()

    # The provider: the open request decided before the service is archived.
    context, page = _phone(chromium, site)
    _sign_in(page, provider, provider_key)
    page.goto(f"/staff/services/{closing_id}/archive/")
    expect(page.locator("h1")).to_have_text("Before it closes: the families waiting on it")
    _check(page, "exit plan")
    page.get_by_role("button", name="Decide for").first.click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what happens")
    _check(page, "exit plan, with an error")
    screenshot(page, "exit-plan-error-320")
    for _ in range(20):  # the demo data may have more requests open for it
        page.locator("input[name=decision]").first.check()
        page.get_by_role("button", name="Decide for").first.click()
        expect(page.get_by_role("alert")).to_contain_text("The family and their referrer are told")
        if page.locator("input[name=decision]").count() == 0:
            break
    expect(page.locator("h1")).to_have_text("Are you sure you want to archive this service?")
    _check(page, "archive: are you sure")
    context.close()
