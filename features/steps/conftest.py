"""The shared vocabulary of the scenarios, and the choice of where they run.

Scenarios run in-process by default. With `--base-url URL` (or API_BASE_URL) the
very same scenarios run over HTTP against a live server; those a client cannot
set up there are skipped, by their tags.

Expected codes and messages are the steps' own copy of the contract: they are
never imported from the code they check.
"""

import os
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from pytest_bdd import given, parsers, then, when

from features.steps import tokens
from features.steps.api_client import HttpApi, InProcessApi
from features.steps.clock import Clock
from features.steps.contract import assert_refused
from features.steps.live import (
    SIGNING_KEY_VARIABLE,
    Usernames,
    in_process_skip_reason,
    live_skip_reason,
    live_url_of,
)
from features.steps.members import (
    DEFAULT_PASSWORD,
    PASSPHRASE,
    Cast,
    Member,
    change_password,
    log_in,
    logged_in,
    refresh,
    sign_up,
)
from features.steps.received import RECEIVED
from features.steps.signing_keys import ServiceKeys, published_keys

SCENARIO_MODULES = Path(__file__).parent


# tryfirst: the marker must be on before pytest-django reads it to choose the databases to set up.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """In-process, each scenario gets a clean database; live, none, and some are skipped."""
    live = live_url_of(config) is not None
    for item in items:
        if SCENARIO_MODULES not in item.path.parents:
            continue
        if not live:
            # Mail goes out once its transaction commits, which a rolled-back test never does.
            mail = item.get_closest_marker("needs-mail") is not None
            item.add_marker(pytest.mark.django_db(transaction=mail))
            if reason := in_process_skip_reason(item):
                item.add_marker(pytest.mark.skip(reason=reason))
        elif reason := live_skip_reason(item):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def live_url(request) -> str | None:
    return live_url_of(request.config)


@pytest.fixture
def api(api_factory):
    """The scenario's client: in-process, or over HTTP to the live server."""
    return api_factory()


@pytest.fixture
def api_factory(live_url):
    """Makes more clients, each with a connection of its own, for requests sent together."""
    made = []

    def make():
        made.append(InProcessApi(RECEIVED) if live_url is None else HttpApi(live_url))
        return made[-1]

    yield make
    for client in made:
        if isinstance(client, HttpApi):
            client.close()


@pytest.fixture
def names(live_url) -> Usernames:
    return Usernames(f"-{secrets.token_hex(5)}" if live_url else "")


@pytest.fixture
def clock():
    controller = Clock()
    yield controller
    controller.stop()


@pytest.fixture
def service_keys(tmp_path):
    controller = ServiceKeys(tmp_path)
    yield controller
    controller.stop()


@pytest.fixture
def cast() -> Cast:
    return Cast()


@pytest.fixture
def server_key(live_url) -> str | None:
    """The HS256 key the server signs with, a privilege of the test harness, never of an attacker.

    In-process it is the settings' JWT_SECRET_KEY; live it is API_JWT_SECRET_KEY,
    which CI sets to the server's JWT_SECRET_KEY. Examples that need it are tagged
    @needs-signing-key and are skipped live without it.
    """
    return os.environ.get(SIGNING_KEY_VARIABLE) if live_url else settings.JWT_SECRET_KEY


## Given


@given(parsers.parse("the service signs its tokens with {kind}"))
def service_signs_with(api, live_url, service_keys, kind):
    """New tokens are signed with that kind of key; tokens signed before still verify.

    Live, the server's keys are its operator's: "a key pair" holds if it publishes one,
    and the scenario is skipped otherwise. Any other kind needs @needs-key-change.
    """
    if live_url is None:
        service_keys.move_to(kind, keep_old=True)
    elif kind != "a key pair":
        raise AssertionError(
            "a live server's keys cannot be chosen: tag the scenario @needs-key-change"
        )
    elif not published_keys(api):
        pytest.skip("the live server signs with a secret only, so it publishes no key")


@given(parsers.parse('a member "{username}"'))
def a_member(api, names, cast, username):
    """A member exists with the default password."""
    a_member_with_password(api, names, cast, username, DEFAULT_PASSWORD)


@given(parsers.parse('a member "{username}" with password "{password}"'))
def a_member_with_password(api, names, cast, username, password):
    """A member exists with the given password."""
    member = cast.add(username, Member(username=names.of(username), password=password))
    assert sign_up(api, member).status == 201


@given(parsers.parse('a member "{username}" whose password is a passphrase of 128 characters'))
def a_member_with_passphrase(api, names, cast, username):
    """A member exists whose password is the longest allowed, of every kind of character."""
    a_member_with_password(api, names, cast, username, PASSPHRASE)


@given(parsers.parse('a member "{username}" who has logged in'))
def a_logged_in_member(api, names, cast, username):
    """A member exists and holds a fresh pair of tokens."""
    a_member(api, names, cast, username)
    logged_in(api, cast[username])


@given(parsers.re("the service (?P<does>screens|does not screen) out common passwords"))
def screening(settings, does):
    """An operator chose whether new passwords are checked against the common-password list."""
    settings.SCREEN_COMMON_PASSWORDS = does == "screens"


