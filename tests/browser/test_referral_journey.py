"""A request for support, the whole way round, in real Chromium against the product as served
in production (gunicorn, DEBUG off, staff two-factor on):

a parent finds a service and asks it for support (every question, one mistake made and
corrected) → the service's provider staff sign in with a password and an authenticator code,
find the request in their inbox, receive it, accept it and put the family on the waiting list
with a date → the parent, on another device with no account, sees the status and the expected
wait with their reference and a one-time code sent to them → the provider starts the support
and closes it with an outcome → the parent sees it has finished.

One expected wait: the same figure for the service on the results card, the service page, the
check and confirmation pages, the family's request page and the provider's request and service
pages. A late start: the provider's page flags it overdue and the family's page says what
happens next.

axe-core (WCAG 2.2 AA) runs on every page of it, and each page is kept as a screenshot
(test-output/screenshots/referral-*.png).
"""

import re
import secrets
import time
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import (
    _block_outside_world,
    assert_accessible,
    manage,
    record_figure,
    screenshot,
)

pytestmark = pytest.mark.browser

SERVICE = "Incredible Years toddler group (ages 1 to 3)"
REFERENCE = re.compile(r"FH-[A-Z0-9]{4}-[A-Z0-9]{4}")
DONE = ".govuk-notification-banner--success"
WAIT = re.compile(r"Support is likely to start within about (\d+) weeks?\.")

# The family (fictional: example.org, Ofcom drama phone range).
PARENT_FIRST, PARENT_LAST = "Niamh", "Brennan"
CHILD_FIRST, CHILD_LAST = "Orla", "Brennan"
FAMILY_EMAIL = "niamh.brennan@example.org"
WORRIES = "Orla has long tantrums at bedtime and I do not know how to calm her."

CREATE_PROVIDER = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile, Role
from familyhub.directory.models import Service

service = Service.objects.select_related("organisation").get(name=os.environ["JOURNEY_SERVICE"])
user = get_user_model().objects.create_user(
    username=os.environ["JOURNEY_USERNAME"], email=os.environ["JOURNEY_USERNAME"],
    password=os.environ["JOURNEY_PASSWORD"], first_name="Rosa", last_name="Fielding",
)
Profile.objects.create(user=user, role=Role.PROVIDER, organisation=service.organisation)
TOTPDevice.objects.create(
    user=user, name="Authenticator app", key=os.environ["JOURNEY_TOTP_KEY"], confirmed=True
)
print(service.organisation.name)
"""


@dataclass(frozen=True)
class Staff:
    username: str
    password: str
    totp_key: str
    organisation: str

    def code(self) -> str:
        """The code the person's authenticator app shows now."""
        return f"{totp(bytes.fromhex(self.totp_key), step=30, digits=6):06d}"


@pytest.fixture(scope="module")
def provider(site, site_setup) -> Staff:
    """Provider staff of the service's organisation, with a confirmed authenticator app whose
    key the test knows (as their phone would)."""
    username = f"rosa.fielding.{secrets.token_hex(3)}@example.org"
    password = f"Journey-{secrets.token_urlsafe(12)}"
    key = secrets.token_hex(20)
    env = {
        **site_setup.env,
        "JOURNEY_SERVICE": SERVICE,
        "JOURNEY_USERNAME": username,
        "JOURNEY_PASSWORD": password,
        "JOURNEY_TOTP_KEY": key,
    }
    organisation = manage(env, "shell", "-c", CREATE_PROVIDER).strip().splitlines()[-1]
    return Staff(username, password, key, organisation)


@pytest.fixture
def device(chromium, site):
    """device() opens a page in a fresh browser context: its own cookies, as another phone or
    computer would have. All are closed at the end."""
    made = []

    def new_context():
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
        _block_outside_world(context, site)
        made.append(context)
        return context.new_page()

    yield new_context
    for context in made:
        context.close()


def checked(page, label, name):
    """Every page of the journey: axe-core finds nothing at WCAG 2.2 AA; keep a screenshot."""
    assert_accessible(page, label)
    screenshot(page, f"referral-{name}")


def messages_about(outbox, reference, kind) -> list[str]:
    """The messages of this kind about this request that the product has sent (as files)."""
    return [
        path.read_text()
        for path in sorted(outbox.glob(f"*-{kind}-*.txt"))
        if f"Reference: {reference}\n" in path.read_text()
    ]


