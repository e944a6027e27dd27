"""The shared cache option (FAMILYHUB_REDIS_URL): with a real Redis, every web worker and app
server shares the cache and the rate limits' counters, and counts made at once are all counted,
so a limit holds however many servers there are."""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache

from tests.deployment.servers import redis_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis_url():
    folder = Path(tempfile.mkdtemp(prefix="familyhub-redis-"))
    try:
        with redis_server(folder) as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _a_worker(url):
    """The counters as one web worker makes them from the settings (its own client)."""
    return RedisCache(url, {"KEY_PREFIX": "familyhub-limits"})


def test_the_settings_put_the_cache_and_the_counters_in_redis(redis_url):
    code = (
        "from django.conf import settings; from django.core.cache import caches; "
        "caches['rate_limits'].set('seen', 1, 60); "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['rate_limits']['BACKEND'])"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, capture_output=True, text=True, check=True,
        env={**os.environ, "FAMILYHUB_REDIS_URL": redis_url},
    )  # fmt: skip
    assert done.stdout.split() == ["django.core.cache.backends.redis.RedisCache"] * 2
    # Another process reads what that one counted.
    assert _a_worker(redis_url).get("seen") == 1


def test_counts_made_at_once_by_many_workers_are_all_counted(redis_url):
    key = "at-once"
    _a_worker(redis_url).add(key, 0, 60)
    start = threading.Barrier(8)

    def count():
        worker = _a_worker(redis_url)
        start.wait()
        for _ in range(25):
            worker.incr(key)

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _a_worker(redis_url).get(key) == 200


def test_a_period_starts_once_however_many_start_it_at_once(redis_url):
    """django-ratelimit starts a period with add(): exactly one of many at once starts it."""
    start = threading.Barrier(10)
    started = []

    def begin():
        worker = _a_worker(redis_url)
        start.wait()
        started.append(worker.add("period", 1, 60))

    threads = [threading.Thread(target=begin) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert started.count(True) == 1
