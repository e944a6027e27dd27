""" "Your family" (the family's own record, families/views.py) on a 320 px phone and with
JavaScript off: every page fits and axe-core finds nothing, in English and Polish; a parent
changes how to reach them with no safe way ticked, and danger written on the record is
answered with what to do now, as a person would."""

import secrets
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import manage, screenshot
from tests.browser.test_retention_pages import fits_as_it_is
from tests.browser.test_staff_pages import check_fits

pytestmark = pytest.mark.browser

MAKE_PARENT_WITH_A_RECORD = """
import os
from django.contrib.auth import get_user_model
from familyhub.accounts.models import Profile
from familyhub.directory.models import Service
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft

parent = get_user_model().objects.create_user(
    username=os.environ["YF_PARENT"], email=os.environ["YF_PARENT"],
    password=os.environ["YF_PASSWORD"])
Profile.objects.create(user=parent, role="parent")
service = Service.objects.filter(status="active", access_self_referral=True).first()
answers = {
    "who": "family", "safety": "no",
    "consent": {"given_by_name": "Aleksandra Nowak", "agreed": True},
    "parent": {"first_name": "Aleksandra", "last_name": "Nowak", "relationship": "mother"},
    "postcode": "ME4 4TR",
    "children": [{"first_name": "Zofia", "last_name": "Nowak", "date_of_birth": "2019-03-27"}],
    "worries": "Sleep",
    "contact": {"contact_email": "aleksandra@example.org", "preferred_contact": "email",
                "safe_to_email": True},
}
made = submit_draft(Draft.objects.create(service=service, user=parent, answers=answers).id,
                    by=parent)
child = made.family.members.get(first_name="Zofia")
print(child.pk)
"""


@pytest.fixture(scope="module")
def parent(site, site_setup):
    username = f"your-family-{secrets.token_hex(3)}@example.org"
    password = f"Yf-{secrets.token_urlsafe(12)}"
    env = {**site_setup.env, "YF_PARENT": username, "YF_PASSWORD": password}
    child = manage(env, "shell", "-c", MAKE_PARENT_WITH_A_RECORD).strip().splitlines()[-1]
    return username, password, child


def _sign_in(page, parent, first_page):
    username, password, _child = parent
    page.goto(f"/accounts/sign-in/?next={first_page}")
    page.get_by_label("Email address or username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: urlparse(url).path == first_page)


def test_every_your_family_page_fits_a_phone_and_is_accessible(phone_page, parent):
    child = parent[2]
    _sign_in(phone_page, parent, "/my-family/")
    pages = {
        "your family": "/my-family/",
        "contact": "/my-family/contact/",
        "languages": "/my-family/languages/",
        "accessibility": "/my-family/accessibility/",
        "add a child": "/my-family/people/add/child/",
        "add an adult": "/my-family/people/add/adult/",
        "a child's details": f"/my-family/people/{child}/",
        "removing a child": f"/my-family/people/{child}/remove/",
        "equality monitoring": f"/my-family/people/{child}/equality/",
        "your family (Polish)": "/pl/my-family/",
        "contact (Polish)": "/pl/my-family/contact/",
    }
    for label, path in pages.items():
        check_fits(phone_page, path, label)
    phone_page.goto("/my-family/")
    expect(phone_page.locator("body")).to_contain_text("Zofia Nowak")
    screenshot(phone_page, "your-family-320")


def test_a_parent_with_no_safe_way_is_asked_how_to_reach_them_with_js_off(no_js_page, parent):
    page = no_js_page
    _sign_in(page, parent, "/my-family/contact/")
    for way in ("Phone you", "Send you a text message", "Send you an email", "Leave a voicemail"):
        page.get_by_label(way, exact=True).set_checked(False)  # nothing is safe now
    page.get_by_role("button", name="Continue").click()  # the contact questions' own button
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "You have not ticked a safe way to contact you. Choose how we can reach you"
    )
    # (axe-core is a script: the pages' accessibility is checked with JavaScript on, above)
    expect(page.get_by_label("Send you an email")).not_to_be_checked()  # what was typed is kept
    page.get_by_label("In person", exact=False).first.check()
    page.get_by_label("Where and when can someone talk to you?", exact=False).fill(
        "At the family hub on Tuesday mornings"
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/my-family/")
    body = page.locator("body")
    expect(body).to_contain_text("Your changes have been saved.")
    expect(body).to_contain_text("In person: At the family hub on Tuesday mornings")


def test_danger_written_on_the_record_is_answered_with_what_to_do_now(phone_page, parent):
    page = phone_page
    _sign_in(page, parent, "/my-family/accessibility/")
    page.get_by_label("Anything that would make it easier to get support?", exact=False).fill(
        "I can't take calls at home, my partner checks my phone"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Before you carry on")
    fits_as_it_is(page, "what to do now (your family)")
    page.get_by_role("link", name="Back to your family's details").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/my-family/")
    expect(page.locator("body")).to_contain_text("I can't take calls at home")
