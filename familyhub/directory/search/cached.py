"""Whole search results kept for identical searches until the directory changes.

A page of results is a function of the search request (normalised by SearchRequest: the words,
postcode, distance, age, filters, page), the page's language (search reads words in it) and
the directory. The directory's part is its version number (models/version.py), which database
triggers change in the same transaction as any write to a directory table: a provider's edit,
an import, a bulk update. So a cached page is never served after the directory has changed,
on any worker, and nothing needs to remember to forget it.

Only the directory's public data is kept: services, their places and what was understood
from the words. Nothing about who searched (no session, no user), and nothing that changes
without a directory write (the expected waits, which read the referral queues, are worked out
for each page by the caller).

Callers check the words for danger first (familyhub.safety): this module only ever sees the
request that check produced.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import router
from django.db.models import prefetch_related_objects
from django.utils import translation

from familyhub.directory.models import DirectoryVersion
from familyhub.directory.search.request import SearchRequest
from familyhub.directory.search.service import SearchResults, search_services

# A backstop only (the version is what keeps pages right): entries not read for this long go.
CACHE_SECONDS = 600
PREFIX = "directory-search"


def directory_version() -> int | None:
    """The directory's version now (one query), or None if its row is missing (a test's flush
    removed it): the row is made again, and nothing is cached until the next request."""
    version = DirectoryVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    if version is None:
        DirectoryVersion.objects.db_manager(router.db_for_write(DirectoryVersion)).get_or_create(
            pk=1, defaults={"version": time.time_ns() // 1000}
        )
    return version


def cache_key(kind: str, version: int, *parts) -> str:
    text = repr((translation.get_language(), *parts))
    return f"{PREFIX}:{kind}:{version}:{hashlib.sha256(text.encode()).hexdigest()}"


def remembered(kind: str, parts: tuple, compute, *, version: int | None):
    """compute(), or what it gave for the same `parts` at the same directory version."""
    if version is None:
        return compute()
    key = cache_key(kind, version, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def search(
    request: SearchRequest, *, prefetch: tuple = (), version: int | None = None
) -> SearchResults:
    """search_services(request), with the page's services' `prefetch` lookups loaded, kept
    for identical requests until the directory changes. `version`: directory_version(), when
    the caller has read it already (one query a page, however many searches)."""

    def compute():
        found = search_services(request)
        if prefetch:
            prefetch_related_objects([hit.service for hit in found.hits], *prefetch)
        return found

    if version is None:
        version = directory_version()
    return remembered("search", (request, tuple(prefetch)), compute, version=version)
