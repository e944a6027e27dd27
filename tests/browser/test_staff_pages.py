"""Staff pages on a 320 px phone, signed in as each staff role (two-factor on, as in production):
nothing scrolls sideways (wide tables scroll inside their own region) and axe-core finds nothing.
"""

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

# People for this module only (their own names and authenticator keys), and two requests: one
# to an Early Help service (the provider's inbox) and one "not sure which service" (triage).
MAKE_PEOPLE = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile, Role
from familyhub.directory.models import Organisation, Service
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft

organisation = Organisation.objects.get(name="Medway Council Early Help Service")
for role in ("provider", "triage", "data_manager"):
    username = os.environ["STAFF_PREFIX"] + role + "@example.org"
    user = get_user_model().objects.create_user(
        username=username, email=username, password=os.environ["STAFF_PASSWORD"],
        first_name="Pat", last_name="Ellis-Worthington-Montgomery",
    )
    Profile.objects.create(
        user=user, role=role, organisation=organisation if role != "data_manager" else None
    )
    TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=os.environ["STAFF_KEY_" + role], confirmed=True
    )
service = Service.objects.filter(organisation=organisation, status="active").first()
references = []
for chosen in (service, None):
    answers = {
        "who": "family", "safety": "no",
        "consent": {"given_by_name": "Bernadette Featherstonehaugh", "agreed": True},
        "parent": {"first_name": "Bernadette", "last_name": "Featherstonehaugh",
                   "relationship": "parent"},
        "postcode": "ME4 4TR",
        "children": [{"first_name": "Maximilian", "last_name": "Featherstonehaugh",
                      "date_of_birth": "2019-05-04"}],
        "worries": "Supercalifragilisticexpialidocious-long-words-without-spaces " * 3,
        "contact": {"contact_email": "bernadette.featherstonehaugh@example.org",
                    "preferred_contact": "email", "safe_to_email": True},
    }
    draft = Draft.objects.create(service=chosen, answers=answers)
    references.append(submit_draft(draft.id, by=None).reference)
print(service.id, *references)
"""


@dataclass(frozen=True)
class Staff:
    username: str
    password: str
    key: str


@dataclass(frozen=True)
class StaffSetup:
    people: dict
    service_id: str
    inbox_reference: str
    triage_reference: str


@pytest.fixture(scope="module")
def staff(site, site_setup) -> StaffSetup:
    prefix = f"staff-pages-{secrets.token_hex(3)}-"
    password = f"Staff-{secrets.token_urlsafe(12)}"
    keys = {role: secrets.token_hex(20) for role in ("provider", "triage", "data_manager")}
    env = {
        **site_setup.env,
        "STAFF_PREFIX": prefix,
        "STAFF_PASSWORD": password,
        **{f"STAFF_KEY_{role}": key for role, key in keys.items()},
    }
    service_id, inbox_reference, triage_reference = (
        manage(env, "shell", "-c", MAKE_PEOPLE).strip().splitlines()[-1].split()
    )
    people = {
        role: Staff(f"{prefix}{role}@example.org", password, key) for role, key in keys.items()
    }
    return StaffSetup(people, service_id, inbox_reference, triage_reference)


def sign_in(page, person: Staff, first_page: str):
    sign_in_staff(page, person.username, person.password, person.key, next_page=first_page)
    page.wait_for_url(lambda url: urlparse(url).path == first_page.split("?")[0])


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


def check_fits(page, path, label):
    page.goto(path)
    assert page.locator("h1").count() == 1, f"{label}: {page.url} has no heading (not found?)"
    too_wide = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert not too_wide, f"{label}: wider than the screen: {too_wide}"
    assert_no_sideways_scroll(page, label)
    assert_accessible(page, label)


def test_provider_and_triage_pages_fit_320px(phone_page, staff):
    sign_in(phone_page, staff.people["provider"], "/staff/requests/")
    check_fits(phone_page, "/staff/requests/", "inbox")
    assert phone_page.locator(".fh-table-scroll table").count() == 1
    screenshot(phone_page, "staff-inbox-320")
    check_fits(phone_page, f"/staff/requests/{staff.inbox_reference}/", "request (provider)")
    screenshot(phone_page, "staff-request-320")
    check_fits(phone_page, "/staff/services/", "services (provider)")
    phone_page.context.clear_cookies()

    sign_in(phone_page, staff.people["triage"], "/staff/triage/")
    check_fits(phone_page, "/staff/triage/", "triage")
    check_fits(phone_page, f"/staff/requests/{staff.triage_reference}/", "request (triage)")


def test_data_manager_pages_fit_320px(phone_page, staff):
    sign_in(phone_page, staff.people["data_manager"], "/staff/services/")
    service = f"/staff/services/{staff.service_id}/"
    for path, label in [
        ("/staff/services/", "services"),
        (service, "service"),
        (f"{service}history/", "service history"),
        ("/staff/changes/", "changes"),
        ("/staff/changes/?status=approved", "changes approved"),
        ("/staff/suggestions/", "suggestions"),
        ("/staff/data/", "data"),
        ("/staff/data/duplicates/", "duplicates"),
        ("/staff/map/", "map"),
        ("/staff/map/?need=feeding", "map for feeding"),
    ]:
        check_fits(phone_page, path, label)
    phone_page.goto("/staff/services/")
    assert phone_page.locator(".fh-table-scroll table").count() == 1
    screenshot(phone_page, "staff-services-320")
