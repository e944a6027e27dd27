"""Needs with nothing in them. A need that no service the finder can show is tagged with (itself
or any narrower need) is still offered, so families know it exists, but wherever families browse
or pick it (the start page, the search's need filter and results, the checker) it says plainly
that we don't know of a service for it in Medway yet, with the national helplines that fit it
(helplines.py) and a way to ask for support without choosing a service: never an empty list.

The needs with no service are worked out in one query and kept in the cache for CACHE_SECONDS;
saving a service or its needs forgets them at once (a bulk import waits for the cache to expire).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from familyhub.directory.models import Service, ServiceTerm, TaxonomyTerm
from familyhub.directory.reference_data import NEEDS
from familyhub.directory.search.needs import needs_index
from familyhub.directory.search.request import SearchRequest
from familyhub.finder.helplines import helplines_for

CACHE_KEY = "finder:needs-without-services"
CACHE_SECONDS = 300


def needs_without_services() -> frozenset[str]:
    """The codes of the needs the finder's search would find no service for."""
    codes = cache.get(CACHE_KEY)
    if codes is None:
        tagged = set(
            ServiceTerm.objects.filter(
                service__status__in=SearchRequest().statuses,
                taxonomy_term__taxonomy__key=NEEDS,
            )
            .values_list("taxonomy_term_id", flat=True)
            .distinct()
        )
        index = needs_index()
        codes = frozenset(
            code
            for code, term_id in index.by_code.items()
            if not index.descendants[term_id] & tagged
        )
        cache.set(CACHE_KEY, codes, CACHE_SECONDS)
    return codes


@dataclass(frozen=True)
class NoServiceYet:
    """A need families chose that has no service: what to offer instead."""

    code: str
    name: str
    helplines: list


def no_service_yet(codes) -> list[NoServiceYet]:
    """For each of these need codes that has no service (in the order given): its name and the
    helplines that fit it. Unknown codes are left out."""
    empty = needs_without_services()
    wanted = [code for code in dict.fromkeys(codes) if code in empty]
    if not wanted:
        return []
    terms = {
        code: (name, parent_code or "")
        for code, name, parent_code in TaxonomyTerm.objects.filter(
            taxonomy__key=NEEDS, code__in=wanted
        ).values_list("code", "name", "parent__code")
    }
    return [
        NoServiceYet(code, terms[code][0], helplines_for(code, terms[code][1]))
        for code in wanted
        if code in terms
    ]


def codes_of(term_ids) -> list[str]:
    """Need codes for term ids (the needs search recognised in a family's words)."""
    by_id = {term_id: code for code, term_id in needs_index().by_code.items()}
    return [by_id[term_id] for term_id in term_ids if term_id in by_id]


def forget_needs_without_services(**kwargs):
    cache.delete(CACHE_KEY)


receiver(post_save, sender=Service)(forget_needs_without_services)
receiver(post_delete, sender=Service)(forget_needs_without_services)
receiver(post_save, sender=ServiceTerm)(forget_needs_without_services)
receiver(post_delete, sender=ServiceTerm)(forget_needs_without_services)
