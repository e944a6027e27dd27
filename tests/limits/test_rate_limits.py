"""The rate limits' counters: one table every web worker shares, counted atomically, so a limit
holds however many workers (or requests at once) there are."""

import threading
from collections import Counter

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from familyhub.limits.database_cache import AtomicDatabaseCache

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads on their own connections: SQLite's in-memory test database is locked by the "
    "test's transaction",
)


def _another_worker():
    """The cache as another gunicorn worker (another process) makes it from the settings."""
    config = settings.CACHES["rate_limits"]
    return AtomicDatabaseCache(config["LOCATION"], config)


def test_the_rate_limits_are_counted_in_a_table_every_worker_shares():
    assert isinstance(caches["rate_limits"], AtomicDatabaseCache)
    assert settings.RATELIMIT_USE_CACHE == "rate_limits"
    mine, theirs = caches["rate_limits"], _another_worker()
    assert mine.add("count", 1, 60)
    assert not theirs.add("count", 1, 60)  # already there
    assert theirs.incr("count") == 2
    assert mine.incr("count", 3) == 5
    assert theirs.get("count") == 5


def test_a_count_that_has_run_out_is_not_counted_on():
    counters = caches["rate_limits"]
    counters.set("old", 7, timeout=-1)  # already expired
    with pytest.raises(ValueError):
        counters.incr("old")
    with pytest.raises(ValueError):
        counters.incr("never-made")
    assert counters.add("old", 1, 60)  # a new period starts from 1


def _at_once(work, times):
    """Run work(n) in `times` threads, each on its own connection, all released together."""
    start = threading.Barrier(times)
    results = []

    def run(n):
        start.wait()
        try:
            results.append(work(n))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@postgresql_only
def test_counts_made_at_once_by_many_workers_are_all_counted():
    key = "at-once"
    _at_once(lambda n: _another_worker().add(key, 0, 60), 1)
    try:
        _at_once(lambda n: [_another_worker().incr(key) for _ in range(10)], 8)
        assert _at_once(lambda n: _another_worker().get(key), 1) == [80]
    finally:
        _at_once(lambda n: _another_worker().delete(key), 1)


@postgresql_only
def test_asking_for_codes_at_once_is_limited_exactly():
    """Twelve people at once ask for codes for one (made-up) reference: three are let through,
    as for one at a time; and twelve requests at once from one address for twelve references:
    ten let through."""

    def ask(address, reference):
        client = Client(REMOTE_ADDR=address)
        return client.post(reverse("referrals:track"), {"reference": reference}).status_code

    try:
        by_reference = _at_once(lambda n: ask(f"192.0.2.{n + 1}", "FH-PARA-LLEL"), 12)
        assert Counter(by_reference) == {302: 3, 429: 9}
        by_client = _at_once(lambda n: ask("192.0.2.200", f"FH-PARA-{n:04d}"), 12)
        assert Counter(by_client) == {302: 10, 429: 2}
    finally:
        _at_once(lambda n: caches["rate_limits"].clear(), 1)
