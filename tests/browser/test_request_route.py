"""The request route's safety and truth, in real Chromium at 320 px (a small phone):

a parent with no safe way to be contacted asks for support and is told plainly how they will
hear (and sent nothing); the provider sees "No safe way to contact — arrange contact", declines
for another reason with words written for the family, and the family reads those words and
never the staff note; a second request is withdrawn after "Are you sure?" with a reason, and
the service is told. axe-core (WCAG 2.2 AA) runs and nothing scrolls sideways on every page
touched.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    _block_outside_world,
    assert_accessible,
    assert_no_sideways_scroll,
    screenshot,
)
from tests.browser.test_referral_journey import (  # noqa: F401 (the provider fixture)
    REFERENCE,
    SERVICE,
    messages_about,
    provider,
)

pytestmark = pytest.mark.browser

NO_SAFE_WAY = "No safe way to contact — arrange contact"
FOR_FAMILY = "Our group is full until the spring. The family hub in Chatham can help sooner."
STAFF_NOTE = "Mum sounded tired on the phone; check in with the health visitor."


@pytest.fixture
def phone(chromium, site):
    made = []

    def new_page():
        context = chromium.new_context(
            viewport={"width": 320, "height": 640}, base_url=site, is_mobile=True, has_touch=True
        )
        _block_outside_world(context, site)
        made.append(context)
        return context.new_page()

    yield new_page
    for context in made:
        context.close()


WIDEST = """() => [...document.querySelectorAll('main *')]
  .filter(e => !e.closest('.fh-table-scroll'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def checked(page, label):
    """No sideways scroll (naming what sticks out if there is), axe-clean, a screenshot."""
    try:
        assert_no_sideways_scroll(page, label)
    except AssertionError as problem:
        raise AssertionError(f"{problem}; sticking out: {page.evaluate(WIDEST)}") from None
    assert_accessible(page, label)
    screenshot(page, "route-" + re.sub(r"\W+", "-", label))


def _ask_until_contact(parent):
    """A parent asks the service for support, up to the contact page."""
    parent.goto("/services/?q=Incredible+Years+toddler&postcode=ME4+4TR")
    parent.locator(".fh-result h3 a", has_text=SERVICE).click()
    parent.get_by_role("button", name="Ask for support from this service").click()
    parent.get_by_label("No", exact=True).check()
    parent.get_by_role("button", name="Continue").click()
    expect(parent.locator("h1")).to_have_text("Sharing your information")
    parent.get_by_label("I agree to share this information to get support").check()
    parent.get_by_label("Your full name").fill("Aoife Byrne")
    parent.get_by_role("button", name="Continue").click()
    parent.get_by_label("First name").fill("Aoife")
    parent.get_by_label("Last name").fill("Byrne")
    parent.get_by_label("Mother", exact=True).check()
    parent.get_by_label("Postcode").fill("ME4 4TR")
    parent.get_by_role("group", name="Would an interpreter help?").get_by_label("No").check()
    parent.get_by_role("button", name="Continue").click()
    born = date.today().replace(day=1) - timedelta(days=2 * 365)
    child = parent.get_by_role("group", name="Child 1")
    child.get_by_label("First name").fill("Cara")
    born_on = child.get_by_role("group", name="Date of birth")
    born_on.get_by_label("Day").fill(str(born.day))
    born_on.get_by_label("Month").fill(str(born.month))
    born_on.get_by_label("Year").fill(str(born.year))
    parent.get_by_role("button", name="Continue").click()
    parent.get_by_label("What is worrying you, or what would you like help with?").fill(
        "Cara will not settle at night."
    )
    parent.get_by_role("button", name="Continue").click()
    expect(parent.locator("h1")).to_have_text("How to contact you safely")


def _send(parent) -> str:
    parent.get_by_role("button", name="Send request").click()
    expect(parent.locator("h1")).to_have_text("Request sent")
    reference = parent.locator(".govuk-panel__body strong").inner_text()
    assert REFERENCE.fullmatch(reference), reference
    return reference


def _sign_in(staff, who):
    staff.goto("/staff/requests/")
    staff.get_by_label("Email address or username").fill(who.username)
    staff.get_by_label("Password").fill(who.password)
    staff.get_by_role("button", name="Sign in").click()
    staff.get_by_label("Code from your authenticator app").fill(who.code())
    staff.get_by_role("button", name="Continue").click()
    expect(staff.locator("h1")).to_have_text("Requests for support")


def test_no_safe_channel_decline_for_the_family_and_withdraw_with_confirmation(
    phone,
    provider,  # noqa: F811 (the fixture imported above)
    outbox,
):
    # --- 1. No safe way: asked how they will hear; told plainly; sent nothing ----------------
    parent = phone()
    _ask_until_contact(parent)
    parent.get_by_label("Phone number (optional)").fill("07700 900 982")
    parent.get_by_role("button", name="Continue").click()  # nothing ticked as safe
    expect(parent.locator(".govuk-error-summary")).to_contain_text(
        "You have not ticked a safe way to contact you. Choose how we can reach you"
    )
    expect(parent.get_by_label("Phone number (optional)")).to_have_value("07700 900 982")
    checked(parent, "contact step with an error")
    other_way = parent.get_by_role("group", name="If none of these is safe, how can we reach you?")
    other_way.get_by_label("I will phone the service myself").check()
    parent.get_by_role("button", name="Continue").click()

    expect(parent.locator("h1")).to_have_text("Check your answers before sending")
    expect(parent.locator(".govuk-summary-list")).to_contain_text("You will phone the service")
    reference = _send(parent)
    hear = parent.locator("#how-you-will-hear-text")
    expect(hear).to_contain_text("so we will not send you any messages")
    expect(hear).to_contain_text(f"phone {SERVICE} on")
    expect(hear).to_contain_text(reference)
    expect(parent.locator("main")).not_to_contain_text("We will email you")
    checked(parent, "sent with no safe way")
    assert messages_about(outbox, reference, "request_sent") == []
    assert len(messages_about(outbox, reference, "new_request")) == 1

    # --- 2. The provider sees it, and declines with words for the family ---------------------
    staff = phone()
    _sign_in(staff, provider)
    row = staff.locator("tr", has=staff.get_by_role("link", name=reference))
    expect(row).to_contain_text(NO_SAFE_WAY)
    checked(staff, "inbox with no safe way")
    row.get_by_role("link", name=reference).click()
    expect(staff.locator("#no-safe-way")).to_contain_text(NO_SAFE_WAY)
    expect(staff.locator("#no-safe-way")).to_contain_text("The family will phone you.")
    checked(staff, "staff request with no safe way")

    staff.get_by_role("button", name="Decline").click()
    expect(staff.locator("h1")).to_have_text("Decline this request")
    staff.get_by_label("Another reason (explain it to the family)").check()
    staff.get_by_label("Note for staff (optional, the family does not see it)").fill(STAFF_NOTE)
    staff.get_by_role("button", name="Decline").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Write what to tell the family")
    checked(staff, "decline with an error")
    staff.get_by_label("What to tell the family").fill(FOR_FAMILY)
    staff.get_by_role("button", name="Decline").click()
    done = staff.locator(".govuk-notification-banner--success")
    expect(done).to_contain_text("No message was sent: the family has no safe way")
    expect(done).not_to_contain_text("The family has been told")
    expect(staff.locator("#reason-for-family")).to_have_text(FOR_FAMILY)
    checked(staff, "declined with a reason for the family")
    assert messages_about(outbox, reference, "request_updated") == []

    # --- 3. The family reads the reason written for them, never the staff note ---------------
    parent.goto(f"/my-requests/{reference}/")
    expect(parent.locator("#status")).to_have_text("Not accepted")
    expect(parent.locator("#decline-reason")).to_have_text(FOR_FAMILY)
    expect(parent.locator("main")).not_to_contain_text(STAFF_NOTE)
    checked(parent, "family sees the decline reason")

    # --- 4. A second request, withdrawn after "Are you sure?" --------------------------------
    _ask_until_contact(parent)
    parent.get_by_label("Email address (optional)").fill("aoife.byrne@example.org")
    parent.get_by_role("group", name="How would you like to be contacted?").get_by_label(
        "Email"
    ).check()
    parent.get_by_role("group", name="Which of these is safe for us to do?").get_by_label(
        "Send you an email"
    ).check()
    parent.get_by_role("button", name="Continue").click()
    second = _send(parent)
    expect(parent.locator("#how-you-will-hear-text")).to_contain_text("We will email you")
    parent.get_by_role("link", name="See where your request is").click()
    parent.get_by_role("button", name="Withdraw this request").click()
    expect(parent.locator("h1")).to_have_text("Are you sure you want to withdraw your request?")
    expect(parent.locator("#status")).to_have_count(0)
    checked(parent, "withdraw confirmation")
    parent.get_by_label("The wait is too long").check()
    parent.get_by_label("Anything you would like to tell the service? (optional)").fill(
        "We found a group nearer home."
    )
    parent.get_by_role("button", name="Yes, withdraw this request").click()
    expect(parent.locator("#status")).to_have_text("Withdrawn")
    expect(parent.get_by_text("We have told the service.")).to_be_visible()
    checked(parent, "withdrawn")
    assert len(messages_about(outbox, second, "request_withdrawn")) == 1

    staff.goto(f"/staff/requests/{second}/")
    expect(staff.locator("#history")).to_contain_text("The wait is too long")
    expect(staff.locator("#history")).to_contain_text("We found a group nearer home.")


def test_the_privacy_notice_for_requests_is_accessible_at_320px(phone):
    page = phone()
    page.goto("/privacy/requests/")
    expect(page.locator("h1")).to_have_text("Privacy notice: asking for support")
    checked(page, "privacy notice for requests")
    page.goto("/pl/privacy/requests/")
    checked(page, "privacy notice for requests in Polish")
