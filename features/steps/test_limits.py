import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps.clock import WINDOW_START
from features.steps.contract import assert_refused
from features.steps.members import DEFAULT_PASSWORD, Member, log_in, logged_in, sign_up

scenarios("limits.feature")

ANOTHER_ADDRESS = "203.0.113.9"
ATTACKER_ADDRESS = "198.51.100.66"
# An attacker's IPv6 /64 (addresses are this and a last group), and an address of the next one.
ATTACKER_NETWORK = "2001:db8:0:66::"
NEXT_NETWORK_ADDRESS = "2001:db8:0:67::1"
# The window the scenarios' limits are counted in (the default LOGIN_LIMIT_WINDOW).
LOGIN_WINDOW = 15 * 60


@pytest.fixture(autouse=True)
def _steady_clock(live_url, clock):
    """Limits count in windows of time: in-process, hold the clock still unless a step moves it."""
    if live_url is None:
        clock.move_to(WINDOW_START + 1)


## Given


@given(parsers.parse('someone has tried {count:d} wrong passwords for "{username}"'))
def wrong_passwords(api, names, count, username):
    """Failed logins against one username, from one address."""
    for _ in range(count):
        assert log_in(api, names.of(username), "wrong-password").status == 401


@given(parsers.parse("someone has tried {count:d} wrong passwords spread over many usernames"))
def wrong_passwords_everywhere(api, names, count):
    """Failed logins from one address, each against a different username."""
    for attempt in range(count):
        assert log_in(api, names.of(f"stranger-{attempt}"), "wrong-password").status == 401


@given(
    parsers.parse('an attacker at one address has tried {count:d} wrong passwords for "{username}"')
)
def attacker_guesses(api, names, count, username):
    """One address guesses one member's password far past its limit."""
    statuses = [
        log_in(api, names.of(username), "wrong-password", address=ATTACKER_ADDRESS).status
        for _ in range(count)
    ]
    assert statuses == [401] * 5 + [429] * (count - 5)


@given(
    parsers.parse(
        '{addresses:d} addresses have each tried {count:d} wrong passwords for "{username}"'
    )
)
def guesses_from_many_addresses(api, names, addresses, count, username):
    """A crowd of addresses, each guessing one member's password up to its own limit."""
    for number in range(addresses):
        for _ in range(count):
            response = log_in(
                api, names.of(username), "wrong-password", address=f"192.0.2.{number + 1}"
            )
            assert response.status == 401


@given(
    parsers.parse(
        "someone has tried {count:d} wrong passwords from as many addresses of one IPv6 /64"
    )
)
def wrong_passwords_from_one_network(api, names, count):
    """One host sprays usernames, each guess from another address of its /64."""
    for n in range(count):
        response = log_in(
            api, names.of(f"stranger-{n}"), "wrong-password", address=f"{ATTACKER_NETWORK}{n + 1:x}"
        )
        assert response.status == 401


@given(
    parsers.parse(
        '{addresses:d} addresses of one IPv6 /64 have each tried {count:d} wrong passwords for "{username}"'
    )
)
def guesses_from_one_network(api, names, addresses, count, username):
    """One host guesses one member's password from many addresses of its /64."""
    statuses = [
        log_in(
            api, names.of(username), "wrong-password", address=f"{ATTACKER_NETWORK}{n + 1:x}"
        ).status
        for n in range(addresses)
        for _ in range(count)
    ]
    # The /64 is one address: five failures on the member, then refused.
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}


@given("an attacker at one address has been refused after guessing across many usernames")
def attacker_refused(api, names):
    """The attacker's address used up its allowance on other usernames and is now refused."""
    for attempt in range(20):
        assert (
            log_in(
                api, names.of(f"sprayed-{attempt}"), "wrong-password", address=ATTACKER_ADDRESS
            ).status
            == 401
        )
    assert (
        log_in(api, names.of("sprayed-one-more"), "wrong-password", address=ATTACKER_ADDRESS).status
        == 429
    )


