"""The content editors' pages: writing, publishing, review dates, errors shown on the page."""

import pytest
from django.urls import reverse

from familyhub.information.models import InformationPage, VersionStatus
from tests.information.helpers import WORDS, published_page
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    return person("content_editor")


def test_an_editor_starts_writes_and_publishes_a_page(client, editor):
    client.force_login(editor)
    response = client.post(reverse("information:editor_new"), {"stage": "2-5", "topic": "sleep"})
    page = InformationPage.objects.get(stage="2-5", topic="sleep")
    assert response.url == reverse("information:editor_edit", args=[page.pk, "en"])

    response = client.post(response.url, WORDS)
    assert response.status_code == 302
    assert client.get(reverse("information:page", args=["2-5", "sleep"])).status_code == 404

    response = client.post(reverse("information:editor_publish", args=[page.pk, "en"]), {})
    assert response.status_code == 302
    public = client.get(reverse("information:page", args=["2-5", "sleep"]))
    assert public.status_code == 200 and "Toddler sleep" in public.text
    version = page.versions.get()
    assert version.made_by == editor and version.status == VersionStatus.PUBLISHED


def test_a_missing_field_is_a_400_with_what_was_typed_kept(client, editor):
    page = published_page(editor)
    client.force_login(editor)
    response = client.post(
        reverse("information:editor_edit", args=[page.pk, "pl"]),
        {**WORDS, "title": "Sen malucha", "typical": ""},
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "Sen malucha" in response.text


def test_a_bad_review_date_is_a_400_on_the_page(client, editor):
    page = published_page(editor)
    client.force_login(editor)
    response = client.post(
        reverse("information:editor_reviewed", args=[page.pk]),
        {"review_day": "31", "review_month": "2", "review_year": "2030"},
    )
    assert response.status_code == 400
    assert "real date" in response.text


@pytest.mark.parametrize(
    "typed",
    [
        {"review_day": "1", "review_month": "1", "review_year": "20300"},
        {"review_day": "x" * 50, "review_month": "1", "review_year": "2030"},
        {"review_day": "1", "review_month": "", "review_year": "2030"},
        {"review_day": "1", "review_month": "1", "review_year": "2001"},
    ],
)
def test_any_bad_review_date_when_publishing_is_a_400_never_a_500(client, editor, typed):
    page = published_page(editor)
    client.force_login(editor)
    client.post(reverse("information:editor_edit", args=[page.pk, "en"]), WORDS)
    response = client.post(reverse("information:editor_publish", args=[page.pk, "en"]), typed)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert page.versions.filter(status="draft").exists()


def test_only_content_editors_edit(client, editor):
    page = published_page(editor)
    url = reverse("information:editor_edit", args=[page.pk, "en"])
    for role in ("data_manager", "administrator", "parent", "practitioner"):
        client.force_login(person(role))
        assert client.get(url).status_code == 403
        assert client.post(url, WORDS).status_code == 403
    assert page.versions.count() == 1


def test_staff_pages_are_not_stored(client, editor):
    client.force_login(editor)
    response = client.get(reverse("information:editor_list"))
    assert "no-store" in response["Cache-Control"]
