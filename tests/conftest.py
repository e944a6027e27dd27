import pytest

from tests.oruk_schemas import OrukSchemas, require_spec_dir


@pytest.fixture(scope="session")
def oruk():
    return OrukSchemas(require_spec_dir())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the Medway demo directory, loaded once per run."""
    from familyhub.directory.demo import load_demo_data

    with django_db_blocker.unblock():
        load_demo_data()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that only need a user use a fast hasher.

    tests/accounts checks that the production setting really uses Argon2.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background work runs at once, in the test, when it is queued (django-tasks' immediate
    backend): a test sees a message sent or an import done as soon as it is queued. Tests of
    the queue itself use `database_tasks` and run the real worker (tests/worker.py)."""
    settings.TASKS = _tasks(settings, "immediate")


@pytest.fixture
def database_tasks(settings):
    """Background work queued as in production: rows in the database, for the worker."""
    settings.TASKS = _tasks(settings, "database")


def _tasks(settings, backend):
    return {"default": {**settings.TASKS["default"], "BACKEND": settings.TASK_BACKENDS[backend]}}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (places and areas looked up are cached)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def english_between_tests():
    """Each test starts in English. A request to a /pl/ page leaves Polish active in the test's
    thread (LocaleMiddleware activates it and nothing switches it back), and reverse() would then
    give the next test's URLs under /pl/."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (transaction=True) leaves empty tables behind it when it is done:
    once its teardown (the flush) has run, put the demo directory back for the tests after it."""
    yield
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if nextitem is None:  # the last test: the test database itself has just been torn down
        return
    from django.core.cache import caches
    from pytest_django.plugin import blocking_manager_key

    from familyhub.directory import demo

    with item.config.stash[blocking_manager_key].unblock():
        if not demo.is_loaded():
            demo.load_demo_data()
        # The rate limits' counters are a table the flush does not empty (other tests' counts
        # are rolled back with their transaction).
        caches["rate_limits"].clear()
