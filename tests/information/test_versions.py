"""Information pages as versioned content: drafts, publishing, every published version kept,
the public seeing only what is published, review dates."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.information import actions, queries
from familyhub.information.models import InformationPage, PageVersion, VersionStatus
from tests.information.helpers import WORDS, published_page
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return person("content_editor")


def test_publishing_keeps_the_version_before_as_superseded(editor):
    page = published_page(editor)
    actions.save_draft(page.pk, language="en", words={**WORDS, "title": "Sleep, again"}, by=editor)
    actions.publish(page.pk, language="en", by=editor)

    versions = {v.number: v for v in page.versions.filter(language="en")}
    assert versions[1].status == VersionStatus.SUPERSEDED
    assert versions[1].title == "Toddler sleep"
    assert versions[1].superseded_at is not None
    assert versions[2].status == VersionStatus.PUBLISHED
    assert versions[2].published_by == editor
    assert versions[2].published_at is not None


def test_a_draft_is_changed_in_place_and_the_published_version_is_untouched(editor):
    page = published_page(editor)
    first = actions.save_draft(page.pk, language="en", words={**WORDS, "title": "A"}, by=editor)
    second = actions.save_draft(page.pk, language="en", words={**WORDS, "title": "B"}, by=editor)
    assert first.pk == second.pk and second.number == 2
    published = page.versions.get(status=VersionStatus.PUBLISHED)
    assert published.title == "Toddler sleep"


def test_the_public_sees_only_the_published_version(client, editor):
    page = published_page(editor)
    actions.save_draft(
        page.pk, language="en", words={**WORDS, "title": "Unpublished draft title"}, by=editor
    )
    response = client.get(reverse("information:page", args=["1-2", "sleep"]))
    assert response.status_code == 200
    assert "Toddler sleep" in response.text
    assert "Unpublished draft title" not in response.text
    assert "Unpublished draft title" not in client.get(reverse("information:index")).text


def test_a_page_with_only_a_draft_is_not_found(client, editor):
    page = actions.create_page(stage="2-5", topic="talking", by=editor)
    actions.save_draft(page.pk, language="en", words=WORDS, by=editor)
    assert client.get(reverse("information:page", args=["2-5", "talking"])).status_code == 404
    assert client.get("/information/9-9/sleep/").status_code == 404


def test_publishing_with_no_draft_is_refused(editor):
    page = published_page(editor)
    with pytest.raises(actions.ContentError):
        actions.publish(page.pk, language="en", by=editor)


def test_one_page_per_topic_and_age(editor):
    published_page(editor)
    with pytest.raises(actions.ContentError):
        actions.create_page(stage="1-2", topic="sleep", by=editor)


def test_publishing_sets_a_review_date_a_year_on_and_overdue_reviews_are_listed(client, editor):
    page = published_page(editor)
    page.refresh_from_db()
    assert page.review_by == timezone.localdate() + timedelta(days=365)
    assert page not in queries.overdue_reviews()

    InformationPage.objects.filter(pk=page.pk).update(
        review_by=timezone.localdate() - timedelta(days=1)
    )
    other = published_page(editor, stage="2-5", topic="behaviour")
    assert list(queries.overdue_reviews()) == [page]
    client.force_login(editor)
    listing = client.get(reverse("information:editor_list")).text
    overdue_part = listing.split('id="overdue"')[1].split("All pages")[0]
    assert str(page) in overdue_part and str(other) not in overdue_part

    actions.mark_reviewed(page.pk, by=editor)
    assert list(queries.overdue_reviews()) == []


def test_a_review_date_in_the_past_is_refused(editor):
    page = published_page(editor)
    with pytest.raises(actions.ContentError):
        actions.mark_reviewed(page.pk, by=editor, review_by=timezone.localdate())


def test_an_unknown_language_code_is_refused(editor):
    page = actions.create_page(stage="1-2", topic="sleep", by=editor)
    with pytest.raises(actions.ContentError):
        actions.save_draft(page.pk, language="xx", words=WORDS, by=editor)
    assert not PageVersion.objects.exists()


def test_any_language_is_data_romanian_beside_polish(client, editor):
    page = published_page(editor)
    actions.save_draft(
        page.pk, language="ro", words={**WORDS, "title": "Somnul copilului mic"}, by=editor
    )
    actions.publish(page.pk, language="ro", by=editor)
    shown = queries.published_page("1-2", "sleep", "ro")
    assert shown.version.title == "Somnul copilului mic" and not shown.in_fallback
    assert queries.published_page("1-2", "sleep", "pa").in_fallback
