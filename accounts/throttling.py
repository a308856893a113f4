"""Limits on failed logins and on sign-ups, counted in Django's shared cache.

Counts live in fixed windows keyed by the window's number, so every worker and
instance shares them (Redis or the database cache), and a window simply ends:
no one can be locked out for longer than the window, however hard they are attacked.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from api.exceptions import TooManyRequests


@dataclass(frozen=True)
class Limit:
    name: str  # also what the audit trail and the metrics call it
    allowed: int  # 0 switches the limit off
    window: int  # seconds

    def _key(self, subject: str, now: float) -> str:
        # Hashed, so any username or address makes a short, safe cache key.
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        return f"limit:{self.name}:{digest}:{int(now // self.window)}"

    def attempt(self, subject: str) -> None:
        """Count one attempt; refuse it if it is past the limit.

        Counting comes first, so requests arriving together cannot all pass one
        check before any of them is counted. Redis increments atomically; the
        database cache is the fallback and may lose a count under contention.
        """
        if not self.allowed:
            return
        now = time.time()
        if self._increment(self._key(subject, now)) > self.allowed:
            raise TooManyRequests(wait=self.window - int(now % self.window), limit=self.name)

    def forgive(self, subject: str) -> None:
        """Take back one attempt, for one that turned out not to be a failure."""
        if not self.allowed:
            return
        try:
            cache.decr(self._key(subject, time.time()))
        except ValueError:  # the window ended meanwhile: nothing left to take back
            pass

    def reset(self, subject: str) -> None:
        cache.delete(self._key(subject, time.time()))

    def _increment(self, key: str) -> int:
        cache.add(key, 0, timeout=self.window)
        try:
            return cache.incr(key)
        except ValueError:  # the entry expired between add and incr
            cache.set(key, 1, timeout=self.window)
            return 1


def failed_logins_per_username() -> Limit:
    return Limit("per_username", settings.LOGIN_LIMIT_PER_USERNAME, settings.LOGIN_LIMIT_WINDOW)


def failed_logins_per_address() -> Limit:
    return Limit("per_address", settings.LOGIN_LIMIT_PER_ADDRESS, settings.LOGIN_LIMIT_WINDOW)


def signups_per_address() -> Limit:
    return Limit("signups_per_address", settings.SIGNUP_LIMIT_PER_ADDRESS, settings.SIGNUP_LIMIT_WINDOW)
