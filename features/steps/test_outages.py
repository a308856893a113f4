"""Parts going down, as an operator would see them: set up inside the server (@needs-outage)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps.contract import assert_refused
from features.steps.members import log_in

scenarios("outages.feature")

# Nothing listens on port 1: connecting is refused at once, as with a Redis that is down.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def database_down():
    """Every new database cursor fails the way it does while PostgreSQL restarts."""
    down = mock.patch.object(
        BaseDatabaseWrapper,
        "cursor",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    )
    yield down
    down.stop()


## Given


@given("the limit counters cannot be reached")
def counter_store_down(settings):
    """The login attempt counter lives in a Redis that does not respond."""
    settings.REDIS_URL = UNREACHABLE_REDIS


@given("the limit counters were down for a while and are back")
def counter_store_back(settings, api, cast):
    """Logins waited while the counter was down; then it answered again."""
    member = cast.only()
    working = settings.REDIS_URL
    settings.REDIS_URL = UNREACHABLE_REDIS
    assert log_in(api, member.username, member.password).status == 503
    settings.REDIS_URL = working


@given("the database cannot be reached")
def database_unreachable(database_down):
    """The database stops answering, as during a restart."""
    database_down.start()


## When


@when(parsers.parse("{name} logs out"), target_fixture="response")
def logs_out(api, cast, name):
    """The member ends this session, presenting its refresh token."""
    member = cast[name]
    return api.post("/logout", {"refresh_token": member.refresh_token}, token=member.token)


@when(parsers.parse("{name} logs out everywhere"), target_fixture="response")
def logs_out_everywhere(api, cast, name):
    """The member ends every session."""
    return api.post("/logout/all", token=cast[name].token)


@when(
    parsers.re(r"(?P<name>\w+) gives member (?P<target_id>\d+) the roles (?P<roles>\w+)"),
    target_fixture="response",
)
def gives_roles(api, cast, name, target_id, roles):
    """The member asks to set a member's roles (the database says whether they may)."""
    path = f"/admin/users/{target_id}/roles"
    return api.patch(path, {"roles": [roles]}, token=cast[name].token)


@when(
    parsers.re(r"(?P<name>\w+) ends every session of member (?P<target_id>\d+)"),
    target_fixture="response",
)
def ends_member_sessions(api, cast, name, target_id):
    """The member asks to end a member's sessions (the database says whether they may)."""
    return api.delete(f"/admin/users/{target_id}/sessions", None, token=cast[name].token)


@when(parsers.parse("{name} asks for a password reset"), target_fixture="response")
def asks_for_reset(api, cast, name):
    """Someone asks for a reset code for the member."""
    return api.post("/password/forgot", {"username": cast[name].username})


@when(parsers.parse("{name} resets their password with a code"), target_fixture="response")
def resets_password(api, cast, name):
    """Someone sends a reset code and a new password."""
    return api.post("/password/reset", {"code": "c" * 32, "password": "a-better-one"})


@when(parsers.parse("{name} verifies an address with a code"), target_fixture="response")
def verifies_address(api, cast, name):
    """Someone sends a verification code."""
    return api.post("/email/verify", {"code": "c" * 32})


@when(parsers.parse("{name} gives a new email address"), target_fixture="response")
def gives_address(api, cast, name):
    """The member asks to verify a new address."""
    member = cast[name]
    body = {"email": "someone@example.com", "password": member.password}
    return api.post("/me/email", body, token=member.token)


@when(parsers.parse("{name} lists their sessions"), target_fixture="response")
def lists_sessions(api, cast, name):
    """The member asks for their own sessions."""
    return api.get("/me/sessions", token=cast[name].token)


@when(parsers.parse("{name} ends the session with id {session_id}"), target_fixture="response")
def ends_session(api, cast, name, session_id):
    """The member asks to end one of their sessions."""
    return api.delete(f"/me/sessions/{session_id}", None, token=cast[name].token)


@when(parsers.parse("{name} starts adding an authenticator app"), target_fixture="response")
def starts_totp(api, cast, name):
    """The member asks for a TOTP secret."""
    member = cast[name]
    return api.post("/me/mfa/totp", {"password": member.password}, token=member.token)


@when(
    parsers.parse("{name} confirms their authenticator app with code {code}"),
    target_fixture="response",
)
def confirms_totp(api, cast, name, code):
    """The member sends a first code from the app."""
    return api.post("/me/mfa/totp/confirm", {"code": code}, token=cast[name].token)


@when(
    parsers.parse("{name} turns their authenticator app off with code {code}"),
    target_fixture="response",
)
def turns_totp_off(api, cast, name, code):
    """The member turns the second factor off."""
    member = cast[name]
    body = {"password": member.password, "code": code}
    return api.delete("/me/mfa/totp", body, token=member.token)


@when(
    parsers.parse("{name} replaces their recovery codes with code {code}"),
    target_fixture="response",
)
def replaces_recovery_codes(api, cast, name, code):
    """The member asks for a new set of recovery codes."""
    return api.post("/me/mfa/recovery-codes", {"code": code}, token=cast[name].token)


@when(parsers.parse("{name} finishes a two-step login with code {code}"), target_fixture="response")
def finishes_two_step_login(api, cast, name, code):
    """Someone sends a half-login's token and a code."""
    return api.post("/login/mfa", {"mfa_token": "t" * 43, "code": code})


## Then


@then(parsers.parse('the service reports "{part}" as unreachable and "{other}" as ok'))
def reports_one_part_down(response, part, other):
    """The health check answers 503 and names which part is down and which is fine."""
    reports_part_down(response, part)
    assert response.body["checks"][other] == "ok"


@then(parsers.parse('the service reports "{part}" as unreachable'))
def reports_part_down(response, part):
    """The health check answers 503 in the envelope, naming the part that is down."""
    assert_refused(response, "SERVICE_UNAVAILABLE")
    assert response.body["status"] == "unavailable"
    assert response.body["checks"][part] == "unreachable"
