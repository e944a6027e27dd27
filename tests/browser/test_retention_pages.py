"""The administrator's retention and erasure pages on a 320 px phone (two-factor on, as in
production): nothing scrolls sideways, axe-core finds nothing, and an erasure goes through its
confirmation step by keyboard and mouse as a person would."""

import secrets

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_sideways_scroll,
    manage,
    screenshot,
)
from tests.browser.test_staff_pages import WIDER_THAN_THE_SCREEN, Staff, check_fits, sign_in

pytestmark = pytest.mark.browser

MAKE_ADMINISTRATOR_AND_FAMILIES = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Service
from familyhub.referrals.actions import move_request, submit_draft
from familyhub.referrals.models import Draft

username = os.environ["ADMIN_USERNAME"]
user = get_user_model().objects.create_user(
    username=username, email=username, password=os.environ["ADMIN_PASSWORD"],
    first_name="Sam", last_name="Administrator",
)
Profile.objects.create(user=user, role="administrator")
TOTPDevice.objects.create(user=user, name="Authenticator app", key=os.environ["ADMIN_KEY"],
                          confirmed=True)
service = Service.objects.filter(status="active", access_self_referral=True).first()
found = []
for first_name, withdraw in (("Ottoline", True), ("Peregrine", False)):
    answers = {
        "who": "family", "safety": "no",
        "consent": {"given_by_name": first_name + " Featherstonehaugh", "agreed": True},
        "parent": {"first_name": first_name, "last_name": "Featherstonehaugh",
                   "relationship": "parent"},
        "postcode": "ME4 4TR",
        "children": [{"first_name": first_name + "-Junior", "last_name": "Featherstonehaugh",
                      "date_of_birth": "2019-05-04"}],
        "worries": "Sleep",
        "contact": {"contact_email": first_name.lower() + "@example.org",
                    "preferred_contact": "email", "safe_to_email": True},
    }
    made = submit_draft(Draft.objects.create(service=service, answers=answers).id, by=None)
    if withdraw:
        move_request(made.id, "withdraw")
    found.append(str(made.family_id))
print(*found)
"""


def fits_as_it_is(page, label):
    """check_fits for the page as it is now (after a form was sent), without loading it again."""
    assert not page.evaluate(WIDER_THAN_THE_SCREEN), label
    assert_no_sideways_scroll(page, label)
    assert_accessible(page, label)


@pytest.fixture(scope="module")
def administrator(site, site_setup):
    person = Staff(f"retention-{secrets.token_hex(3)}@example.org",
                   f"Admin-{secrets.token_urlsafe(12)}", secrets.token_hex(20))  # fmt: skip
    env = {**site_setup.env, "ADMIN_USERNAME": person.username,
           "ADMIN_PASSWORD": person.password, "ADMIN_KEY": person.key}  # fmt: skip
    output = manage(env, "shell", "-c", MAKE_ADMINISTRATOR_AND_FAMILIES)
    ended, still_open = output.strip().splitlines()[-1].split()
    return person, ended, still_open


def test_retention_and_erasure_pages_fit_320px_and_an_erasure_is_confirmed(
    phone_page, administrator
):
    person, ended, still_open = administrator
    page = phone_page
    sign_in(page, person, "/staff/retention/")
    check_fits(page, "/staff/retention/", "what is due")
    assert page.locator("#kind-families").count() == 1
    screenshot(page, "retention-due-320")
    check_fits(page, "/staff/retention/find/?reference=FH-NONE-NONE", "find: not found")
    check_fits(page, f"/staff/retention/families/{still_open}/erase/", "erasure refused")
    assert "cannot be erased now" in page.locator("#refused").inner_text()

    check_fits(page, f"/staff/retention/families/{ended}/erase/", "erasure")
    screenshot(page, "retention-erase-320")
    page.get_by_role("button", name="Erase this family's data").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(1)  # no reason, not confirmed
    fits_as_it_is(page, "erasure with errors")
    page.get_by_label("Why is this family's data being erased?").fill("Asked by letter")
    page.get_by_label("I have checked this is the right family record").check()
    page.get_by_role("button", name="Erase this family's data").click()
    page.wait_for_url("**/staff/retention/erasures/*/")
    assert "The family's data has been erased" in page.locator("h1").inner_text()
    fits_as_it_is(page, "erasure done")
