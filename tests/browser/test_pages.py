"""Every public page and state: axe-core clean at WCAG 2.2 AA, nothing scrolls sideways at
320 px, screenshots at phone and desktop widths, and the results page's first-load weight.
"""

import pytest

from tests.browser.conftest import (
    assert_accessible,
    assert_no_sideways_scroll,
    record_figure,
    screenshot,
)

pytestmark = pytest.mark.browser

RESULTS = "/services/?q=toddler+tantrums&postcode=ME4+4TR&age=2"
PUBLIC_PAGES = {
    "start": "/",
    "start-polish": "/pl/",
    "sign-in-polish": "/pl/accounts/sign-in/",
    "results": RESULTS,
    "results-no-match": "/services/?q=unicorn+grooming&postcode=ME3+9AA",
    "results-errors": "/services/?age=99&postcode=nowhere",
    "results-domestic-abuse": "/services/?need=domestic-abuse",
    "results-disclosure": "/services/?q=his+dad+hits+me&postcode=ME4+4TR",
    "results-disclosure-polish": "/pl/services/?q=m%C4%85%C5%BC+mnie+bije",
    "checker": "/check/",
    "shortlist-empty": "/shortlist/",
    "shortlist-print": "/shortlist/print/",
    "privacy": "/privacy/",
    "accessibility": "/accessibility/",
}


def _first_service_url(page):
    page.goto(RESULTS)
    return page.locator(".fh-result h3 a").first.get_attribute("href")


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_public_page_is_accessible_and_fits_a_320px_phone(phone_page, name):
    phone_page.goto(PUBLIC_PAGES[name])
    assert_no_sideways_scroll(phone_page, name)
    assert_accessible(phone_page, name)


def test_service_and_suggest_a_change_pages_are_accessible_at_320px(phone_page):
    url = _first_service_url(phone_page)
    for path in (url, url.split("?")[0] + "suggest-a-change/"):
        phone_page.goto(path)
        assert_no_sideways_scroll(phone_page, path)
        assert_accessible(phone_page, path)
    phone_page.get_by_role("button", name="Send suggestion").click()
    assert_accessible(phone_page, "suggest a change with errors")
    assert_no_sideways_scroll(phone_page, "suggest a change with errors")


@pytest.mark.parametrize("width,label", [(375, "phone"), (1280, "desktop")])
def test_screenshots_of_the_main_pages(chromium, site, width, label):
    context = chromium.new_context(viewport={"width": width, "height": 800}, base_url=site)
    page = context.new_page()
    page.goto("/")
    screenshot(page, f"start-{label}")
    page.goto(RESULTS)
    screenshot(page, f"results-{label}")
    page.goto(page.locator(".fh-result h3 a").first.get_attribute("href"))
    screenshot(page, f"service-{label}")
    page.goto("/check/")
    screenshot(page, f"checker-{label}")
    page.get_by_label("My child or children").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("How old is your child?").fill("3")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Sleep").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Where do you live?").fill("ME4 4TR")
    page.get_by_role("button", name="Show support for us").click()
    screenshot(page, f"checker-results-{label}")
    context.close()


def test_results_page_first_load_weighs_at_most_150kb(chromium, site):
    context = chromium.new_context(base_url=site)  # a new context: nothing cached
    page = context.new_page()
    page.goto(RESULTS, wait_until="load")
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          const files = performance.getEntriesByType('resource');
          return {page: nav.transferSize, files: files.map(f => [f.name, f.transferSize])};
        }"""
    )
    total = sizes["page"] + sum(size for _name, size in sizes["files"])
    record_figure(
        "results_page_first_load_bytes",
        {"total": total, "html": sizes["page"], "files": dict(sizes["files"])},
    )
    print(f"\nResults page first load: {total / 1024:.1f} KB transferred")
    assert len(sizes["files"]) >= 3  # stylesheet, scripts and icon were all counted
    assert total <= 150 * 1024, f"first load transferred {total} bytes"
    context.close()
