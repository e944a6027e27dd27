"""Information for parents, pathways and places in real Chromium: a parent goes from an
age-and-stage page to the matching services and on to a request with JavaScript off; a teacher
reads the professional pathway and sees the directory's services; a family hub lists this
week's sessions at 320 px. Every page of the journeys is checked with axe-core and for sideways
scrolling at 320 px (axe needs JavaScript, so that pass has it on)."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    SITE_ENV,
    assert_accessible,
    assert_no_sideways_scroll,
    manage,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content(site):
    manage(SITE_ENV[site], "load_demo_information")
    return site


@pytest.fixture
def parent(chromium, content):
    context = chromium.new_context(
        viewport={"width": 320, "height": 640}, base_url=content, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def _checked(page, label):
    assert_accessible(page, label)
    assert_no_sideways_scroll(page, label)


def test_a_parent_goes_from_an_age_and_stage_page_to_services_and_a_request(parent, phone_page):
    visited = []
    parent.goto("/")
    parent.get_by_role("link", name="Information for parents by age and stage").first.click()
    expect(parent.locator("h1")).to_have_text("Information for parents by age and stage")
    visited.append(parent.url)

    parent.get_by_role("link", name="Tantrums and behaviour at 2 to 5").click()
    expect(parent.locator("h1")).to_have_text("Tantrums and behaviour at 2 to 5")
    expect(parent.get_by_role("heading", name="When to ask for help")).to_be_visible()
    visited.append(parent.url)

    parent.get_by_role("link", name="Services for “toddler tantrums” at this age").click()
    expect(parent.locator("#results h2").first).to_contain_text("services found")
    expect(parent.get_by_label("What would you like help with?")).to_have_value("toddler tantrums")
    expect(parent.get_by_label("Child's age in years")).to_have_value("2")
    visited.append(parent.url)

    first = parent.locator(".fh-result h3 a").first
    name = first.inner_text()
    first.click()
    expect(parent.locator("h1")).to_have_text(name)
    visited.append(parent.url)
    parent.get_by_role("button", name="Ask for support from this service").click()
    expect(parent.locator("h1")).to_have_text(
        "Is a child in danger or at risk of being harmed right now?"
    )
    expect(parent.locator(".govuk-caption-l")).to_have_text(name)

    for url in visited:
        phone_page.goto(url)
        _checked(phone_page, url)


def test_a_teacher_reads_the_professional_pathway_with_the_directorys_services(page, content):
    env = SITE_ENV[content]
    expected = json.loads(
        manage(
            env, "shell", "-c",
            "import json;from familyhub.information.pathways import pathway_services;"
            "print(json.dumps(sorted(pathway_services('neurodiversity')"
            ".values_list('name', flat=True))))",
        ).strip().splitlines()[-1]
    )  # fmt: skip
    page.goto("/pathways/")
    _checked(page, "pathways")
    page.get_by_role("link", name=re.compile(r"^For professionals\s*: Autism, ADHD")).click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Pathway for schools and practitioners")
    expect(page.get_by_role("heading", name="Ordinarily available in schools")).to_be_visible()
    expect(page.get_by_text("Support based on need, not diagnosis")).to_be_visible()
    listed = page.locator("ul[data-level] li p:first-child a").all_inner_texts()
    assert sorted(set(listed)) == sorted(set(expected)) and expected
    _checked(page, "professional pathway")


def test_a_family_hub_lists_this_weeks_sessions(phone_page, content):
    env = SITE_ENV[content]
    expected = json.loads(
        manage(
            env, "shell", "-c",
            "import json;from familyhub.places.whats_on import whats_on;"
            "from familyhub.places.models import Place;"
            "w=whats_on(Place.objects.get(slug='chatham-family-hub').location);"
            "print(json.dumps([[s.title for s in w.this_week],[s.title for s in w.next_week]]))",
        ).strip().splitlines()[-1]
    )  # fmt: skip
    phone_page.goto("/places/")
    _checked(phone_page, "places")
    phone_page.get_by_role("link", name="Chatham Family Hub").click()
    expect(phone_page.locator("h1")).to_have_text("Chatham Family Hub")
    expect(phone_page.get_by_role("heading", name="This week")).to_be_visible()
    this_week = phone_page.locator("ul[data-sessions='this'] li a").all_inner_texts()
    next_week = phone_page.locator("ul[data-sessions='next'] li a").all_inner_texts()
    assert this_week == expected[0]
    assert next_week == expected[1] and next_week  # the hub runs sessions every week
    _checked(phone_page, "family hub page")