@given(parsers.parse('that attacker has tried {count:d} wrong passwords for "{username}"'))
def refused_attacker_guesses(api, names, count, username):
    """The refused attacker turns to one member; every try is refused before any check."""
    for _ in range(count):
        assert (
            log_in(api, names.of(username), "wrong-password", address=ATTACKER_ADDRESS).status
            == 429
        )


@given(
    parsers.parse(
        "a flood of {count:d} failed logins for other usernames has come from another address"
    )
)
def flood(api, names, count):
    """Many logins for usernames nobody has, each a count of its own in the store."""
    statuses = {
        log_in(api, names.of(f"flood-{n}"), "wrong-password", address=ANOTHER_ADDRESS).status
        for n in range(count)
    }
    assert statuses == {401, 429}


@given(parsers.parse('"{name}" has logged in successfully'))
def logged_in_successfully(api, cast, name):
    """The member logged in with the right password."""
    logged_in(api, cast[name])


@given(parsers.parse("{minutes:d} minutes have passed"))
def minutes_pass(clock, minutes):
    """The clock moves forward."""
    clock.advance(minutes * 60)


@given(
    parsers.parse("{count:d} more visitors have signed up from the address {name} signed up from")
)
def many_signups(api, names, count):
    """Successful sign-ups from the member's address, the client's own as every member's, on top of theirs."""
    for number in range(count):
        assert sign_up(api, Member(username=names.of(f"visitor-{number}"))).status == 201


## When


@when(
    parsers.parse('"{username}" logs in with password "{password}" from another address'),
    target_fixture="response",
)
def logs_in_from_elsewhere(api, names, username, password):
    """A login from a different client address."""
    return log_in(api, names.of(username), password, address=ANOTHER_ADDRESS)


@when(
    parsers.parse(
        '"{username}" logs in with password "{password}" from yet another address of that /64'
    ),
    target_fixture="response",
)
def logs_in_from_the_same_network(api, names, username, password):
    """A login from an address of the attacker's /64 not used before."""
    return log_in(api, names.of(username), password, address=f"{ATTACKER_NETWORK}ffff")


@when(
    parsers.parse('"{username}" logs in with password "{password}" from the next IPv6 /64'),
    target_fixture="response",
)
def logs_in_from_the_next_network(api, names, username, password):
    """A login from the /64 beside the attacker's."""
    return log_in(api, names.of(username), password, address=NEXT_NETWORK_ADDRESS)


@when("another visitor signs up from that address", target_fixture="response")
def one_more_signup(api, names):
    """One sign-up more from the same address."""
    return sign_up(api, Member(username=names.of("one-too-many"), password=DEFAULT_PASSWORD))


@when(
    parsers.parse('someone sends {count:d} wrong passwords for "{username}" at the same moment'),
    target_fixture="responses",
)
def simultaneous_guesses(api_factory, names, count, username):
    """Many guesses at once, each on a connection of its own, as a script would send them."""
    for target in (username, f"{username}-again"):
        if target != username:
            # The first burst straddled two windows, so it was counted in two: again, afresh.
            assert sign_up(api_factory(), Member(username=names.of(target))).status == 201
        started = time.time()
        responses = send_together(api_factory, count, names.of(target))
        if int(started // LOGIN_WINDOW) == int(time.time() // LOGIN_WINDOW):
            return responses
    raise AssertionError("two bursts in a row straddled a window boundary")


def send_together(api_factory, count: int, username: str) -> list:
    clients = [api_factory() for _ in range(count)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda client: log_in(client, username, "wrong-password"), clients))


## Then


@then(
    parsers.parse(
        "exactly {checked:d} of them are checked and the rest are refused as TOO_MANY_REQUESTS"
    )
)
def exactly_checked(responses, checked):
    """Only as many guesses as the limit allows reach the password check."""
    statuses = sorted(response.status for response in responses)
    assert statuses == [401] * checked + [429] * (len(responses) - checked), statuses
    for response in responses:
        assert_refused(
            response, "INVALID_CREDENTIALS" if response.status == 401 else "TOO_MANY_REQUESTS"
        )
