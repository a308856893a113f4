"""The limits on password guessing and sign-ups, above the limit counters."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from accounts.limits import Limit, count_password_check, count_signup
from api.counters import counters
from api.exceptions import ServiceUnavailable, TooManyRequests

pytestmark = pytest.mark.django_db

WINDOW = 900
START = 1_800_000_000 - 1_800_000_000 % WINDOW


def at(seconds_into_window: int):
    return freeze_time(datetime.fromtimestamp(START + seconds_into_window, tz=UTC))


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS = 2
    settings.LOGIN_LIMIT_PER_ADDRESS = 3
    settings.LOGIN_LIMIT_PER_USERNAME = 4
    settings.LOGIN_LIMIT_WINDOW = WINDOW
    settings.SIGNUP_LIMIT_PER_ADDRESS = 1


def test_refuses_the_attempt_past_the_limit_naming_it_and_saying_how_long_to_wait():
    limit = Limit("t", allowed=2, window=WINDOW)
    with at(100):
        limit.count("jinho")
        limit.count("jinho")
        with pytest.raises(TooManyRequests) as refused:
            limit.count("jinho")
    assert (refused.value.wait, refused.value.limit) == (WINDOW - 100, "t")


def test_a_refused_attempt_is_not_counted():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.count("jinho")
        for _ in range(3):
            with pytest.raises(TooManyRequests):
                limit.count("jinho")
        limit.take_back("jinho")
        limit.count("jinho")


def test_a_new_window_starts_afresh():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.count("jinho")
    with at(WINDOW + 10):
        limit.count("jinho")


def test_subjects_are_counted_apart():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.count("jinho")
        limit.count("mina")


def test_zero_switches_the_limit_off():
    limit = Limit("t", allowed=0, window=WINDOW)
    with at(10):
        for _ in range(50):
            limit.count("jinho")


def test_keys_are_safe_for_any_subject():
    limit = Limit("t", allowed=1, window=WINDOW)
    with at(10):
        limit.count("名前 with spaces\n" * 50)
        with pytest.raises(TooManyRequests):
            limit.count("名前 with spaces\n" * 50)


def refused_by(**subject) -> str | None:
    try:
        count_password_check(**subject)
    except TooManyRequests as refused:
        return refused.limit
    return None


def test_one_username_from_one_address_is_the_tight_limit():
    with at(10):
        assert [refused_by(username_key="u", address="a") for _ in range(3)] == [
            None,
            None,
            "per_username_and_address",
        ]


def test_one_address_over_many_usernames_is_limited():
    with at(10):
        refusals = [refused_by(username_key=f"u{n}", address="a") for n in range(4)]
    assert refusals == [None, None, None, "per_address"]


def test_one_username_from_many_addresses_is_limited():
    with at(10):
        refusals = [refused_by(username_key="u", address=f"a{n}") for n in range(5)]
    assert refusals == [None, None, None, None, "per_username"]


def test_a_refused_address_spends_nothing_of_a_members_allowance():
    with at(10):
        for n in range(3):
            refused_by(username_key=f"other-{n}", address="attacker")
        assert [refused_by(username_key="member", address="attacker") for _ in range(10)] == [
            "per_address"
        ] * 10
        # The member's allowance from all addresses (4) is untouched by the ten refusals.
        assert [refused_by(username_key="member", address=f"home-{n}") for n in range(4)] == [
            None
        ] * 4


def test_a_success_starts_its_pair_over_and_gives_back_the_other_counts():
    with at(10):
        count_password_check(username_key="u", address="a")
        count_password_check(username_key="u", address="a").succeeded()
        # The pair starts over: two more failures fit, as at the start.
        assert refused_by(username_key="u", address="a") is None
        assert refused_by(username_key="u", address="a") is None
        assert refused_by(username_key="u", address="a") == "per_username_and_address"
        # The address gave its success back: three failures so far, its limit.
        assert refused_by(username_key="w", address="a") == "per_address"


def test_signups_count_per_address():
    with at(10):
        count_signup(address="a")
        count_signup(address="b")
        with pytest.raises(TooManyRequests) as refused:
            count_signup(address="a")
    assert refused.value.limit == "signups_per_address"


def test_an_administrator_made_by_createadmin_is_a_sign_up_and_counts_as_one(monkeypatch):
    """The operator's command signs up as everyone does; a refusal is a message, not a traceback."""
    monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    with at(10):
        call_command("createadmin", username="root", stdout=StringIO())
        with pytest.raises(CommandError, match="요청이 너무 많습니다"):
            call_command("createadmin", username="second-root", stdout=StringIO())


def test_a_check_that_was_never_made_counts_as_nothing():
    with at(10):
        for _ in range(5):
            count_password_check(username_key="u", address="a").cancel()
        assert [refused_by(username_key="u", address="a") for _ in range(3)] == [
            None,
            None,
            "per_username_and_address",
        ]


class StoreFailingAtIncrement:
    """The real counter store, except that its `n`th increment finds the store gone."""

    def __init__(self, store, n: int):
        self.store, self.n, self.increments = store, n, 0

    def increment(self, key, **kwargs):
        self.increments += 1
        if self.increments == self.n:
            raise ServiceUnavailable(part="redis")
        return self.store.increment(key, **kwargs)

    def __getattr__(self, name):
        return getattr(self.store, name)


@pytest.mark.parametrize("failing", [2, 3])
def test_a_store_failing_between_two_limits_leaves_no_count_standing(monkeypatch, failing):
    """A check refused with 503 was never made: the counts it took before the failure are given back."""
    store = counters()
    with at(10):
        failing_store = StoreFailingAtIncrement(store, failing)
        monkeypatch.setattr("accounts.limits.counters", lambda: failing_store)
        with pytest.raises(ServiceUnavailable):
            count_password_check(username_key="u", address="a")
        monkeypatch.setattr("accounts.limits.counters", lambda: store)
        # The whole allowance is left: two for the pair, as if nothing had happened.
        assert [refused_by(username_key="u", address="a") for _ in range(3)] == [
            None,
            None,
            "per_username_and_address",
        ]
