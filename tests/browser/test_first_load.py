"""The first load on a phone: the first paint waits for the stylesheet alone (the enhancements'
script is fetched after it, the icon is in the page), nothing moves once the script runs (no
layout shift), and the script's own import is a hashed file (cached for a year), as production
serves it."""

import re

import pytest

pytestmark = pytest.mark.browser

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""


PUBLIC_PAGES = [
    "/",
    "/services/?q=sleep&postcode=ME4+4TR",
    "/check/",
    "/request/",
    "/information/",
    "/places/",
    "/local-offer/",
    "/pathways/",
    "/pl/",
]
# The enhancements have run: govuk-frontend marks each component it starts (every page has the
# skip link).
ENHANCED = "[data-govuk-skip-link-init]"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_phone_sees_no_layout_shift_when_the_script_runs(chromium, site, path):
    context = chromium.new_context(base_url=site, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(ENHANCED, state="attached")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert sum(shifts) < 0.01, shifts


FIRST_PAINT_AND_REQUESTS = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    paint: paint ? paint.startTime : null,
    requests: performance.getEntriesByType("resource").map((entry) => ({
      name: entry.name.split("/").pop(), start: entry.startTime,
    })),
  };
}"""


@pytest.mark.parametrize("path", ["/", "/services/?q=sleep&postcode=ME4+4TR", "/pl/"])
def test_the_first_paint_waits_for_the_stylesheet_alone_and_the_script_comes_after_it(
    chromium, site, path
):
    context = chromium.new_context(base_url=site, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(path)
    page.wait_for_selector(ENHANCED, state="attached")
    seen = page.evaluate(FIRST_PAINT_AND_REQUESTS)
    context.close()
    before_paint = [r["name"] for r in seen["requests"] if r["start"] < seen["paint"]]
    assert [re.sub(r"\.[0-9a-f]{12}\.", ".", name) for name in before_paint] == [
        "application.css"
    ], seen
    scripts = [r for r in seen["requests"] if re.search(r"\.m?js$", r["name"])]
    assert len(scripts) == 2 and all(r["start"] > seen["paint"] for r in scripts), seen


def test_with_javascript_off_the_page_is_styled_and_no_script_is_fetched(no_js_page):
    page = no_js_page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/")
    button = page.get_by_role("button", name="Search")
    # govuk-frontend 6's green button: the stylesheet has been applied.
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(15, 122, 82)"
    assert page.locator("link[rel=icon]").get_attribute("href").startswith("data:image/svg+xml,")
    assert not [url for url in requested if re.search(r"\.m?js$", url)], requested


def test_the_script_and_its_import_are_hashed_files_cached_for_a_year(page):
    responses = []
    page.on("response", lambda r: responses.append(r) if "/static/" in r.url else None)
    page.goto("/")
    page.wait_for_selector(ENHANCED, state="attached")
    page.wait_for_load_state("networkidle")
    scripts = [r for r in responses if re.search(r"\.(m?js)$", r.url)]
    assert {re.sub(r"\.[0-9a-f]{12}\.", ".", r.url.rsplit("/", 1)[1]) for r in scripts} == {
        "finder.mjs",
        "govuk-frontend.min.js",
    }
    for response in scripts:
        assert re.search(r"\.[0-9a-f]{12}\.m?js$", response.url), response.url
        assert "max-age=315360000" in response.headers["cache-control"], response.url
