"""Early help, the whole way round, in real Chromium (axe-core needs JavaScript; every form is a
plain form post that needs none), against the product as
served in production (gunicorn, DEBUG off, staff two-factor on):

triage opens early help from a "not sure which service" request with the family's consent → the
team manager allocates a lead practitioner → the lead assesses the whole family (pre-filled from
the request; needs tagged with their headline outcome; level of need) → writes the plan with a
goal scored 3 and an action, agreed → the family signs in, sees the plan and comments on it → a
team meeting → a review where the family scores the goal 8 and decides to step down → the step
down names universal services from the directory → the family sees the plan has ended, and
where they can go. axe-core runs on every page of it.
"""

import secrets
from datetime import date
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, manage, screenshot, sign_in_staff

pytestmark = pytest.mark.browser

MAKE_PEOPLE = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile, Role, Team
from familyhub.directory.models import Organisation
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft

prefix, password = os.environ["CJ_PREFIX"], os.environ["CJ_PASSWORD"]
organisation = Organisation.objects.get(name="Medway Council Early Help Service")
team = Team.objects.create(name=prefix + "team", organisation=organisation)
for role in ("practitioner", "team_manager", "triage", "parent"):
    username = f"{prefix}{role}@example.org"
    user = get_user_model().objects.create_user(
        username=username, email=username, password=password, first_name=role.title(),
        last_name="Journey")
    Profile.objects.create(user=user, role=role,
                           organisation=None if role == "parent" else organisation,
                           team=team if role in ("practitioner", "team_manager") else None)
    if role == "parent":
        parent = user
    else:
        TOTPDevice.objects.create(user=user, name="Authenticator app",
                                  key=os.environ["CJ_KEY_" + role], confirmed=True)
