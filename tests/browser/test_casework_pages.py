"""Early help casework pages in real Chromium against the product as served in production
(gunicorn, DEBUG off, staff two-factor on): every casework page, signed in as the lead
practitioner, the team manager, triage and the family, on a desktop and on a 320 px phone:
axe-core (WCAG 2.2 AA) finds nothing and nothing scrolls sideways. The case is made by the
real actions (opened from triage with consent, assessed, planned, reviewed)."""

import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_sideways_scroll,
    manage,
    screenshot,
    sign_in_staff,
)

pytestmark = pytest.mark.browser

MAKE_CASE = """
import os
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile, Role, Team
from familyhub.casework import actions, assessment, planning
from familyhub.casework.framework import Domain, OutcomeArea
from familyhub.casework.models import Plan
from familyhub.directory.models import Organisation
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft

prefix, password = os.environ["CW_PREFIX"], os.environ["CW_PASSWORD"]
organisation = Organisation.objects.get(name="Medway Council Early Help Service")
team = Team.objects.create(name="Early help team (browser)", organisation=organisation)
users = {}
for role in ("practitioner", "team_manager", "triage", "parent"):
    username = f"{prefix}{role}@example.org"
    users[role] = get_user_model().objects.create_user(
        username=username, email=username, password=password,
        first_name="Pat", last_name="Ellis-Worthington-Montgomery")
    Profile.objects.create(user=users[role], role=role,
                           organisation=None if role == "parent" else organisation,
                           team=team if role in ("practitioner", "team_manager") else None)
    if role != "parent":
        TOTPDevice.objects.create(user=users[role], name="Authenticator app",
                                  key=os.environ["CW_KEY_" + role], confirmed=True)

def triage_request(first):
    answers = {
        "who": "family", "safety": "no",
        "consent": {"given_by_name": "Bernadette Featherstonehaugh", "agreed": True},
        "parent": {"first_name": "Bernadette", "last_name": "Featherstonehaugh",
                   "relationship": "parent"},
        "postcode": "ME4 4TR",
        "children": [{"first_name": first, "last_name": "Featherstonehaugh",
                      "date_of_birth": "2019-05-04"},
                     {"first_name": "", "last_name": "", "due_date": "2027-04-01"}],
        "worries": "Supercalifragilisticexpialidocious-long-words-without-spaces " * 3,
        "would_help": "Someone to talk to about bedtimes.",
        "tried": "A sticker chart.",
        "contact": {"contact_email": "bernadette.featherstonehaugh@example.org",
                    "preferred_contact": "email", "safe_to_email": True},
    }
    return submit_draft(Draft.objects.create(service=None, answers=answers).id, by=None)

lead = users["practitioner"]
request = triage_request("Maximilian")
request.family.account_holders.add(users["parent"])
case = actions.open_case(family=request.family, by=users["triage"], opened_from="triage",
                         team=team, lead=lead, given_by_name="Bernadette Featherstonehaugh",
                         share_with="Health visiting", source_request=request)
actions.add_member(case.pk, by=lead, family_member=request.family.members.first(),
                   role_in_team="Parent")
draft = assessment.start(case, by=lead)
for finding in draft.findings.all():
    draft.refresh_from_db()
    assessment.tag_finding(draft.pk, finding.pk, by=lead, expected_version=draft.version,
                           domain=Domain.PARENTING_CAPACITY, outcome_area=OutcomeArea.HEALTH)
draft.refresh_from_db()
draft = assessment.save_words(draft.pk, by=lead, expected_version=draft.version,
                              family_words="Calmer nights.", analysis="Routine first.",
                              level_of_need="2", level_reason="One agency can lead.")
assessment.complete(draft.pk, by=lead, expected_version=draft.version)
plan = planning.plan_for(case)
goal = planning.add_goal(plan.pk, by=lead, expected_version=plan.version,
                         words="Maximilian-sleeps-in-his-own-bed-every-night-of-the-week",
                         needs=planning.needs_to_plan_for(case)[:1], start_score=2)
plan.refresh_from_db()
planning.add_action(plan.pk, goal.pk, by=lead, expected_version=plan.version,
                    what="use the routine sheet", who="Bernadette",
                    by_when=timezone.localdate() + timedelta(weeks=2))
plan = Plan.objects.get(pk=plan.pk)
planning.agree(plan.pk, by=lead, expected_version=plan.version)
actions.move_case(case.pk, "start_review", by=lead)
waiting = actions.open_case(family=triage_request("Wilhelmina").family, by=users["triage"],
                            opened_from="triage", team=team, given_by_name="Bernadette",
                            share_with="School")
print(case.reference, waiting.reference, triage_request("Octavia").reference)
"""