MAKE_LATE = """
import os
from datetime import timedelta
from django.utils import timezone
from familyhub.referrals.models import SupportRequest
SupportRequest.objects.filter(reference=os.environ["JOURNEY_REFERENCE"]).update(
    expected_start=timezone.localdate() - timedelta(days=2)
)
"""


def wait_figure(locator) -> str:
    """The one expected wait shown in this part of a page, in weeks."""
    figures = locator.locator(".fh-wait[data-wait-weeks]")
    expect(figures.first).to_be_visible()
    values = {figures.nth(n).get_attribute("data-wait-weeks") for n in range(figures.count())}
    assert len(values) == 1, values
    return values.pop()


def test_parent_asks_provider_waitlists_parent_tracks_provider_closes(
    device, provider, outbox, site_setup
):
    started = time.monotonic()
    born = date.today().replace(day=1) - timedelta(days=2 * 365)  # a two-year-old
    expected_start = date.today() + timedelta(days=42)

    # --- 1. The parent finds the service and asks it for support ---------------------------
    parent = device()
    parent.goto("/")
    checked(parent, "start page", "01-start")
    parent.get_by_label("What would you like help with?").fill("Incredible Years toddler")
    parent.get_by_label("Your postcode (optional)").fill("ME4 4TR")
    parent.get_by_role("button", name="Search").click()
    expect(parent.locator("#results h2").first).to_contain_text("services found")
    checked(parent, "results", "02-results")
    card = parent.locator(".fh-result", has=parent.locator("h3 a", has_text=SERVICE))
    weeks = wait_figure(card)
    expect(card.locator(".fh-wait")).to_have_text(f"About {weeks} week" + "s" * (weeks != "1"))
    parent.locator(".fh-result h3 a", has_text=SERVICE).click()

    expect(parent.locator("h1")).to_have_text(SERVICE)
    expect(parent.get_by_text(provider.organisation).first).to_be_visible()
    assert wait_figure(parent.locator("main")) == weeks, "service page and card disagree"
    service_path = urlparse(parent.url).path  # /services/<id>/
    checked(parent, "service page", "03-service")
    parent.get_by_role("button", name="Ask for support from this service").click()

    # Safeguarding comes first.
    expect(parent.locator("h1")).to_have_text(
        "Is a child in danger or at risk of being harmed right now?"
    )
    expect(parent.get_by_text("If a child is in danger now, call 999")).to_be_visible()
    expect(parent.locator(".govuk-caption-l")).to_have_text(SERVICE)
    checked(parent, "request: safety", "04-safety")
    parent.get_by_label("No", exact=True).check()
    parent.get_by_role("button", name="Continue").click()

    expect(parent.locator("h1")).to_have_text("Sharing your information")
    expect(parent.get_by_text(f"shared with {SERVICE} ({provider.organisation})")).to_be_visible()
    checked(parent, "request: consent", "05-consent")
    parent.get_by_label("I agree to share this information to get support").check()
    parent.get_by_label("Your full name").fill(f"{PARENT_FIRST} {PARENT_LAST}")
    parent.get_by_role("button", name="Continue").click()

    expect(parent.locator("h1")).to_have_text("About you")
    checked(parent, "request: family", "06-family")
    parent.get_by_label("First name").fill(PARENT_FIRST)
    parent.get_by_label("Last name").fill(PARENT_LAST)
    parent.get_by_label("Mother", exact=True).check()
    parent.get_by_label("Postcode").fill("ME4")  # a mistake: only half a postcode
    parent.get_by_label("Languages spoken at home (optional)").fill("English and Irish")
    parent.get_by_role("group", name="Would an interpreter help?").get_by_label("No").check()
    parent.get_by_label("Anything that would make it easier").fill("Step-free access, please.")
    parent.get_by_role("button", name="Continue").click()

    # The mistake is explained, and everything typed is still there.
    summary = parent.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter the full postcode, like ME4 4TR")
    assert parent.title().startswith("Error:")
    expect(parent.locator("h1")).to_have_text("About you")
    expect(parent.get_by_label("First name")).to_have_value(PARENT_FIRST)
    expect(parent.get_by_label("Last name")).to_have_value(PARENT_LAST)
    expect(parent.get_by_label("Mother", exact=True)).to_be_checked()
    expect(parent.get_by_label("Postcode")).to_have_value("ME4")
    expect(parent.get_by_label("Languages spoken at home (optional)")).to_have_value(
        "English and Irish"
    )
    expect(
        parent.get_by_role("group", name="Would an interpreter help?").get_by_label("No")
    ).to_be_checked()
    expect(parent.get_by_label("Anything that would make it easier")).to_have_value(
        "Step-free access, please."
    )
    checked(parent, "request: family, with an error", "07-family-error")
    summary.get_by_role("link", name="Enter the full postcode, like ME4 4TR").click()
    expect(parent.get_by_label("Postcode")).to_be_focused()
    parent.get_by_label("Postcode").fill("ME4 4TR")
    parent.get_by_role("button", name="Continue").click()

    expect(parent.locator("h1")).to_have_text("Which children is this about?")
    checked(parent, "request: children", "08-children")
    child = parent.get_by_role("group", name="Child 1")
    child.get_by_label("First name").fill(CHILD_FIRST)
    child.get_by_label("Last name").fill(CHILD_LAST)
    born_on = child.get_by_role("group", name="Date of birth")
    born_on.get_by_label("Day").fill(str(born.day))
    born_on.get_by_label("Month").fill(str(born.month))
    born_on.get_by_label("Year").fill(str(born.year))
    born_on.get_by_label("Year").press("Enter")  # Enter continues; it does not add a child

    expect(parent.locator("h1")).to_have_text("What would you like help with?")
    checked(parent, "request: worries", "09-worries")
    parent.get_by_label("What is worrying you, or what would you like help with?").fill(WORRIES)
    parent.get_by_label("What have you tried already? (optional)").fill("A sticker chart.")
    parent.get_by_label("What would help most? (optional)").fill("Ideas for calmer evenings.")
    parent.get_by_role("button", name="Continue").click()

    expect(parent.locator("h1")).to_have_text("How to contact you safely")
    checked(parent, "request: contact", "10-contact")
    parent.get_by_label("Email address (optional)").fill(FAMILY_EMAIL)
    parent.get_by_label("Phone number (optional)").fill("07700 900 982")
    parent.get_by_role("group", name="How would you like to be contacted?").get_by_label(
        "Email"
    ).check()
    safe = parent.get_by_role("group", name="Which of these is safe for us to do?")
    safe.get_by_label("Send you an email").check()
    safe.get_by_label("Phone you").check()
    parent.get_by_label("When is it safe to contact you? (optional)").fill("Weekdays after 10am")
    parent.get_by_role("button", name="Continue").click()

    expect(parent.locator("h1")).to_have_text("Check your answers before sending")
    answers = parent.locator(".govuk-summary-list")
    expect(answers).to_contain_text(f"{PARENT_FIRST} {PARENT_LAST} (Mother)")
    expect(answers).to_contain_text("ME4 4TR")
    expect(answers).to_contain_text(f"{CHILD_FIRST} {CHILD_LAST}, born {born.day} {born:%B %Y}")
    expect(answers).to_contain_text(WORRIES)
    expect(answers).to_contain_text(FAMILY_EMAIL)
    expect(answers).to_contain_text("Weekdays after 10am")
    expect(parent.get_by_role("heading", name="How long it may take")).to_be_visible()
    wait_before = WAIT.search(parent.locator("main").inner_text())
    assert wait_before, "the check-your-answers page gives no expected wait"
    assert wait_before.group(1) == wait_figure(parent.locator("main")) == weeks
    checked(parent, "request: check your answers", "11-check")
    parent.get_by_role("button", name="Send request").click()

    expect(parent.locator("h1")).to_have_text("Request sent")
    reference = parent.locator(".govuk-panel__body strong").inner_text()
    assert REFERENCE.fullmatch(reference), reference
    sent_text = parent.locator("main").inner_text()
    assert f"{SERVICE} will read the request and decide by" in sent_text
    wait_sent = WAIT.search(sent_text)
    assert wait_sent and wait_sent.group(1) == wait_before.group(1), sent_text
    assert wait_figure(parent.locator("main")) == weeks
    checked(parent, "request sent", "12-sent")

    # The family and the service were told, by reference and link only: no names, no worries.
    told_family = messages_about(outbox, reference, "request_sent")
    assert len(told_family) == 1 and "(email)" in told_family[0]
    told_service = messages_about(outbox, reference, "new_request")
    assert len(told_service) == 1
    for text in told_family + told_service:
        assert CHILD_FIRST not in text and PARENT_LAST not in text and "tantrums" not in text

    # In the same browser, the family can see where it is straight away.
    parent.get_by_role("link", name="See where your request is").click()
    expect(parent.locator("#status")).to_have_text("Sent")
    expect(parent.locator("#status-text")).to_contain_text(f"{SERVICE} has your request.")
    assert wait_figure(parent.locator("#expected-wait")) == weeks
    checked(parent, "family: request just sent", "13-family-sent")

    # --- 2. The provider signs in (password, then authenticator code) and decides ------------
    staff = device()
    staff.goto("/staff/requests/")
    expect(staff.locator("h1")).to_have_text("Sign in")
    checked(staff, "staff: sign in", "14-sign-in")
    staff.get_by_label("Email address or username").fill(provider.username)
    staff.get_by_label("Password").fill(provider.password)
    staff.get_by_role("button", name="Sign in").click()

    expect(staff.locator("h1")).to_have_text("Confirm it is you")
    assert "/accounts/two-factor/" in staff.url
    checked(staff, "staff: two-factor", "15-two-factor")
    staff.get_by_label("Code from your authenticator app").fill(provider.code())
    staff.get_by_role("button", name="Continue").click()

    expect(staff.locator("h1")).to_have_text("Requests for support")
    row = staff.locator("tr", has=staff.get_by_role("link", name=reference))
    expect(row).to_contain_text(SERVICE)
    expect(row).to_contain_text(CHILD_FIRST)
    expect(row.locator(".govuk-tag")).to_have_text("New")
    checked(staff, "staff: inbox", "16-inbox")
    row.get_by_role("link", name=reference).click()

    expect(staff.locator("h1")).to_have_text(SERVICE)
    expect(staff.locator("#current-status .govuk-tag")).to_have_text("New")
    expect(staff.get_by_text(WORRIES)).to_be_visible()
    assert wait_figure(staff.locator("#expected-wait")) == weeks
    expect(staff.locator("#expected-wait")).to_contain_text("We show families the longer")
    checked(staff, "staff: new request", "17-staff-new")
    request_url = staff.url

    # The provider's own page for the service gives the same figure, and the rule.
    staff.goto(service_path.replace("/services/", "/staff/services/"))
    expect(staff.locator("h1")).to_have_text(SERVICE)
    assert wait_figure(staff.locator("#expected-wait")) == weeks
    expect(staff.get_by_text("We show families the longer")).to_be_visible()
    checked(staff, "staff: the service and its expected wait", "17b-staff-service")
    staff.goto(request_url)

    # Accepting is open straight from "Sent"; marking it received first is what a provider
    # does on opening it, and the family's history shows both.
    staff.get_by_role("button", name="Mark as received").click()
    expect(staff.locator(DONE)).to_contain_text(f"{reference} marked as received.")
    expect(staff.locator("#current-status .govuk-tag")).to_have_text("Received")
    checked(staff, "staff: received", "18-staff-received")

    staff.get_by_role("button", name="Accept").click()
    expect(staff.locator(DONE)).to_contain_text(f"{reference} accepted. The family has been told.")
    expect(staff.locator("#current-status .govuk-tag")).to_have_text("Accepted")
    checked(staff, "staff: accepted", "19-staff-accepted")

    staff.get_by_role("button", name="Add to the waiting list").click()
    expect(staff.locator("h1")).to_have_text("Add this family to the waiting list")
    checked(staff, "staff: waiting list form", "20-waitlist-form")
    when = staff.get_by_role("group", name="When is support expected to start?")
    when.get_by_label("Day").fill(str(expected_start.day))
    when.get_by_label("Month").fill(str(expected_start.month))
    when.get_by_label("Year").fill(str(expected_start.year))
    staff.get_by_role("button", name="Add to the waiting list").click()

    expect(staff.locator(DONE)).to_contain_text(
        f"{reference} added to the waiting list. The family has been told."
    )
    expect(staff.locator("#current-status .govuk-tag")).to_have_text("Waiting list")
    expected_row = staff.locator(".govuk-summary-list__row", has_text="Expected start")
    expect(expected_row).to_contain_text(f"{expected_start.day} {expected_start:%B %Y}")
    checked(staff, "staff: on the waiting list", "21-staff-waitlisted")
    assert len(messages_about(outbox, reference, "request_updated")) == 2  # accepted, waiting

    # --- 3. The parent, on another device, sees the status and the expected wait -------------
    family = device()
    family.goto("/track/")
    expect(family.locator("h1")).to_have_text("See where your request is")
    checked(family, "family: track", "22-track")
    family.get_by_label("Your reference").fill(reference.lower())  # typed as they like
    family.get_by_role("button", name="Send me a code").click()

    expect(family.locator("h1")).to_have_text("Enter your code")
    checked(family, "family: enter code", "23-track-code")
    # A code is never sent inside the page's request (how long that takes would show whether
    # the reference is real): the outbox's worker sends it.
    manage(site_setup.env, "send_notifications")
    codes = messages_about(outbox, reference, "tracking_code")
    assert len(codes) == 1 and "(email)" in codes[0], codes
    code = re.search(r"is:\s+(\d{6})\s", codes[0]).group(1)
    family.get_by_label("The 6-digit code we sent you").fill(code)
    family.get_by_role("button", name="Continue").click()

    expect(family.locator("h1")).to_have_text(SERVICE)
    expect(family.locator(".govuk-caption-l")).to_have_text(f"Reference {reference}")
    expect(family.locator("#status")).to_have_text("On the waiting list")
    expect(family.locator("#status-text")).to_have_text(
        "You are on the waiting list. Support should start around "
        f"{expected_start.day} {expected_start:%B %Y}."
    )
    history = family.locator("ol li")
    expect(history).to_have_count(4)
    for step, status in enumerate(["Sent", "Received", "Accepted", "On the waiting list"]):
        expect(history.nth(step)).to_contain_text(status)
    expect(family.get_by_role("button", name="Withdraw this request")).to_be_visible()
    checked(family, "family: on the waiting list", "24-family-waitlisted")

    # --- 3b. The expected start passes: flagged to the provider; the family told what next ----
    manage({**site_setup.env, "JOURNEY_REFERENCE": reference}, "shell", "-c", MAKE_LATE)
    late_start = date.today() - timedelta(days=2)
    family.reload()
    expect(family.locator("#status-text")).to_have_text(
        f"{SERVICE} expected support to start by {late_start.day} {late_start:%B %Y}. "
        "It has not started yet, so we are asking them to update you."
    )
    expect(family.locator("#what-next")).to_contain_text("If you have not heard from them")
    checked(family, "family: support late to start", "24b-family-late")
    staff.reload()
    expected_row = staff.locator(".govuk-summary-list__row", has_text="Expected start")
    expect(expected_row.locator(".govuk-tag--red")).to_have_text("Overdue")
    checked(staff, "staff: support late to start", "24c-staff-late")
    staff.get_by_role("link", name="Back to requests").click()
    row = staff.locator("tr", has=staff.get_by_role("link", name=reference))
    expect(row).to_contain_text("Not started by the expected date")
    checked(staff, "staff: inbox with a late start", "24d-inbox-late")
    row.get_by_role("link", name=reference).click()

    # --- 4. The provider starts the support, then closes it with an outcome ------------------
    # Closing is open from the waiting list too; the support starting first is the real story.
    staff.get_by_role("button", name="Support has started").click()
    expect(staff.locator(DONE)).to_contain_text(f"Support has started for {reference}.")
    expect(staff.locator("#current-status .govuk-tag")).to_have_text("In progress")
    checked(staff, "staff: in progress", "25-staff-in-progress")

    staff.get_by_role("button", name="Close with an outcome").click()
    expect(staff.locator("h1")).to_have_text("Close this request with an outcome")
    checked(staff, "staff: close form", "26-close-form")
    staff.get_by_role("group", name="What was the outcome?").get_by_label(
        "Needs met", exact=True
    ).check()
    staff.get_by_label("Note (optional)").fill("Finished the 10-week group.")
    staff.get_by_role("button", name="Close with an outcome").click()

    expect(staff.locator(DONE)).to_contain_text(f"{reference} closed.")
    expect(staff.locator("#current-status .govuk-tag")).to_have_text("Closed")
    outcome = staff.locator(".govuk-summary-list__row", has_text="Outcome")
    expect(outcome).to_contain_text("Needs met")
    expect(staff.get_by_text("There is nothing for you to do on this request now.")).to_be_visible()
    checked(staff, "staff: closed", "27-staff-closed")

    # --- 5. The parent sees it has finished -------------------------------------------------
    family.reload()
    expect(family.locator("#status")).to_have_text("Finished")
    expect(family.locator("#status-text")).to_have_text("This support has finished.")
    expect(family.locator("ol li").last).to_contain_text("Finished")
    expect(family.get_by_role("button", name="Withdraw this request")).to_have_count(0)
    expect(family.get_by_text("Finished the 10-week group.")).to_have_count(0)  # staff's note
    checked(family, "family: finished", "28-family-closed")

    record_figure("referral_journey_seconds", round(time.monotonic() - started, 1))