@given(parsers.parse("{name} has also logged in on another device"))
def logged_in_elsewhere(api, cast, name):
    """The same member holds a second, independent session."""
    member = cast[name]
    member.other_device = logged_in(api, Member(member.username, member.password, member.nickname))


KIND = r"(?P<name>\w+)'s (?P<kind>token|refresh token)"


@given(parsers.re(KIND + " expires in one second"))
def token_about_to_expire(cast, clock, name, kind):
    """The clock stands one second before that token's expiry."""
    clock.move_to(tokens.claims_of(tokens.OWN[kind](cast[name]))["exp"] - 1)


@given(parsers.re(KIND + " has reached its expiry time"))
def token_at_expiry(cast, clock, name, kind):
    """The clock stands exactly at that token's expiry."""
    clock.move_to(tokens.claims_of(tokens.OWN[kind](cast[name]))["exp"])


@given(parsers.parse("{name} has just opened their profile with their token"))
def profile_just_opened(api, cast, name):
    """The token has been accepted once, so the service remembers having verified it."""
    response = api.get("/me", token=cast[name].token)
    assert response.status == 200, response.raw


## When


@when(
    parsers.parse(
        'a visitor signs up as "{username}" with password "{password}" and nickname "{nickname}"'
    ),
    target_fixture="response",
)
def visitor_signs_up(api, names, username, password, nickname):
    """A visitor signs up with exactly these details."""
    return sign_up(api, Member(username=names.of(username), password=password, nickname=nickname))


@when(parsers.parse('"{username}" logs in with password "{password}"'), target_fixture="response")
def logs_in(api, names, username, password):
    """Someone logs in with these credentials."""
    return log_in(api, names.of(username), password)


@when(parsers.parse('{name} changes their password to "{new_password}"'), target_fixture="response")
def changes_password(api, cast, name, new_password):
    """The member tries to change their password."""
    member = cast[name]
    return change_password(api, member, member.password, new_password)


@when(
    parsers.parse('{name} deletes their account giving the password "{password}"'),
    target_fixture="response",
)
def deletes_account(api, cast, name, password):
    """The member tries to leave with this password."""
    return api.delete("/me", {"password": password}, token=cast[name].token)


@when(parsers.parse("{name} refreshes their tokens"), target_fixture="response")
def refreshes(api, cast, name):
    """The member presents their refresh token."""
    return refresh(api, cast[name].refresh_token)


@when(parsers.parse("{name} asks for their profile"), target_fixture="response")
def ask_for_profile(api, cast, name):
    """The member calls the profile endpoint with their token."""
    return api.get("/me", token=cast[name].token)


@when(parsers.parse("{name} asks for their profile on the other device"), target_fixture="response")
def ask_for_profile_elsewhere(api, cast, name):
    """The member calls the profile endpoint with the other session's token."""
    return api.get("/me", token=cast[name].other_device.token)


@when(parsers.parse('{name} asks for their profile at "{path}"'), target_fixture="response")
def ask_for_profile_at(api, cast, name, path):
    """The member calls the profile endpoint at a given path."""
    return api.get(path, token=cast[name].token)


@when(parsers.parse("{name} asks for their profile with {credential}"), target_fixture="response")
def ask_with_credential(api, cast, server_key, name, credential):
    """The member calls the profile endpoint presenting a particular credential (tokens.CREDENTIALS)."""
    return api.call(
        "GET", "/me", authorization=tokens.authorization(credential, cast[name], server_key, api)
    )


@when("a load balancer checks the service's health", target_fixture="response")
def checks_health(api):
    """The health endpoint is called."""
    return api.get("/health")


## Then


@then("the response says when to try again")
def retry_after(response):
    """A Retry-After header gives the seconds to wait: at most a limit's window of 15 minutes."""
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60


@then(parsers.re(r"the request is refused as (?P<code>[A-Z_]+)"))
def refused_as(response, code):
    """The response is the contract's error for that code, in the JSON envelope."""
    assert_refused(response, code)


@then(parsers.parse("the request is refused as VALIDATION_ERROR about the {field_name}"))
def refused_as_invalid_field(response, field_name):
    """The response is VALIDATION_ERROR and names the offending field."""
    assert_refused(response, "VALIDATION_ERROR")
    assert field_name in response.body["error"]["details"], response.body


@then(parsers.parse('they are welcomed as "{username}" nicknamed "{nickname}"'))
def welcomed_as(response, names, username, nickname):
    """The sign-up succeeded and responds with exactly the public profile."""
    assert response.status == 201, response.raw
    assert response.body == {"username": names.of(username), "nickname": nickname}


@then("they receive a token", target_fixture="token")
def receive_token(response):
    """The login succeeded and carries an access token."""
    assert response.status == 200, response.raw
    assert response.content_type == "application/json"
    assert response.body["token"].count(".") == 2
    return response.body["token"]


@then(parsers.parse('"{username}" can log in with password "{password}"'))
def can_log_in(api, names, username, password):
    """The member's credentials work."""
    response = log_in(api, names.of(username), password)
    assert response.status == 200, response.raw


@then(parsers.parse('they see the profile of "{username}"'))
def sees_profile(response, names, username):
    """The profile of that member is shown."""
    assert response.status == 200, response.raw
    assert response.body["username"] == names.of(username)
    assert set(response.body) >= {"username", "nickname"}