answers = {
    "who": "family", "safety": "no",
    "consent": {"given_by_name": "Roisin Quigley", "agreed": True},
    "parent": {"first_name": "Roisin", "last_name": "Quigley", "relationship": "mother"},
    "postcode": "ME4 4TR",
    "children": [{"first_name": "Eoin", "last_name": "Quigley", "date_of_birth": "2020-02-02"}],
    "worries": "Eoin screams when it is time for bed and we are all exhausted.",
    "would_help": "Someone to help us with a bedtime routine.",
    "tried": "A bath and a story every night.",
    "contact": {"contact_email": "roisin.quigley@example.org", "preferred_contact": "email",
                "safe_to_email": True},
}
request = submit_draft(Draft.objects.create(service=None, answers=answers).id, by=None)
request.family.account_holders.add(parent)
print(request.reference)
"""


@pytest.fixture(scope="module")
def people(site, site_setup):
    prefix = f"cj-{secrets.token_hex(3)}-"
    password = f"Journey-{secrets.token_urlsafe(12)}"
    keys = {role: secrets.token_hex(20) for role in ("practitioner", "team_manager", "triage")}
    env = {
        **site_setup.env,
        "CJ_PREFIX": prefix,
        "CJ_PASSWORD": password,
        **{f"CJ_KEY_{role}": key for role, key in keys.items()},
    }
    reference = manage(env, "shell", "-c", MAKE_PEOPLE).strip().splitlines()[-1]
    return prefix, password, keys, reference


def _context(chromium, site):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=site)
    return context, context.new_page()


def _staff(chromium, site, people, role, first_page):
    prefix, password, keys, _reference = people
    context, page = _context(chromium, site)
    sign_in_staff(page, f"{prefix}{role}@example.org", password, keys[role], first_page)
    page.wait_for_url(lambda url: urlparse(url).path == first_page)
    return context, page


def _done(page, text):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)
    assert_accessible(page)


def test_early_help_the_whole_way_round(chromium, site, people):
    prefix, password, _keys, reference = people
    today = date.today()
    today_typed = f"{today.day} {today.month} {today.year}"

    # Triage opens early help from the request, with the family's consent.
    triage, page = _staff(chromium, site, people, "triage", f"/staff/requests/{reference}/")
    page.get_by_role("link", name="Open early help for this family").click()
    assert_accessible(page, "open early help")
    page.get_by_role("button", name="Open early help").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the family agreed")
    page.get_by_label("Who in the family gave consent?").fill("Roisin Quigley")
    page.get_by_label("The family agreed to a whole-family assessment").check()
    page.get_by_label("Which agencies did the family agree").fill("Health visiting; nursery")
    page.get_by_label("Which team will manage the case?").select_option(
        label=f"{prefix}team (Medway Council Early Help Service)"
    )
    page.get_by_role("button", name="Open early help").click()
    triage.close()

    # The team manager allocates a lead practitioner.
    manager, page = _staff(chromium, site, people, "team_manager", "/staff/cases/allocation/")
    assert_accessible(page, "allocation queue")
    page.locator(".govuk-summary-card__title a").first.click()
    case_path = urlparse(page.url).path
    page.get_by_role("link", name="Allocate the lead practitioner").click()
    page.get_by_label("A practitioner in the team").select_option(label="Practitioner Journey")
    page.get_by_role("button", name="Allocate").click()
    _done(page, "lead practitioner allocated")
    manager.close()

    # The lead assesses the whole family: pre-filled, each answer with its source.
    lead, page = _staff(chromium, site, people, "practitioner", case_path)
    page.get_by_role("link", name="Whole-family assessment").click()
    page.get_by_role("button", name="Start the assessment").click()
    _done(page, "Assessment started")
    expect(page.locator("body")).to_contain_text("Eoin screams when it is time for bed")
    expect(page.locator("body")).to_contain_text("From: Family record")
    # Each save reloads the page: wait for the form to go before reading the
    # next, or a slow page is read twice and a save lands on a stale page.
    tag_forms = page.locator("form:has(input[name=section][value=tag])")
    remaining = tag_forms.count()
    while remaining:
        form = tag_forms.first
        form.get_by_label("Domain").select_option(label="Parenting capacity")
        if form.get_by_label("Headline outcome (for a need)").count():
            form.get_by_label("Headline outcome (for a need)").select_option(
                label="Improved family relationships"
            )
        form.get_by_role("button").click()
        remaining -= 1
        expect(tag_forms).to_have_count(remaining)
    words = page.locator("form:has(input[name=section][value=words])")
    expect(words.get_by_label("The family's own words")).to_have_value(
        "Someone to help us with a bedtime routine."
    )
    words.get_by_label("Your analysis").fill("A warm family worn down by bedtimes.")
    words.get_by_label("Level 2: targeted early help").check()
    words.get_by_label("Why this level of need").fill("One need, one agency can lead.")
    words.get_by_role("button", name="Save").click()
    expect(page.locator("#still-to-do")).to_have_count(0)
    page.get_by_role("button", name="Complete the assessment").click()
    _done(page, "Assessment completed and locked")

    # The plan: a goal in the family's words, scored 3, with an action; agreed.
    page.goto(case_path + "plan/")
    page.get_by_label("The goal, in the family's own words").fill("Bedtime without tears")
    page.get_by_label("Eoin screams when it is time for bed").check()
    page.get_by_label("The family's score for this goal now").select_option("3")
    page.get_by_role("button", name="Add the goal").click()
    _done(page, "Goal added")
    page.get_by_text("Add an action to goal 1").click()
    page.get_by_label("What will be done").fill("try the routine chart")
    page.get_by_label("Who will do it").fill("Roisin")
    page.get_by_label("By when").fill(f"{today.day} {today.month} {today.year + 1}")
    page.get_by_role("button", name="Add the action").click()
    _done(page, "Action added")
    page.get_by_role("button", name="The family and I agreed the plan").click()
    _done(page, "Plan agreed")

    # The family signs in and sees its plan in plain words, and comments on it.
    family, family_page = _context(chromium, site)
    family_page.goto("/accounts/sign-in/?next=/my-family-plan/")
    family_page.get_by_label("Email address or username").fill(f"{prefix}parent@example.org")
    family_page.get_by_label("Password").fill(password)
    family_page.get_by_role("button", name="Sign in").click()
    family_page.wait_for_url(lambda url: urlparse(url).path == "/my-family-plan/")
    expect(family_page.locator("body")).to_contain_text("Your family plan is under way.")
    expect(family_page.locator("body")).to_contain_text("Bedtime without tears")
    assert_accessible(family_page, "the family's plan")
    family_page.get_by_label("Tell your lead practitioner something").fill("The chart helps.")
    family_page.get_by_role("button", name="Send your comment").click()
    _done(family_page, "Your lead practitioner will see it")

    # A team meeting, then a review: the family scores the goal 8; the review steps down.
    page.goto(case_path)
    expect(page.locator("body")).to_contain_text("The chart helps.")
    page.get_by_role("link", name="Record a team meeting").click()
    page.get_by_label("Date of the meeting").fill(today_typed)
    page.get_by_label("Who came").fill("Roisin, the lead, the health visitor")
    page.get_by_label("What was decided").fill("Keep the chart going.")
    page.get_by_role("button", name="Record the meeting").click()
    _done(page, "team meeting recorded")
    page.get_by_role("link", name="Start a review").click()
    page.get_by_role("button", name="Start a review").click()
    page.get_by_role("link", name="Record the review").click()
    assert_accessible(page, "review")
    page.get_by_label("Date of the review").fill(today_typed)
    page.get_by_label("The family's score now for").select_option("8")
    page.get_by_label("Step down to universal services").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step down to universal services")
    assert_accessible(page, "step down")
    page.locator("input[name=services]").first.check()
    service = (
        page.locator("input[name=services]")
        .first.evaluate("el => el.labels[0].textContent")
        .split(" (")[0]
    )
    page.get_by_label("Exit plan").fill("Stay and play at the family hub on Tuesdays.")
    page.get_by_role("button", name="Step down to universal services").click()
    _done(page, "stepped down")
    expect(page.locator("#case-status")).to_contain_text("Stepped down to universal services")
    screenshot(page, "casework-journey-stepped-down")
    lead.close()

    # The family sees the plan has ended, the score moved, and where they can go.
    family_page.goto("/my-family-plan/")
    body = family_page.locator("body")
    expect(body).to_contain_text("Your family plan has ended.")
    expect(body).to_contain_text("You scored it 3 out of 10 at the start. Now: 8 out of 10.")
    expect(body).to_contain_text(service)
    assert_accessible(family_page, "the family's ended plan")
    family.close()
