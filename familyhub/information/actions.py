"""Every change to information pages: each one transaction, with the page's row locked so two
editors cannot make the same version number or publish twice. A version records who made it
and when, and who published it and when; the versions are the page's history."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from familyhub.information.models import MOVES, InformationPage, PageVersion, VersionStatus
from familyhub.information.queries import is_content_language

REVIEW_AFTER = timedelta(days=365)
WORDS = ("title", "summary", "typical", "when_to_ask", "more", "search_words")


class ContentError(ValueError):
    """A change that cannot be made; the message says why, for the editor."""


def default_review_by(today: date | None = None) -> date:
    return (today or timezone.localdate()) + REVIEW_AFTER


@transaction.atomic
def create_page(*, stage: str, topic: str, by) -> InformationPage:
    if InformationPage.objects.filter(stage=stage, topic=topic).exists():
        raise ContentError("There is already a page for this topic at this age.")
    return InformationPage.objects.create(stage=stage, topic=topic, created_by=by)


def _locked(page_id) -> InformationPage:
    return InformationPage.objects.select_for_update().get(pk=page_id)


def _move(version: PageVersion, to: str):
    if to not in MOVES[version.status]:
        raise ContentError(f"A {version.status} version cannot become {to}.")
    version.status = to


@transaction.atomic
def save_draft(page_id, *, language: str, words: dict, by) -> PageVersion:
    """Write the language's draft (a new version numbered after the last, or the draft there
    is, changed). The published version is never changed."""
    if not is_content_language(language):
        raise ContentError("Choose a language by its code, like en, pl or ro.")
    page = _locked(page_id)
    draft = page.versions.filter(language=language, status=VersionStatus.DRAFT).first()
    if draft is None:
        last = page.versions.filter(language=language).aggregate(n=Max("number"))["n"] or 0
        draft = PageVersion(page=page, language=language, number=last + 1, made_by=by)
    for name in WORDS:
        setattr(draft, name, (words.get(name) or "").strip())
    draft.save()
    return draft


@transaction.atomic
def publish(page_id, *, language: str, by, review_by: date | None = None) -> PageVersion:
    """The draft becomes the published version; the one published before it is kept, as
    superseded. The page's review-by date is set (a year on unless given)."""
    if review_by is not None and review_by <= timezone.localdate():
        raise ContentError("The next review date must be in the future.")
    page = _locked(page_id)
    draft = page.versions.filter(language=language, status=VersionStatus.DRAFT).first()
    if draft is None:
        raise ContentError("There is no draft in this language to publish.")
    now = timezone.now()
    for current in page.versions.filter(language=language, status=VersionStatus.PUBLISHED):
        _move(current, VersionStatus.SUPERSEDED)
        current.superseded_at = now
        current.save(update_fields=["status", "superseded_at"])
    _move(draft, VersionStatus.PUBLISHED)
    draft.published_at, draft.published_by = now, by
    draft.save(update_fields=["status", "published_at", "published_by"])
    page.review_by = review_by or default_review_by()
    page.save(update_fields=["review_by"])
    return draft


@transaction.atomic
def mark_reviewed(page_id, *, by, review_by: date | None = None) -> InformationPage:
    """The page was read and is still right: its next review date is set."""
    page = _locked(page_id)
    if not page.versions.filter(status=VersionStatus.PUBLISHED).exists():
        raise ContentError("Publish the page before marking it as reviewed.")
    review_by = review_by or default_review_by()
    if review_by <= timezone.localdate():
        raise ContentError("The next review date must be in the future.")
    page.review_by = review_by
    page.save(update_fields=["review_by"])
    return page
