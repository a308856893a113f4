"""Counters for limits: exact under concurrency, shared by every worker and instance, never evicted.

Each count is one atomic statement: an upsert in the database (SQLite 3.35+ and
PostgreSQL), or a script in Redis when REDIS_URL is set. Nothing here can be culled
by other traffic, unlike a cache. A window's counts disappear once it has ended:
Redis expires them, and the database store deletes ended windows as it goes.

A store that cannot be reached raises ServiceUnavailable, so a limited request
waits with a 503 instead of passing unlimited.
"""

import time
from functools import cache

import redis
from django.conf import settings
from django.db import connection

from api.exceptions import ServiceUnavailable

# Seconds between two clean-ups of ended windows, in each process.
PURGE_INTERVAL = 60

# Identifiers in double quotes, which SQLite and PostgreSQL both read as names.
_UPSERT = (
    'INSERT INTO "api_counter" ("key", "count", "expires_at") VALUES (%s, 1, %s) '
    'ON CONFLICT ("key") DO UPDATE SET "count" = "api_counter"."count" + 1 RETURNING "count"'
)
_DECREMENT = 'UPDATE "api_counter" SET "count" = "count" - 1 WHERE "key" = %s AND "count" > 0'
_DELETE = 'DELETE FROM "api_counter" WHERE "key" = %s'
_PURGE = 'DELETE FROM "api_counter" WHERE "expires_at" <= %s'

# Redis: the expiry is set in the same script as the increment, so no count can be left
# without one; a decrement touches only a count above zero, so it never makes a key.
_REDIS_INCREMENT = (
    "local n = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return n"
)
_REDIS_DECREMENT = "if (tonumber(redis.call('GET', KEYS[1])) or 0) > 0 then redis.call('DECR', KEYS[1]) end return 0"


class DatabaseCounters:
    """Counts in the `api_counter` table, one upsert per increment."""

    def __init__(self):
        self._next_purge = 0.0

    def increment(self, key: str, *, expires_at: int) -> int:
        self._purge_now_and_then()
        return _execute(_UPSERT, [key, expires_at], returning=True)

    def decrement(self, key: str) -> None:
        _execute(_DECREMENT, [key])

    def delete(self, key: str) -> None:
        _execute(_DELETE, [key])

    def purge(self) -> int:
        """Delete the counts of windows that have ended; returns how many."""
        return _execute(_PURGE, [int(time.time())])

    def _purge_now_and_then(self) -> None:
        now = time.time()
        if now >= self._next_purge:
            self._next_purge = now + PURGE_INTERVAL
            self.purge()


class RedisCounters:
    """Counts in Redis, each change one atomic script."""

    def __init__(self, url: str):
        # Short timeouts: while Redis is away, a login should hear 503 at once, not hang.
        self._client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self._increment = self._client.register_script(_REDIS_INCREMENT)
        self._decrement = self._client.register_script(_REDIS_DECREMENT)

    def increment(self, key: str, *, expires_at: int) -> int:
        ttl = max(1, expires_at - int(time.time()))
        return int(self._reach(self._increment, keys=[key], args=[ttl]))

    def decrement(self, key: str) -> None:
        self._reach(self._decrement, keys=[key])

    def delete(self, key: str) -> None:
        self._reach(self._client.delete, key)

    def ping(self) -> None:
        self._reach(self._client.ping)

    @staticmethod
    def _reach(command, *args, **kwargs):
        try:
            return command(*args, **kwargs)
        except redis.RedisError as exc:
            raise ServiceUnavailable(part="redis") from exc


def counters() -> DatabaseCounters | RedisCounters:
    """The store the settings name now: Redis when REDIS_URL is set, else the database."""
    return _redis_counters(settings.REDIS_URL) if settings.REDIS_URL else _database_counters()


@cache
def _database_counters() -> DatabaseCounters:
    return DatabaseCounters()


@cache
def _redis_counters(url: str) -> RedisCounters:
    return RedisCounters(url)


def _execute(sql: str, params: list, *, returning: bool = False) -> int:
    """Run one statement; its RETURNING value, or else how many rows it touched."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] if returning else cursor.rowcount
