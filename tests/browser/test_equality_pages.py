"""The equality questions after a request is sent, and the equality report, on a 320 px phone:
nothing scrolls sideways, axe-core finds nothing, and the answers are sent as a person would."""

import secrets
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, manage, screenshot
from tests.browser.test_retention_pages import fits_as_it_is
from tests.browser.test_staff_pages import Staff, check_fits, sign_in

pytestmark = pytest.mark.browser

MAKE_PEOPLE_AND_FIGURES = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Service
from familyhub.equality import demo
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft

password = os.environ["EQ_PASSWORD"]
analyst = get_user_model().objects.create_user(
    username=os.environ["EQ_ANALYST"], email=os.environ["EQ_ANALYST"], password=password)
Profile.objects.create(user=analyst, role="analyst")
TOTPDevice.objects.create(user=analyst, name="Authenticator app", key=os.environ["EQ_KEY"],
                          confirmed=True)
parent = get_user_model().objects.create_user(
    username=os.environ["EQ_PARENT"], email=os.environ["EQ_PARENT"], password=password)
Profile.objects.create(user=parent, role="parent")
if not demo.loaded():
    demo.load_demo_equality()
service = Service.objects.filter(status="active", access_self_referral=True).first()
answers = {
    "who": "family", "safety": "no",
    "consent": {"given_by_name": "Niamh Brennan", "agreed": True},
    "parent": {"first_name": "Niamh", "last_name": "Brennan", "relationship": "mother"},
    "postcode": "ME4 4TR",
    "children": [{"first_name": "Cian", "last_name": "Brennan", "date_of_birth": "2020-05-04"}],
    "worries": "Sleep",
    "contact": {"contact_email": "niamh@example.org", "preferred_contact": "email",
                "safe_to_email": True},
}
made = submit_draft(Draft.objects.create(service=service, user=parent, answers=answers).id,
                    by=parent)
print(made.reference)
"""


@pytest.fixture(scope="module")
def people(site, site_setup):
    tag = secrets.token_hex(3)
    analyst = Staff(f"equality-analyst-{tag}@example.org", f"Eq-{secrets.token_urlsafe(12)}",
                    secrets.token_hex(20))  # fmt: skip
    parent = f"equality-parent-{tag}@example.org"
    env = {**site_setup.env, "EQ_ANALYST": analyst.username, "EQ_PASSWORD": analyst.password,
           "EQ_KEY": analyst.key, "EQ_PARENT": parent}  # fmt: skip
    reference = manage(env, "shell", "-c", MAKE_PEOPLE_AND_FIGURES).strip().splitlines()[-1]
    return analyst, parent, reference


def test_the_equality_report_fits_320px_and_is_accessible(phone_page, people):
    analyst, _parent, _reference = people
    page = phone_page
    sign_in(page, analyst, "/staff/equality/")
    check_fits(page, "/staff/equality/", "equality report")
    expect(page.locator("#gap-list")).to_contain_text("fewer asking than expected")
    expect(page.locator("#ethnicity-asks")).to_be_visible()
    screenshot(page, "equality-report-320")
    page.get_by_label("From").fill("2026-09-01")
    page.get_by_label("To").fill("2026-01-01")
    page.get_by_role("button", name="Show this period").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("on or before its end")
    fits_as_it_is(page, "equality report, wrong period")


def test_a_family_answers_the_optional_questions_after_sending(phone_page, people):
    _analyst, parent, reference = people
    page = phone_page
    path = f"/request/sent/{reference}/fair/"
    page.goto(f"/accounts/sign-in/?next={path}")
    page.get_by_label("Email address or username").fill(parent)
    page.get_by_label("Password").fill(people[0].password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlparse(url).path == path)
    check_fits(page, path, "equality questions")
    screenshot(page, "equality-questions-320")
    page.locator("#id_p0-ethnicity_14").check()  # White: Irish
    page.locator("#id_p1-sex_2").check()  # the child: Male
    page.get_by_role("button", name="Send the answers").click()
    expect(page.locator("h1")).to_contain_text("Thank you")
    assert_accessible(page, "equality questions sent")
