"""The board's outcomes dashboard in a real browser, as in production (DEBUG off, staff confirm
an authenticator-app code): axe-core clean with every "by town and by ward" section open,
nothing scrolls sideways at 320 px (the tables scroll inside their own regions, the SVG charts
shrink to the screen), and the board report downloads as a PDF."""

import secrets

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, manage, screenshot
from tests.browser.test_staff_pages import WIDER_THAN_THE_SCREEN, Staff, sign_in

pytestmark = pytest.mark.browser

MAKE_BOARD_MEMBER_AND_FIGURES = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.outcomes import periods, refresh, synthetic

user = get_user_model().objects.create_user(
    username=os.environ["BOARD_USERNAME"], email=os.environ["BOARD_USERNAME"],
    password=os.environ["BOARD_PASSWORD"],
)
Profile.objects.create(user=user, role="board_member")
TOTPDevice.objects.create(user=user, name="Authenticator app", key=os.environ["BOARD_KEY"],
                          confirmed=True)
synthetic.make(families=120, requests=200, cases=50, answers=90, quarters=4, searches=40,
               drafts=10, seed=3)
refresh.refresh(quarters=periods.last(4))
"""


@pytest.fixture(scope="module")
def board_member(site, site_setup):
    person = Staff(
        f"board-{secrets.token_hex(3)}@example.org",
        f"Board-{secrets.token_urlsafe(12)}",
        secrets.token_hex(20),
    )
    env = {**site_setup.env, "BOARD_USERNAME": person.username,
           "BOARD_PASSWORD": person.password, "BOARD_KEY": person.key}  # fmt: skip
    manage(env, "shell", "-c", MAKE_BOARD_MEMBER_AND_FIGURES)
    return person


def test_the_dashboard_is_accessible_and_fits_320px(phone_page, board_member):
    sign_in(phone_page, board_member, "/staff/outcomes/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Outcomes for families")
    charts = phone_page.locator("svg[role='img']")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 15
    for summary in phone_page.locator("summary.govuk-details__summary").all():
        summary.click()
    expect(phone_page.locator("details[open]").first).to_be_visible()
    too_wide = phone_page.evaluate(WIDER_THAN_THE_SCREEN)
    assert not too_wide, f"wider than the screen: {too_wide}"
    assert_no_sideways_scroll(phone_page, "outcomes dashboard")
    assert_accessible(phone_page, "outcomes dashboard")
    screenshot(phone_page, "outcomes-dashboard-320")
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="Download the board report (PDF)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
