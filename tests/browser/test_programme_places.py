"""A programme's groups take accepted requests, and the wait families are shown moves, in real
Chromium against the product as served in production:

the NVR group has a group starting in 2 weeks with one place and one starting in 8 weeks → the
finder's service page shows "About 2 weeks" → the provider accepts a family's request (with
JavaScript off: plain form posts) → the one waiting will take that place, so the service page
now shows "About 8 weeks" → on the group's page the provider gives the free place to the
accepted request → the group shows 1 of 1 taken, the family listed. axe-core runs on the group
and programme pages, and neither scrolls sideways at 320 px.
"""

import secrets

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

SETUP = """
import os
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Service
from familyhub.programmes import places
from familyhub.programmes.models import Programme
from familyhub.referrals.actions import submit_draft
from familyhub.referrals.models import Draft

service = Service.objects.get(name__startswith="NVR group")
for n in ("1", "2"):
    username = os.environ["PP_PREFIX"] + n + "@example.org"
    user = get_user_model().objects.create_user(
        username=username, email=username, password=os.environ["PP_PASSWORD"],
        first_name="Provider", last_name=n)
    Profile.objects.create(user=user, role="provider", organisation=service.organisation)
    TOTPDevice.objects.create(user=user, name="Authenticator app",
                              key=os.environ["PP_KEY_" + n], confirmed=True)
programme = Programme.objects.create(service=service, measure_name="Parent's confidence",
                                     measure_highest=10, higher_is_better=True)
today = timezone.localdate()
soon = places.create_group(programme, name="Thursday evenings, Rochester",
                           starts_on=today + timedelta(weeks=2), sessions=10, places=1,
                           online=True)
places.create_group(programme, name="Spring, online", starts_on=today + timedelta(weeks=8),
                    sessions=10, places=5, online=True)
answers = {
    "who": "family", "safety": "no",
    "consent": {"given_by_name": "Nadia Osei", "agreed": True},
    "parent": {"first_name": "Nadia", "last_name": "Osei", "relationship": "mother"},
    "postcode": "ME1 2AA",
    "children": [{"first_name": "Kofi", "last_name": "Osei", "date_of_birth": "2013-04-04"}],
    "worries": "Kofi shouts at me and slams doors when I say no.",
    "contact": {"contact_email": "nadia.osei@example.org", "preferred_contact": "email",
                "safe_to_email": True},
}
request = submit_draft(Draft.objects.create(service=service, answers=answers).id, by=None)
print(request.reference, service.pk, soon.pk, programme.pk)
"""


@pytest.fixture(scope="module")
def world(site, site_setup):
    prefix = f"pp-{secrets.token_hex(3)}-"
    password = f"Places-{secrets.token_urlsafe(12)}"
    keys = {n: secrets.token_hex(20) for n in ("1", "2")}
    env = {**site_setup.env, "PP_PREFIX": prefix, "PP_PASSWORD": password,
           **{f"PP_KEY_{n}": key for n, key in keys.items()}}  # fmt: skip
    reference, service_id, group_id, programme_id = (
        manage(env, "shell", "-c", SETUP).strip().splitlines()[-1].split()
    )
    return {"prefix": prefix, "password": password, "keys": keys, "reference": reference,
            "service": service_id, "group": group_id, "programme": programme_id}  # fmt: skip


def shown_wait(page, service_id) -> str:
    page.goto(f"/services/{service_id}/")
    figure = page.locator("main .fh-wait[data-wait-weeks]").first
    expect(figure).to_be_visible()
    return figure.get_attribute("data-wait-weeks")


def test_a_groups_places_fill_from_an_accepted_request_and_the_wait_moves(no_js_page, page, world):
    staff = no_js_page  # every step is a plain form post: no JavaScript needed
    assert shown_wait(staff, world["service"]) == "2"
    sign_in_staff(staff, world["prefix"] + "1@example.org", world["password"], world["keys"]["1"])
    staff.goto(f"/staff/requests/{world['reference']}/")
    staff.get_by_role("button", name="Accept").click()
    expect(staff.locator("#current-status .govuk-tag")).to_have_text("Accepted")
    # The one waiting takes the first group's only place: a new family would wait 8 weeks.
    assert shown_wait(staff, world["service"]) == "8"

    group_url = f"/staff/programmes/groups/{world['group']}/"
    staff.goto(group_url)
    expect(staff.locator("#group-places")).to_have_text("0 of 1 taken, 1 free")
    expect(staff.locator("main")).to_contain_text(world["reference"])
    staff.get_by_role("button", name="Give the free places to those waiting").click()
    expect(staff.locator("[data-message]")).to_have_text("1 place given.")
    expect(staff.locator("#group-places")).to_have_text("1 of 1 taken, 0 free")
    expect(staff.locator("#group-families")).to_contain_text(world["reference"])
    expect(staff.locator("#group-wait")).to_have_text("About 8 weeks")
    assert shown_wait(staff, world["service"]) == "8"

    # axe-core (needs JavaScript) and 320 px, as a colleague reading the same pages.
    sign_in_staff(page, world["prefix"] + "2@example.org", world["password"], world["keys"]["2"])
    for url, name in ((group_url, "group"),
                      (f"/staff/programmes/{world['programme']}/", "programme"),
                      ("/staff/programmes/", "programmes")):  # fmt: skip
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page, f"programmes: {name}")
        page.set_viewport_size({"width": 320, "height": 640})
        page.reload()
        assert_no_sideways_scroll(page, f"programmes: {name} at 320 px")
        screenshot(page, f"programmes-{name}-320")
    page.goto(f"/staff/programmes/{world['programme']}/")
    expect(page.locator("#programme-wait")).to_have_text("About 8 weeks")
