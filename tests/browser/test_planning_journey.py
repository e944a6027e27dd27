"""The delivery plan in real Chromium, against the product as served in production (gunicorn,
DEBUG off, staff two-factor on): an action lead records progress with JavaScript off → the
rating changes by the rule (amber, no update for months → green) → the board member's report
for the priority shows it now and at the last review, and downloads as a PDF → the strategy
lead publishes a "You said, we did" → it appears on the public page, in English and Polish.
axe-core on every page; nothing scrolls sideways at 320 px."""

import secrets
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

MAKE_PLAN = """
import os
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Organisation
from familyhub.planning import actions
from familyhub.planning.models import Group, Priority, Strategy

prefix, password = os.environ["PJ_PREFIX"], os.environ["PJ_PASSWORD"]
organisation = Organisation.objects.get(name="Medway Family Hubs")
people = {}
for role in ("provider", "board_member", "strategy_lead"):
    username = f"{prefix}{role}@example.org"
    user = get_user_model().objects.create_user(
        username=username, email=username, password=password, first_name=role.title(),
        last_name="Journey")
    Profile.objects.create(user=user, role=role, organisation=organisation)
    TOTPDevice.objects.create(user=user, name="Authenticator app",
                              key=os.environ["PJ_KEY_" + role], confirmed=True)
    people[role] = user
today = timezone.localdate()
strategy = Strategy.objects.create(name=prefix + " Parenting Support Strategy", period="2021–25")
priority = Priority.objects.create(
    strategy=strategy, number=1, title="Engagement",
    aim="Coproduce the Medway Parenting Support Strategy and action plan with parents")
action = actions.create_action(
    priority, by=people["strategy_lead"], reference=prefix.upper().replace("-", "") + "-1",
    title="Set up a parent forum in each locality", lead=people["provider"],
    organisation=organisation, lead_role="Family Hubs Manager",
    start=today - timedelta(days=100), deadline=today + timedelta(days=200))
board = Group.objects.create(name="Early Help Partnership Board", kind="board")
actions.record_review(board, held_on=today - timedelta(days=1))
print(priority.pk, action.pk, action.reference, action.rag)
"""


@pytest.fixture(scope="module")
def plan(site, site_setup):
    prefix = f"pj-{secrets.token_hex(3)}-"
    password = f"Journey-{secrets.token_urlsafe(12)}"
    keys = {role: secrets.token_hex(20) for role in ("provider", "board_member", "strategy_lead")}
    env = {
        **site_setup.env,
        "PJ_PREFIX": prefix,
        "PJ_PASSWORD": password,
        **{f"PJ_KEY_{role}": key for role, key in keys.items()},
    }
    out = manage(env, "shell", "-c", MAKE_PLAN).strip().splitlines()[-1].split()
    priority_id, action_id, reference, rag = out
    assert rag == "amber"  # no update for 100 days: amber by the rule
    return {
        "prefix": prefix,
        "password": password,
        "keys": keys,
        "priority_id": priority_id,
        "action_id": action_id,
        "reference": reference,
    }


def _signed_in(chromium, site, plan, role, first_page, **context_options):
    options = {"viewport": {"width": 1280, "height": 900}, "base_url": site} | context_options
    context = chromium.new_context(**options)
    page = context.new_page()
    sign_in_staff(
        page,
        f"{plan['prefix']}{role}@example.org",
        plan["password"],
        plan["keys"][role],
        first_page,
    )
    page.wait_for_url(lambda url: urlparse(url).path == first_page)
    return context, page


def test_progress_changes_the_rating_the_report_shows_it_and_parents_see_what_we_did(
    chromium, site, plan
):
    # The action lead, with JavaScript off, records progress from their own list.
    lead, page = _signed_in(
        chromium, site, plan, "provider", "/staff/plan/my-actions/", java_script_enabled=False
    )
    page.get_by_role("link", name=plan["reference"]).click()
    expect(page.locator("#rating")).to_contain_text("Amber")
    page.get_by_role("link", name="Record progress").click()
    page.get_by_role("button", name="Record progress").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say what has been done since the last update"
    )
    page.get_by_label("What has been done since the last update?").fill(
        "Forums now meet in Chatham, Gillingham and Strood."
    )
    page.get_by_label("Evidence (a link, or where it is kept)").fill("Forum notes, November")
    page.get_by_label("How much of the action is done, as a percentage?").fill("50")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The rating is now Green"
    )
    expect(page.locator("#rating")).to_contain_text("Green")
    lead.close()

    # The board member's report for the priority: green now, amber at the last review.
    board, page = _signed_in(
        chromium, site, plan, "board_member", f"/staff/plan/priorities/{plan['priority_id']}/"
    )
    card = page.locator(f"#action-{plan['reference']}")
    expect(card.locator(".rag-now")).to_contain_text("Green")
    expect(card).to_contain_text("Amber")
    expect(card).to_contain_text("Forums now meet in Chatham, Gillingham and Strood.")
    assert_accessible(page, "priority report")
    screenshot(page, "planning-priority-report")
    pdf = page.request.get(f"/staff/plan/priorities/{plan['priority_id']}/report.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    page.set_viewport_size({"width": 320, "height": 640})
    assert_no_sideways_scroll(page, "priority report at 320 px")
    page.goto("/staff/plan/")
    assert_no_sideways_scroll(page, "delivery plan at 320 px")
    assert_accessible(page, "delivery plan")
    board.close()

    # The strategy lead publishes what changed because of what parents said.
    strategy, page = _signed_in(
        chromium, site, plan, "strategy_lead", "/staff/plan/co-production/you-said-we-did/new/"
    )
    assert_accessible(page, "you said, we did form")
    page.get_by_label("You said", exact=True).fill("You wanted a parent forum near where you live.")
    page.get_by_label("We did", exact=True).fill("Forums now meet in three more towns.")
    page.get_by_label("Date").fill("1 11 2026")
    page.get_by_label(f"{plan['reference']} Set up a parent forum in each locality").check()
    page.get_by_role("button", name="Publish it").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Published")
    strategy.close()

    # The public page, without signing in and without JavaScript, then with it for axe-core.
    public = chromium.new_context(
        viewport={"width": 320, "height": 640}, base_url=site, java_script_enabled=False
    )
    page = public.new_page()
    page.goto("/")
    page.get_by_role("link", name="You said, we did").click()
    expect(page.locator("main")).to_contain_text("You wanted a parent forum near where you live.")
    expect(page.locator("main")).to_contain_text("Set up a parent forum in each locality")
    page.goto("/pl/you-said-we-did/")
    expect(page.locator("h1")).to_have_text("Powiedzieliście, zrobiliśmy")
    public.close()
    checked = chromium.new_context(viewport={"width": 320, "height": 640}, base_url=site)
    page = checked.new_page()
    for path in (
        "/you-said-we-did/",
        "/our-plan/",
        "/parents-charter/",
        "/parents-charter/tell-us/",
        "/pl/parents-charter/",
    ):
        page.goto(path)
        assert_accessible(page, path)
        assert_no_sideways_scroll(page, f"{path} at 320 px")
    expect(page.locator("main")).not_to_contain_text("Provider Journey")
    checked.close()
