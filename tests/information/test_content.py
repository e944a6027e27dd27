"""Editors' words are limited Markdown, sanitised: no raw HTML reaches a page."""

import pytest
from django.urls import reverse

from familyhub.information.content import render
from tests.information.helpers import published_page
from tests.personas import person


def test_markdown_becomes_govuk_html():
    html = render("Hello **there**\n\n- one\n- [NHS](https://www.nhs.uk)")
    assert '<p class="govuk-body">Hello <strong>there</strong></p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert 'href="https://www.nhs.uk"' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://x.org" onclick="alert(1)">x</a>',
        "[click](javascript:alert(1))",
        '<p style="color:red" onmouseover="alert(1)">hi</p>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_scripts_event_attributes_and_javascript_links_are_removed(text):
    html = render(text).lower()
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onerror" not in html and "onclick" not in html and "onmouseover" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html and "style=" not in html


@pytest.mark.django_db
def test_a_published_page_with_a_script_shows_none(client):
    published_page(
        person("content_editor"),
        typical='Fine <script>document.title="x"</script><b onclick="steal()">bold</b>',
    )
    response = client.get(reverse("information:page", args=["1-2", "sleep"]))
    assert "<script>document.title" not in response.text
    assert "steal()" not in response.text
    assert "Fine bold" in response.text
