"""Reads the public pages and the editors' pages share: which version a family sees (the
published one in the page's language, else the English one, saying so), the index by age,
and the reviews that are overdue."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import timezone, translation

from familyhub.information.models import InformationPage, PageVersion, VersionStatus
from familyhub.information.stages import Stage

FALLBACK = "en"


def base_code(code: str) -> str:
    return (code or FALLBACK).split("-")[0].lower()


def content_language() -> str:
    """The page's language as content is kept: en-gb → en, pl → pl."""
    return base_code(translation.get_language() or FALLBACK)


def site_languages() -> list[tuple[str, str]]:
    """The languages the site is offered in, as content codes, English first."""
    seen = {}
    for code, name in settings.LANGUAGES:
        seen.setdefault(base_code(code), name)
    return list(seen.items())


def is_content_language(code: str) -> bool:
    """Any language Django knows by a two- or three-letter code (so Romanian or Punjabi content
    can be written before the site is offered in them)."""
    return bool(code) and code.isalpha() and 2 <= len(code) <= 3 and code in LANG_INFO


def language_name(code: str) -> str:
    info = LANG_INFO.get(code, {})
    return info.get("name_local") or info.get("name") or code


@dataclass
class Shown:
    page: InformationPage
    version: PageVersion
    in_fallback: bool  # shown in English because there is none in the page's language


def published_version(page: InformationPage, language: str) -> Shown | None:
    versions = {
        version.language: version
        for version in page.versions.all()
        if version.status == VersionStatus.PUBLISHED
    }
    if language in versions:
        return Shown(page, versions[language], False)
    if FALLBACK in versions:
        return Shown(page, versions[FALLBACK], language != FALLBACK)
    return None


def published_page(stage: str, topic: str, language: str) -> Shown | None:
    page = (
        InformationPage.objects.filter(stage=stage, topic=topic)
        .prefetch_related("versions")
        .first()
    )
    return published_version(page, language) if page else None


def index(language: str) -> list[tuple[str, str, list[Shown]]]:
    """Every stage (code, name) with its published pages, in the topics' order."""
    pages = InformationPage.objects.prefetch_related("versions")
    by_stage: dict[str, list[Shown]] = {}
    for page in pages:
        shown = published_version(page, language)
        if shown:
            by_stage.setdefault(page.stage, []).append(shown)
    topic_order = [choice for choice, _label in InformationPage._meta.get_field("topic").choices]
    return [
        (
            stage,
            label,
            sorted(by_stage.get(stage, []), key=lambda s: topic_order.index(s.page.topic)),
        )
        for stage, label in Stage.choices
    ]


def pages_for_topics(topics: list[str], language: str) -> list[Shown]:
    pages = InformationPage.objects.filter(topic__in=topics).prefetch_related("versions")
    stage_order = [stage for stage, _label in Stage.choices]
    found = [shown for page in pages if (shown := published_version(page, language))]
    return sorted(found, key=lambda s: (stage_order.index(s.page.stage), s.page.topic))


def overdue_reviews(today: date | None = None):
    """Published pages whose review-by date has passed, the longest overdue first."""
    today = today or timezone.localdate()
    return (
        InformationPage.objects.filter(
            review_by__lt=today, versions__status=VersionStatus.PUBLISHED
        )
        .distinct()
        .order_by("review_by", "stage", "topic")
    )
