"""Project-wide test configuration. Scenario vocabulary lives in features/steps/conftest.py."""

from collections import Counter
from functools import cache

import pytest
import redis
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL to run it")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_redis_counters(request):
    """Counts in the database roll back with each test; those in Redis are emptied by hand.

    Not in live mode (--base-url): the counts there belong to the server under test.
    """
    if settings.REDIS_URL and not request.config.getoption("base_url", None):
        _test_redis(settings.REDIS_URL).flushdb()
    yield


@cache
def _test_redis(url: str) -> redis.Redis:
    """The suite's own Redis database (TEST_REDIS_URL). Only the tests may empty it."""
    return redis.Redis.from_url(url)


def pytest_terminal_summary(terminalreporter):
    """Say why tests were skipped, one line per reason, so "55 skipped" is never a mystery.

    README.md ("What the skipped tests need") says what each reason needs.
    """
    reasons = Counter(skip_reason(report) for report in terminalreporter.stats.get("skipped", []))
    if reasons:
        terminalreporter.section("skipped, by reason")
        for reason, count in sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0])):
            terminalreporter.line(f"{count:4d}  {reason}")


def skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")
