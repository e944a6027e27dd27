"""The first load on a phone: nothing moves once the script runs (no layout shift), and the
script's own import is a hashed file (cached for a year), as production serves it."""

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


@pytest.mark.parametrize("path", ["/", "/services/?q=sleep&postcode=ME4+4TR", "/check/", "/pl/"])
def test_a_phone_sees_no_layout_shift_when_the_script_runs(chromium, site, path):
    context = chromium.new_context(base_url=site, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    # The script has run: govuk-frontend marks each component it starts.
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert sum(shifts) < 0.01, shifts


def test_the_script_and_its_import_are_hashed_files_cached_for_a_year(page):
    responses = []
    page.on("response", lambda r: responses.append(r) if "/static/" in r.url else None)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    scripts = [r for r in responses if re.search(r"\.(m?js)$", r.url)]
    assert {re.sub(r"\.[0-9a-f]{12}\.", ".", r.url.rsplit("/", 1)[1]) for r in scripts} == {
        "finder.mjs",
        "govuk-frontend.min.js",
    }
    for response in scripts:
        assert re.search(r"\.[0-9a-f]{12}\.m?js$", response.url), response.url
        assert "max-age=315360000" in response.headers["cache-control"], response.url
