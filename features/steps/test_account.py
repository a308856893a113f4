import time

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps.login_loop import THREADS, LoginLoop
from features.steps.members import change_password, log_in, logged_in

scenarios("account.feature")


## Given


@given(parsers.parse('{name} has changed their password to "{new_password}"'))
def has_changed_password(api, cast, name, new_password):
    """The member changed their password from the current session."""
    member = cast[name]
    response = change_password(api, member, member.password, new_password)
    assert response.status == 200, response.raw
    member.password = new_password


@pytest.fixture
def login_loops():
    """Every login loop a scenario starts; each is stopped when the scenario ends."""
    loops = []
    yield loops
    for loop in loops:
        loop.stop()


@given(
    parsers.parse("someone who knows {name}'s password keeps logging in as {name}"),
    target_fixture="login_loop",
)
def keeps_logging_in(api_factory, cast, login_loops, name):
    """Logins with the member's password, over and over, under the session cap (login_loop.py)."""
    member = cast[name]
    clients = [api_factory() for _ in range(THREADS)]
    login_loops.append(LoginLoop(clients, member.username, member.password).start())
    return login_loops[-1]


@given(parsers.parse("{name} has deleted their account"))
def has_deleted_account(api, cast, name):
    """The member left, confirming with their password."""
    member = cast[name]
    response = api.delete("/me", {"password": member.password}, token=member.token)
    assert response.status == 200, response.raw


@given(parsers.re(r"(?P<name>\w+) has logged in"))
def has_logged_in(api, cast, name):
    """The member holds a fresh pair of tokens."""
    logged_in(api, cast[name])


## When


@when(
    parsers.parse("{name} changes their password without giving the current one"),
    target_fixture="response",
)
def changes_password_without_current(api, cast, name):
    """The member sends only a new password."""
    return api.post("/me/password", {"new_password": "new-password-1"}, token=cast[name].token)


@when(
    parsers.parse("{name} chooses a new password of {length:d} characters"),
    target_fixture="response",
)
def chooses_password_of_length(api, cast, name, length):
    """The member changes their password to one of exactly that length."""
    member = cast[name]
    member.new_password = ("New password 1 " * 10)[:length]
    return change_password(api, member, member.password, member.new_password)


@when(
    parsers.parse('{name} changes their password giving "{current}" as the current one'),
    target_fixture="response",
)
def changes_password_with_wrong_current(api, cast, name, current):
    """The member tries to change their password with a wrong current one."""
    return change_password(api, cast[name], current, "new-password-1")


@when(
    parsers.parse("{name} deletes their account without giving the password"),
    target_fixture="response",
)
def deletes_account_without_password(api, cast, name):
    """The member tries to leave and sends no password."""
    return api.delete("/me", {}, token=cast[name].token)


@when(
    parsers.parse("{name} chooses a new password holding their username"),
    target_fixture="response",
)
def chooses_password_with_username(api, cast, name):
    """The member's new password is their username with words around it."""
    member = cast[name]
    member.new_password = f"my {member.username} password"
    return change_password(api, member, member.password, member.new_password)


## Then


@then("the password is changed")
def password_changed(response):
    """The change succeeded and says how many other sessions it ended."""
    assert response.status == 200, response.raw
    assert "sessions_ended" in response.body


@then(parsers.parse("{name} can log in with the new password"))
def can_log_in_with_new(api, cast, name):
    """The password just chosen logs the member in."""
    member = cast[name]
    assert log_in(api, member.username, member.new_password).status == 200


@then(parsers.parse("{name}'s session on the other device still works"))
def other_session_works(api, cast, name):
    """The member's other session was not ended."""
    assert api.get("/me", token=cast[name].other_device.token).status == 200


@then(
    "none of the sessions started with the old password works", target_fixture="change_returned_at"
)
def old_sessions_end(api, login_loop):
    """Once the change or the deletion has returned, every session of the old password is refused."""
    returned = time.monotonic()
    login_loop.stop(after=0.5)
    assert login_loop.unexpected_logouts() == []
    working = [
        token for token in login_loop.sessions() if api.get("/me", token=token).status != 401
    ]
    assert working == [], f"{len(working)} of {len(login_loop.sessions())} sessions still work"
    return returned


@then("no login with the old password has succeeded since")
def no_login_since(login_loop, change_returned_at):
    """Logins started after the response all failed."""
    assert login_loop.succeeded_since(change_returned_at) == []


@then("the account is deleted")
def account_deleted(response):
    """The deletion succeeded, whatever else the member was doing."""
    assert response.status == 200 and response.body == {"deleted": True}, response.raw
