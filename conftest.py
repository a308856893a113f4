"""Project-wide test configuration. Scenario vocabulary lives in features/steps/conftest.py."""

import pytest
from django.conf import settings
from django.core.cache import cache


def pytest_collection_modifyitems(config, items):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to run it")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_redis_cache(request):
    """The database cache rolls back with each test; Redis must be emptied by hand.

    Not in live mode (--base-url): the cache there belongs to the server under test.
    """
    if settings.REDIS_URL and not request.config.getoption("base_url", None):
        cache.clear()
    yield
