"""The family feedback journey in a real browser on a 320 px phone: the link sent to the
family → the form → thank you; axe-core finds nothing on any page, nothing scrolls sideways,
and a link that does not work is a clear page. Also with JavaScript off (a comment too long
for the form is refused by tests/feedback/test_form.py: the browser stops typing at the limit)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, manage

pytestmark = pytest.mark.browser

ASK_A_FAMILY = """
from familyhub.directory.models import Service
from familyhub.feedback.asking import ask_for_feedback
from familyhub.feedback.links import path_for
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft
import secrets

service = Service.objects.filter(status="active", access_self_referral=True).first()
answers = {
    "who": "family", "safety": "no",
    "consent": {"given_by_name": "Wren Ashdown", "agreed": True},
    "parent": {"first_name": "Wren", "last_name": "Ashdown", "relationship": "parent"},
    "postcode": "ME4 4TR",
    "children": [{"first_name": "Robin", "last_name": "Ashdown", "date_of_birth": "2019-05-04"}],
    "worries": "Sleep",
    "contact": {"contact_email": "wren@example.org", "preferred_contact": "email",
                "safe_to_email": True},
}
made = submit_draft(Draft.objects.create(service=service, answers=answers).id, by=None)
for ref in ("PG-BROWSER-1", "PG-BROWSER-2"):
    invitation = ask_for_feedback(family=made.family, about="programme", programme_ref=ref,
                                  programme_name="Incredible Years")
    print(path_for(invitation))
"""


@pytest.fixture(scope="module")
def links(site, site_setup):
    return manage(site_setup.env, "shell", "-c", ASK_A_FAMILY).strip().splitlines()[-2:]


def checked(page, label):
    assert_no_sideways_scroll(page, label)
    assert_accessible(page, label)


def test_link_form_thank_you_on_a_phone(phone_page, links):
    page = phone_page
    page.goto(links[0])
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    checked(page, "feedback form")
    page.get_by_role("group", name="Did the support help you and your family?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Did it meet your needs?").get_by_label("Partly").check()
    page.get_by_role(
        "group", name="How confident do you feel as a parent or carer right now?"
    ).get_by_label("7", exact=True).check()
    page.get_by_label("Is there anything else you would like to tell us?").fill(
        "The group was friendly."
    )
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    checked(page, "thank you")
    # A child or young person answers too, in simpler words.
    page.get_by_role("button", name="Answer as a child or young person").click()
    expect(page.get_by_role("heading", name="Tell us what you think")).to_be_visible()
    checked(page, "the child's form")
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    # Both have answered: the link is used up.
    page.goto(links[0])
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    checked(page, "link does not work")


def test_the_form_works_without_javascript(no_js_page, links):
    page = no_js_page
    page.goto(links[1])
    page.get_by_role(
        "group", name="Were you treated with respect and without judgement?"
    ).get_by_label("Yes").check()
    page.get_by_label("Is there anything else you would like to tell us?").fill("Thank you.")
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
