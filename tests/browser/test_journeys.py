"""The families' whole journey in real Chromium: search, filter, open a service, shortlist,
print view, checker to recommendations; keyboard only; JavaScript off; axe-core on each state.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, tab_to

pytestmark = pytest.mark.browser


def test_search_filter_open_a_service_shortlist_print_and_share(page, chromium, site):
    page.goto("/")
    assert_accessible(page, "start page")
    page.get_by_label("What would you like help with?").fill("toddler tantrums")
    page.get_by_label("Your postcode (optional)").fill("me4 4tr")
    page.get_by_label("Your child's age in years (optional)").fill("2")
    page.get_by_role("button", name="Search").click()

    heading = page.locator("#results h2").first
    expect(heading).to_contain_text("services found")
    expect(heading).to_contain_text("within 5 miles of ME4 4TR")
    all_count = int(re.search(r"(\d+) services? found", heading.inner_text()).group(1))
    assert all_count > 3
    assert_accessible(page, "results page")

    page.get_by_label("Free").check()
    page.get_by_label("No referral needed").check()
    page.get_by_role("button", name="Show results").click()
    filtered = int(re.search(r"(\d+) services? found", heading.inner_text()).group(1))
    assert 0 < filtered < all_count
    expect(page.get_by_label("Free")).to_be_checked()
    expect(page.get_by_label("What would you like help with?")).to_have_value("toddler tantrums")
    assert_accessible(page, "filtered results")

    first = page.locator(".fh-result h3 a").first
    name = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.get_by_role("link", name="Back to results")).to_be_visible()
    expect(page.get_by_role("heading", name="How to get it")).to_be_visible()
    assert_accessible(page, "service page")

    page.get_by_role("button", name="Add to shortlist").click()
    expect(page.get_by_role("alert")).to_contain_text(f"{name} is on your shortlist")
    page.get_by_role("link", name=re.compile("Your shortlist")).click()
    expect(page.locator(".fh-result h3")).to_have_text([name])
    assert_accessible(page, "shortlist")

    share_url = page.locator("#share-link").input_value()
    page.get_by_role("link", name="Printable version").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    assert_accessible(page, "print view")
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()

    # Someone else opens the shared link: they see the service, nothing about the sharer.
    other = chromium.new_context(base_url=site)
    shared = other.new_page()
    shared.goto(share_url)
    expect(shared.locator(".fh-result h3")).to_have_text([name])
    assert_accessible(shared, "shared shortlist")
    shared.get_by_role("button", name="Save these to my shortlist").click()
    expect(shared.locator(".fh-result h3")).to_have_text([name])
    other.close()


def test_checker_by_keyboard_only_to_recommendations(page):
    page.goto("/")
    tab_to(page, "a[href='/check/'].govuk-button")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Who is the help for?")
    expect(page.get_by_text("If a child is in danger now, call 999")).to_be_visible()
    assert_accessible(page, "checker: who")

    tab_to(page, "input[name=who]")  # Tab enters the radio group; arrows move within it
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=who][value=child]")).to_be_checked()
    page.keyboard.press("Enter")  # submits the form
    expect(page.locator("h1")).to_have_text("How old is your child?")
    tab_to(page, "#age")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("What is worrying you?")
    assert_accessible(page, "checker: worries")

    tab_to(page, "input[name=worries][value=behaviour]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=worries][value=sleep]")
    page.keyboard.press("Space")
    tab_to(page, "button.govuk-button:not([name=back])")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("How would you like support?")
    tab_to(page, "input[name=delivery][value=in_person]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=format]")
    page.keyboard.press("Space")
    expect(page.locator("input[name=format][value=group]")).to_be_checked()
    tab_to(page, "button.govuk-button:not([name=back])")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Where do you live?")
    tab_to(page, "#postcode")
    page.keyboard.type("ME7 1AA")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Support for you")
    expect(page.get_by_role("heading", name="Start here – no referral needed")).to_be_visible()
    reasons = page.locator(".fh-result").first.inner_text()
    assert "Why we suggest it:" in reasons and "miles from you" in reasons
    assert "behaviour and routines" in page.content().lower()
    assert_accessible(page, "checker: recommendations")
    # Nothing from the answers is in the address bar or history.
    assert page.url.endswith("/check/")


def test_checker_stops_for_safety_when_an_answer_suggests_danger(page):
    page.goto("/check/")
    page.get_by_label("Me, as a parent or carer").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("How old is your child?").fill("4")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Anything else you want to tell us? (optional)").fill(
        "my partner hits me when he drinks"
    )
    page.get_by_label("Relationships and conflict at home").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Are you and your children safe right now?")
    expect(page.get_by_text("call 999").first).to_be_visible()
    expect(page.get_by_text("01634 334 466")).to_be_visible()
    assert_accessible(page, "checker: safety")
    page.get_by_role("button", name="I am safe now, carry on").click()
    expect(page.locator("h1")).to_have_text("How would you like support?")


def test_quick_exit_leaves_at_once_by_button_and_by_pressing_shift_three_times(page):
    page.goto("/check/")
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url("https://www.bbc.co.uk/weather")
    page.goto("/services/?need=domestic-abuse")
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    page.locator("h1").click()  # somewhere with no link or button (the body's middle may have one)
    # The shortcut is the script's (fetched once the page has been painted).
    page.wait_for_selector("[data-govuk-exit-this-page-init]", state="attached")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.bbc.co.uk/weather")


def test_everything_works_with_javascript_off(no_js_page):
    page = no_js_page
    page.goto("/")
    page.get_by_label("What would you like help with?").fill("baby not sleeping")
    page.get_by_label("Your postcode (optional)").fill("ME2 4AA")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results h2").first).to_contain_text("services found")
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_label("Online")).to_be_checked()
    page.locator(".fh-result h3 a").first.click()
    name = page.locator("h1").inner_text()
    page.get_by_role("button", name="Add to shortlist").click()
    page.goto("/shortlist/")
    expect(page.locator(".fh-result h3")).to_have_text([name])
    page.get_by_role("link", name="Printable version").click()
    expect(page.get_by_text("Use your browser's print option")).to_be_visible()

    page.goto("/check/")
    page.get_by_label("I am pregnant, or my partner is").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # age may be empty when expecting
    page.get_by_label("Pregnancy and your new baby").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Show support for us").click()
    expect(page.locator("h1")).to_have_text("Support for you")
    expect(page.locator(".fh-result").first).to_be_visible()


def test_bad_input_is_explained_on_the_page_and_kept(page):
    long_text = "help " * 1000  # 5,000 characters
    page.goto("/")
    page.get_by_label("What would you like help with?").fill(long_text)
    page.get_by_label("Your postcode (optional)").fill("ZZ99 9ZZ")
    page.get_by_label("Your child's age in years (optional)").fill("99")
    page.get_by_role("button", name="Search").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("200 characters or fewer; you entered 4999")
    expect(summary).to_contain_text("Age must be a whole number")
    expect(summary).to_contain_text("ZZ99 9ZZ")
    expect(page.get_by_label("What would you like help with?")).to_have_value(long_text)
    expect(page.get_by_label("Child's age in years")).to_have_value("99")
    assert page.title().startswith("Error:")
    assert_accessible(page, "results with errors")
    page.goto("/services/?delivery=teleport&need=unicorns&radius=far")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("teleport")
    expect(summary).to_contain_text("unicorns")
    expect(summary).to_contain_text("Distance must be")
