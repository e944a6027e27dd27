"""Workforce pages in real Chromium against the product as served in production: a data
manager imports a CSV of training with a wrong row (JavaScript off: the rows to correct are
listed, nothing saved), then a right one; the board's overview counts them by town; a provider
recruits a peer supporter. axe-core on each page, and none scrolls sideways at 320 px."""

import secrets

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_accessible,
    assert_no_sideways_scroll,
    manage,
    sign_in_staff,
)

pytestmark = pytest.mark.browser

SETUP = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from familyhub.accounts.models import Profile
from familyhub.directory.models import Organisation
from familyhub.workforce.models import Course

organisation = Organisation.objects.get(name="Medway Council Early Help Service")
Course.objects.get_or_create(code="wp-triple-p-4", defaults={"name": "Triple P", "level": "4",
                                                             "valid_for_months": 36})
for role in ("data_manager", "provider", "board_member", "practitioner"):
    username = os.environ["WP_PREFIX"] + role + "@example.org"
    user = get_user_model().objects.create_user(
        username=username, email=username, password=os.environ["WP_PASSWORD"],
        first_name=role.title(), last_name="Pages")
    Profile.objects.create(user=user, role=role,
                           organisation=None if role in ("data_manager", "board_member")
                           else organisation)
    TOTPDevice.objects.create(user=user, name="Authenticator app",
                              key=os.environ["WP_KEY_" + role], confirmed=True)
"""
ROLES = ("data_manager", "provider", "board_member", "practitioner")


@pytest.fixture(scope="module")
def people(site, site_setup):
    prefix = f"wp-{secrets.token_hex(3)}-"
    password = f"Pages-{secrets.token_urlsafe(12)}"
    keys = {role: secrets.token_hex(20) for role in ROLES}
    env = {**site_setup.env, "WP_PREFIX": prefix, "WP_PASSWORD": password,
           **{f"WP_KEY_{role}": key for role, key in keys.items()}}  # fmt: skip
    manage(env, "shell", "-c", SETUP)
    return prefix, password, keys


def checked(page, label):
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, label)
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert_no_sideways_scroll(page, f"{label} at 320 px")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_import_overview_and_peer_supporters(no_js_page, page, phone_page, people, tmp_path):
    prefix, password, keys = people
    staff = no_js_page
    sign_in_staff(staff, f"{prefix}data_manager@example.org", password, keys["data_manager"])
    staff.goto("/staff/workforce/training/import/")
    header = "email,course,date_trained,expires,certificate_reference,works_in\n"
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(
        header + f"{prefix}practitioner@example.org,wp-triple-p-4,2025-02-01,,,"
        "Chatham\nnobody@example.org,wp-triple-p-4,2025-02-01,,,Chatham\n"
    )
    staff.get_by_label("CSV file").set_input_files(str(wrong))
    staff.get_by_role("button", name="Import").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("No rows were saved")
    expect(staff.locator("main table")).to_contain_text("no member of staff has the email")
    right = tmp_path / "right.csv"
    right.write_text(
        header + f"{prefix}practitioner@example.org,wp-triple-p-4,2025-02-01,,,Chatham\n"
    )
    staff.get_by_label("CSV file").set_input_files(str(right))
    staff.get_by_role("button", name="Import").click()
    expect(staff.locator("[data-message]")).to_have_text("1 training record imported.")

    sign_in_staff(page, f"{prefix}board_member@example.org", password, keys["board_member"])
    page.goto("/staff/workforce/")
    chatham = page.locator("#by-town tr", has=page.locator("th", has_text="Chatham"))
    expect(chatham.locator("td").first).not_to_have_text("0")
    checked(page, "workforce overview")

    other = phone_page
    sign_in_staff(other, f"{prefix}provider@example.org", password, keys["provider"])
    other.goto("/staff/workforce/peer-supporters/add/")
    checked(other, "recruit a peer supporter")
    other.get_by_label("Name").fill("Bernie Foster")
    other.get_by_label("Town").select_option("Chatham")
    other.get_by_label("Recruited on").fill("2026-01-05")
    other.get_by_role("button", name="Save").click()
    expect(other.locator("h1")).to_have_text("Bernie Foster")
    checked(other, "peer supporter")
    other.goto("/staff/workforce/training/")
    checked(other, "training")