@dataclass(frozen=True)
class Setup:
    prefix: str
    password: str
    keys: dict
    case: str
    waiting: str
    triage_request: str


@pytest.fixture(scope="module")
def casework(site, site_setup) -> Setup:
    prefix = f"cw-{secrets.token_hex(3)}-"
    password = f"Casework-{secrets.token_urlsafe(12)}"
    keys = {role: secrets.token_hex(20) for role in ("practitioner", "team_manager", "triage")}
    env = {
        **site_setup.env,
        "CW_PREFIX": prefix,
        "CW_PASSWORD": password,
        **{f"CW_KEY_{role}": key for role, key in keys.items()},
    }
    case, waiting, request = manage(env, "shell", "-c", MAKE_CASE).strip().splitlines()[-1].split()
    return Setup(prefix, password, keys, case, waiting, request)


def _pages(setup: Setup) -> dict:
    case = f"/staff/cases/{setup.case}/"
    return {
        "practitioner": [
            "/staff/cases/",
            case,
            case + "assessment/",
            case + "plan/",
            case + "review/",
            case + "meeting/",
            case + "team/add/",
            case + "step_down/",
            case + "close/",
            case + "step_up/",
        ],
        "team_manager": [
            "/staff/cases/allocation/",
            "/staff/cases/supporting-families/",
            f"/staff/cases/{setup.waiting}/",
            f"/staff/cases/{setup.waiting}/allocate/",
        ],
        "triage": [f"/staff/early-help/from-request/{setup.triage_request}/"],
    }


def _sign_in(page, setup, role, first_page):
    username = f"{setup.prefix}{role}@example.org"
    if role == "parent":
        page.goto(f"/accounts/sign-in/?next={first_page}")
        page.get_by_label("Email address or username").fill(username)
        page.get_by_label("Password").fill(setup.password)
        page.get_by_role("button", name="Sign in").click()
    else:
        sign_in_staff(page, username, setup.password, setup.keys[role], next_page=first_page)
    page.wait_for_url(lambda url: urlparse(url).path == first_page)


# The innermost elements that stick out past the right edge (none inside a scrolling region).
WIDER_THAN_THE_SCREEN = """() => {
  const edge = document.documentElement.clientWidth;
  return [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > edge + 1 && !el.closest('.fh-table-scroll'))
    .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > edge + 1))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
      + `${Math.round(el.getBoundingClientRect().right)}px: ${el.textContent.trim().slice(0, 40)}`);
}"""
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 320, "height": 640}}


def test_every_casework_page_is_accessible_and_fits_a_phone(casework, chromium, site):
    """Each person signs in once (an authenticator code is good once), then every page is
    checked on a desktop and on a 320 px phone."""
    pages = {**_pages(casework), "parent": ["/my-family-plan/", "/pl/my-family-plan/"]}
    checked = 0
    for role, urls in pages.items():
        context = chromium.new_context(viewport=SIZES["desktop"], base_url=site)
        page = context.new_page()
        _sign_in(page, casework, role, urls[0])
        for viewport, size in SIZES.items():
            page.set_viewport_size(size)
            for url in urls:
                response = page.goto(url)
                assert response.status == 200, (role, url, response.status)
                assert_accessible(page, f"{url} ({viewport})")
                if viewport == "phone":
                    too_wide = page.evaluate(WIDER_THAN_THE_SCREEN)
                    assert not too_wide, f"{url}: wider than the screen: {too_wide}"
                    assert_no_sideways_scroll(page, url)
                checked += 1
            screenshot(page, f"casework-{role}-{viewport}")
        context.close()
    assert checked == 2 * sum(len(urls) for urls in pages.values())
