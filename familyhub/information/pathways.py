"""Published pathways by need (decision 0040), built from the directory's service records each
time one is asked for, so a pathway never says something the directory does not.

For a need (a code of the needs taxonomy; a broader need includes its narrower ones): what a
family can do themselves (the information pages for the need's topics), then each level of the
continuum of need, universal → targeted → specialist → statutory, with its threshold (the
partnership's guidance, as data in data/thresholds.json), who can refer, the services at that
level that need no referral (drop in or refer yourself) and those that need a professional's
referral; and what helps while waiting (services for the need with no referral and no
diagnosis needed, at universal or targeted level, and the national helplines that fit it).
The professionals' view adds what schools provide as ordinarily available support
(data/ordinarily_available.json).

Which services a pathway holds is one query, `pathway_services`: the public services (as the
finder shows them) tagged with the need or a narrower one.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Q

from familyhub.directory.choices import PUBLIC_STATUSES, LevelOfNeed
from familyhub.directory.models import Service, TaxonomyTerm
from familyhub.directory.need_names import need_description, need_name
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search.needs import needs_index
from familyhub.finder.helplines import helplines_for
from familyhub.finder.presenting import SUMMARY_PREFETCH, summarise_all
from familyhub.information.queries import FALLBACK, Shown, pages_for_topics
from familyhub.information.stages import topics_for_need

DATA = Path(__file__).parent / "data"
NO_REFERRAL = Q(access_drop_in=True) | Q(access_self_referral=True)
WHILE_WAITING_LEVELS = [LevelOfNeed.UNIVERSAL, LevelOfNeed.TARGETED]


@cache
def thresholds() -> dict:
    with (DATA / "thresholds.json").open(encoding="utf-8") as handle:
        return json.load(handle)["levels"]


@cache
def ordinarily_available() -> dict:
    with (DATA / "ordinarily_available.json").open(encoding="utf-8") as handle:
        return json.load(handle)["needs"]


def in_language(words: dict, language: str) -> str:
    return words.get(language) or words.get(FALLBACK, "")


@dataclass
class Level:
    code: str
    name: str
    threshold: str
    who_refers: str
    without_referral: list = field(default_factory=list)  # ServiceSummary
    with_referral: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.without_referral or self.with_referral)


@dataclass
class Pathway:
    code: str
    name: str
    description: str
    information: list[Shown]
    levels: list[Level]
    while_waiting: list
    helplines: list
    ordinarily_available: list[str]
    narrower: list[tuple[str, str]]


def need_term(code: str) -> TaxonomyTerm | None:
    return (
        TaxonomyTerm.objects.filter(taxonomy__key=NEEDS, code=code).select_related("parent").first()
    )


def top_needs() -> list[tuple[str, str, str]]:
    """The broad needs (code, name, description) in the page's language, by name."""
    terms = TaxonomyTerm.objects.filter(taxonomy__key=NEEDS, parent__isnull=True)
    found = [
        (term.code, need_name(term.code, term.name), need_description(term.code, term.description))
        for term in terms
    ]
    return sorted(found, key=lambda need: need[1].lower())


def pathway_services(code: str):
    """The public services tagged with the need or a narrower need: the pathway's services."""
    index = needs_index()
    term_id = index.by_code.get(code)
    if term_id is None:
        return Service.objects.none()
    wanted = index.descendants[term_id]
    return Service.objects.filter(
        status__in=PUBLIC_STATUSES, service_terms__taxonomy_term_id__in=wanted
    ).distinct()


def _broad_code(term: TaxonomyTerm) -> str:
    return term.parent.code if term.parent_id else term.code


def build_pathway(term: TaxonomyTerm, language: str, *, for_professionals=False) -> Pathway:
    services = list(
        pathway_services(term.code)
        .select_related("organisation")
        .prefetch_related(*SUMMARY_PREFETCH, "service_at_locations__location")
        .order_by("name", "id")
    )
    summaries = {summary.service.id: summary for summary in summarise_all(services)}
    levels = []
    guidance = thresholds()
    for code, name in LevelOfNeed.choices:
        words = guidance.get(code, {})
        threshold = words.get("professional" if for_professionals else "family", {})
        level = Level(
            code=code,
            name=str(name),
            threshold=in_language(threshold, language),
            who_refers=in_language(words.get("who_refers", {}), language),
        )
        for service in services:
            if service.level_of_need != code:
                continue
            if service.access_drop_in or service.access_self_referral:
                level.without_referral.append(summaries[service.id])
            else:
                level.with_referral.append(summaries[service.id])
        levels.append(level)
    while_waiting = [
        summaries[service.id]
        for service in services
        if service.level_of_need in WHILE_WAITING_LEVELS
        and (service.access_drop_in or service.access_self_referral)
        and not service.needs_diagnosis
    ]
    broad = _broad_code(term)
    narrower = [
        (child.code, need_name(child.code, child.name))
        for child in TaxonomyTerm.objects.filter(parent=term).order_by("name")
    ]
    return Pathway(
        code=term.code,
        name=need_name(term.code, term.name),
        description=need_description(term.code, term.description),
        information=pages_for_topics(topics_for_need(broad), language),
        levels=levels,
        while_waiting=while_waiting,
        helplines=helplines_for(term.code, term.parent.code if term.parent_id else ""),
        ordinarily_available=ordinarily_available().get(term.code)
        or ordinarily_available().get(broad, []),
        narrower=narrower,
    )
