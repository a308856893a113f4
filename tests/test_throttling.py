"""The brute-force limits: fixed windows in the shared cache."""

from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from accounts.throttling import Limit
from api.exceptions import TooManyRequests

pytestmark = pytest.mark.django_db

WINDOW = 900
START = 1_800_000_000 - 1_800_000_000 % WINDOW


def at(seconds_into_window: int):
    return freeze_time(datetime.fromtimestamp(START + seconds_into_window, tz=UTC))


def test_refuses_the_attempt_past_the_limit_and_says_how_long_to_wait():
    limit = Limit("t", allowed=2, window=WINDOW)
    with at(100):
        limit.attempt("jinho")
        limit.attempt("jinho")
        with pytest.raises(TooManyRequests) as refused:
            limit.attempt("jinho")
    assert refused.value.wait == WINDOW - 100


def test_a_new_window_starts_afresh():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.attempt("jinho")
    with at(WINDOW + 10):
        limit.attempt("jinho")


def test_subjects_are_counted_apart():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.attempt("jinho")
        limit.attempt("mina")


def test_reset_clears_the_count():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.attempt("jinho")
        limit.reset("jinho")
        limit.attempt("jinho")


def test_forgive_takes_back_one_attempt():
    limit = Limit("t", allowed=2, window=WINDOW)
    with at(10):
        limit.attempt("jinho")
        limit.attempt("jinho")
        limit.forgive("jinho")
        limit.attempt("jinho")
        with pytest.raises(TooManyRequests):
            limit.attempt("jinho")


def test_forgiving_an_empty_window_is_harmless():
    Limit("t", allowed=2, window=WINDOW).forgive("nobody")


def test_zero_switches_the_limit_off():
    limit = Limit("t", allowed=0, window=WINDOW)
    with at(10):
        for _ in range(50):
            limit.attempt("jinho")


def test_keys_are_safe_for_any_subject():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.attempt("名前 with spaces\n" * 50)
        with pytest.raises(TooManyRequests):
            limit.attempt("名前 with spaces\n" * 50)


def test_the_configured_cache_is_shared_not_per_process(settings):
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith(("DatabaseCache", "RedisCache"))
