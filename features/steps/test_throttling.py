import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps.clock import WINDOW_START
from features.steps.members import DEFAULT_PASSWORD, Member, log_in, logged_in, sign_up

scenarios("throttling.feature")

ANOTHER_ADDRESS = "203.0.113.9"


@pytest.fixture(autouse=True)
def _steady_clock(clock):
    """Limits count in windows of time: hold the clock still unless a step moves it."""
    clock.move_to(WINDOW_START + 1)


## Given


@given(parsers.parse('someone has tried {count:d} wrong passwords for "{username}"'))
def wrong_passwords(api, names, count, username):
    """Failed logins against one username."""
    for _ in range(count):
        assert log_in(api, names.of(username), "wrong-password").status == 401


@given(parsers.parse("someone has tried {count:d} wrong passwords spread over many usernames"))
def wrong_passwords_everywhere(api, names, count):
    """Failed logins from one address, each against a different username."""
    for attempt in range(count):
        assert log_in(api, names.of(f"stranger-{attempt}"), "wrong-password").status == 401


@given(parsers.parse('"{name}" has logged in successfully'))
def logged_in_successfully(api, cast, name):
    """The member logged in with the right password."""
    logged_in(api, cast[name])


@given(parsers.parse("{minutes:d} minutes have passed"))
def minutes_pass(clock, minutes):
    """The clock moves forward."""
    clock.advance(minutes * 60)


@given(parsers.parse("{count:d} more visitors have signed up from the address {name} signed up from"))
def many_signups(api, names, cast, count, name):
    """Successful sign-ups from the member's address, on top of the member's own."""
    address = cast[name].address
    for number in range(count):
        assert sign_up(api, Member(username=names.of(f"visitor-{number}"), address=address)).status == 201


## When


@when(
    parsers.parse('"{username}" logs in with password "{password}" from another address'),
    target_fixture="response",
)
def logs_in_from_elsewhere(api, names, username, password):
    """A login from a different client address."""
    return log_in(api, names.of(username), password, address=ANOTHER_ADDRESS)


@when("another visitor signs up from that address", target_fixture="response")
def one_more_signup(api, names):
    """One sign-up more from the same address."""
    return sign_up(api, Member(username=names.of("one-too-many"), password=DEFAULT_PASSWORD))


## Then


@then("the response says when to try again")
def retry_after(response):
    """A Retry-After header gives the seconds left in the window."""
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
