import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """The dashboard's body is cached by the figures' version: each test starts clean."""
    cache.clear()
    yield
    cache.clear()
