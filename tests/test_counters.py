"""The limit counters, in either store: atomic, exact, never evicted, cleaned up when windows end."""

import re
from pathlib import Path

import pytest
from django.db import connection

from api import counters as counters_module
from api.counters import PURGE_INTERVAL, DatabaseCounters, RedisCounters
from api.exceptions import ServiceUnavailable
from tests.claims import NOW, at
from tests.together import at_once

SERVICE_ROOMS = ("config", "accounts", "tokens", "api")


@pytest.fixture
def redis_store(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set TEST_REDIS_URL")
    return RedisCounters(settings.REDIS_URL)  # emptied before each test (the root conftest)


@pytest.fixture(params=["database", "redis"])
def store(request):
    if request.param == "redis":
        return request.getfixturevalue("redis_store")
    request.getfixturevalue("db")
    return DatabaseCounters()


def test_each_increment_returns_the_new_count(store):
    with at(NOW):
        assert [store.increment("k", expires_at=NOW + 900) for _ in range(3)] == [1, 2, 3]


def test_a_decrement_takes_one_back_and_never_goes_below_zero(store):
    with at(NOW):
        store.increment("k", expires_at=NOW + 900)
        store.decrement("k")
        store.decrement("k")
        assert store.increment("k", expires_at=NOW + 900) == 1


def test_decrementing_a_count_that_does_not_exist_creates_nothing(store):
    with at(NOW):
        store.decrement("never-counted")
        assert not is_stored(store, "never-counted")
        assert store.increment("never-counted", expires_at=NOW + 900) == 1


def test_delete_starts_a_count_over(store):
    with at(NOW):
        store.increment("k", expires_at=NOW + 900)
        store.delete("k")
        assert store.increment("k", expires_at=NOW + 900) == 1


def test_keys_are_counted_apart(store):
    with at(NOW):
        store.increment("a", expires_at=NOW + 900)
        assert store.increment("b", expires_at=NOW + 900) == 1


def test_no_amount_of_other_traffic_evicts_a_count(store):
    with at(NOW):
        for _ in range(5):
            store.increment("member", expires_at=NOW + 900)
        for number in range(1000):
            store.increment(f"flood-{number}", expires_at=NOW + 900)
        assert store.increment("member", expires_at=NOW + 900) == 6


@pytest.mark.django_db
def test_ended_windows_are_deleted_without_anyone_asking():
    store = DatabaseCounters()
    with at(NOW):
        store.increment("old-window", expires_at=NOW + 10)
        store.increment("current-window", expires_at=NOW + 900)
    with at(NOW + 10 + PURGE_INTERVAL):
        store.increment("another", expires_at=NOW + 900)
    assert stored_keys() == {"current-window", "another"}


@pytest.mark.django_db
def test_purge_keeps_windows_that_have_not_ended():
    store = DatabaseCounters()
    with at(NOW):
        store.increment("ended", expires_at=NOW)
        store.increment("running", expires_at=NOW + 1)
        assert store.purge() == 1
    assert stored_keys() == {"running"}


def test_redis_counts_expire_with_their_window(redis_store):
    with at(NOW):
        redis_store.increment("k", expires_at=NOW + 900)
    assert 0 < redis_store._client.ttl("k") <= 900


def test_an_unreachable_redis_is_service_unavailable_not_a_crash():
    store = RedisCounters("redis://127.0.0.1:1/0")
    with pytest.raises(ServiceUnavailable) as refused:
        store.increment("k", expires_at=NOW + 900)
    assert refused.value.part == "redis"
    with pytest.raises(ServiceUnavailable):
        store.ping()


def test_the_store_follows_the_settings_at_call_time(settings):
    settings.REDIS_URL = ""
    assert isinstance(counters_module.counters(), DatabaseCounters)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert isinstance(counters_module.counters(), RedisCounters)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_increments_on_postgresql_each_get_their_own_count():
    assert_simultaneous_increments_are_exact(DatabaseCounters)


def test_simultaneous_increments_on_redis_each_get_their_own_count(redis_store, settings):
    assert_simultaneous_increments_are_exact(lambda: RedisCounters(settings.REDIS_URL))


def assert_simultaneous_increments_are_exact(make_store, threads: int = 20):
    counts = at_once(lambda: make_store().increment("together", expires_at=NOW * 2), threads)
    assert sorted(counts) == list(range(1, threads + 1))


def is_stored(store, key: str) -> bool:
    if isinstance(store, RedisCounters):
        return bool(store._client.exists(key))
    return key in stored_keys()


def stored_keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute('SELECT "key" FROM "api_counter"')
        return {row[0] for row in cursor.fetchall()}


def test_nothing_in_the_service_can_empty_a_redis_database():
    """The tests empty their own Redis database; the service never holds the means to."""
    root = Path(__file__).resolve().parent.parent
    sources = [path for room in SERVICE_ROOMS for path in (root / room).rglob("*.py")]
    assert sources
    assert [
        str(path.relative_to(root))
        for path in sources
        if re.search(r"flushdb|flushall", path.read_text(), re.I)
    ] == []
