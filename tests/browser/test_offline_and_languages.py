"""Help for families offline, the Local Offer and a Romanian page in a real browser: axe-core
clean at WCAG 2.2 AA, nothing sideways at 320 px, and reached by links with JavaScript off."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll

pytestmark = pytest.mark.browser

PAGES = {
    "other-ways": "/other-ways-to-get-help/",
    "getting-online": "/getting-online/",
    "local-offer": "/local-offer/",
    "other-ways-romanian": "/ro/other-ways-to-get-help/",
    "start-romanian": "/ro/",
    "checker-romanian": "/ro/check/",
    "results-disclosure-romanian": "/ro/services/?q=so%C8%9Bul+meu+m%C4%83+bate",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_accessible_and_fits_a_320px_phone(phone_page, name):
    phone_page.goto(PAGES[name])
    assert_no_sideways_scroll(phone_page, name)
    assert_accessible(phone_page, name)


def test_a_family_finds_other_ways_to_get_help_from_any_page_without_javascript(no_js_page):
    no_js_page.goto("/services/?q=sleep")
    no_js_page.get_by_role("link", name="Other ways to get help").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Other ways to get help")
    expect(no_js_page.get_by_text("Chatham Family Hub")).to_be_visible()
    no_js_page.get_by_role("link", name="Find out about getting online").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Getting online")
    expect(no_js_page.get_by_role("link", name="Family device bank: a free laptop or tablet"))\
        .to_be_visible()  # fmt: skip


def test_a_romanian_reader_switches_language_and_reads_the_page_without_javascript(no_js_page):
    no_js_page.goto("/other-ways-to-get-help/")
    no_js_page.get_by_role("link", name="Română").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Alte moduri de a primi ajutor")
    expect(no_js_page.locator("html")).to_have_attribute("lang", "ro")


def test_the_local_offer_leads_to_a_service_with_its_questions(no_js_page):
    no_js_page.goto("/local-offer/")
    no_js_page.get_by_role("link", name="SEND advice line (SENDIASS)").click()
    expect(no_js_page.get_by_role("heading", name="Part of the SEND Local Offer")).to_be_visible()
