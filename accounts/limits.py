"""Limits on password guessing and on sign-ups.

Counts live in fixed windows keyed by the window's number (api/counters.py), so
every worker and instance shares them, and a window simply ends: no one is held
back for longer than the window, however hard they are attacked.

A password check is counted under three limits (OWASP Authentication Cheat Sheet:
throttle rather than lock out, so that lock-outs cannot be used for denial of
service). One username from one address is the tight one; one address over all
usernames stops spraying; one username from all addresses stops many clients on
one member, and is set high, because anyone may spend it. A request refused by
one limit counts against none, so a client that is already refused spends nothing
of a member's allowance.
"""

import hashlib
import time
from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError

from api.addresses import counted_address
from api.counters import counters
from api.exceptions import ServiceUnavailable, TooManyRequests
from api.metrics import LIMIT_REFUSALS, count_limit_refusal, list_at_zero

# Every limit by its name below, listed in the metric before its first refusal.
LIMIT_NAMES = ("per_username_and_address", "per_address", "per_username", "signups_per_address")
list_at_zero(LIMIT_REFUSALS, LIMIT_NAMES)


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int  # 0 switches the limit off
    window: int  # seconds

    def count(self, subject: str) -> None:
        """Count one attempt, or refuse it (counting nothing) when it is past the limit.

        Counting comes first, and the counter answers atomically, so of requests
        arriving together exactly `allowed` are let through.
        """
        if not self.allowed:
            return
        now = time.time()
        window = int(now // self.window)
        store = counters()
        key = self._key(subject, window)
        if store.increment(key, expires_at=(window + 1) * self.window) > self.allowed:
            store.decrement(key)
            count_limit_refusal(self.name)
            raise TooManyRequests(wait=(window + 1) * self.window - int(now), limit=self.name)

    def take_back(self, subject: str) -> None:
        """Undo one count, for an attempt that turned out not to be a failure."""
        if self.allowed:
            counters().decrement(self._current_key(subject))

    def clear(self, subject: str) -> None:
        if self.allowed:
            counters().delete(self._current_key(subject))

    def _current_key(self, subject: str) -> str:
        return self._key(subject, int(time.time() // self.window))

    def _key(self, subject: str, window: int) -> str:
        # Hashed, so any username or address makes a short key that names no one.
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        return f"limit:{self.name}:{digest}:{window}"


@dataclass(frozen=True)
class PasswordCheck:
    """One password check, counted under the three login limits until it succeeds."""

    username_key: str
    address: str

    def count(self) -> "PasswordCheck":
        counted = []
        try:
            for limit, subject in self._limits():
                limit.count(subject)
                counted.append((limit, subject))
        except (TooManyRequests, ServiceUnavailable, DatabaseError):
            # Refused, or the store failed between two limits: this check is not made, so
            # the counts it took are given back (as far as a failing store allows).
            with suppress(ServiceUnavailable, DatabaseError):
                for limit, subject in counted:
                    limit.take_back(subject)
            raise
        return self

    def succeeded(self) -> None:
        """Only failures add up: the username's count from this address starts over."""
        (pair, pair_subject), *others = self._limits()
        pair.clear(pair_subject)
        for limit, subject in others:
            limit.take_back(subject)

    def cancel(self) -> None:
        """The check was never made (a part went down mid-way): it counts as nothing."""
        for limit, subject in self._limits():
            limit.take_back(subject)

    def _limits(self) -> list[tuple[Limit, str]]:
        window = settings.LOGIN_LIMIT_WINDOW
        address = counted_address(self.address)
        return [
            # The tight, specific limit first: a client refused here touches nothing else.
            (
                Limit(
                    "per_username_and_address",
                    settings.LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS,
                    window,
                ),
                f"{self.username_key} {address}",
            ),
            (Limit("per_address", settings.LOGIN_LIMIT_PER_ADDRESS, window), address),
            # Last: the member's shared allowance is spent only by checks that will run.
            (Limit("per_username", settings.LOGIN_LIMIT_PER_USERNAME, window), self.username_key),
        ]


def count_password_check(*, username_key: str, address: str) -> PasswordCheck:
    """Count a password check about to run; raises TooManyRequests if a limit refuses it."""
    return PasswordCheck(username_key=username_key, address=address).count()


def count_signup(*, address: str) -> None:
    Limit(
        "signups_per_address", settings.SIGNUP_LIMIT_PER_ADDRESS, settings.SIGNUP_LIMIT_WINDOW
    ).count(counted_address(address))
