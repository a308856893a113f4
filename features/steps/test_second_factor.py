"""Steps for second factors. The authenticator app is pyotp, as a member's phone would be.

Scenarios that use codes run on the scenario's own clock (@needs-clock), starting at
the start of an hour (so no limit window is straddled); each code "the app shows" is
taken 30 seconds after the one before, as a member would wait for a fresh one.
"""

import io
from dataclasses import dataclass, field, replace

import pyotp
import pytest
from django.core.management import call_command
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import tokens
from features.steps.api_client import REFUSED_BODIES
from features.steps.clock import WINDOW_START
from features.steps.members import DEFAULT_PASSWORD, Member, log_in, logged_in

scenarios("second_factor.feature")

WRONG_CODE = "000000"


@dataclass
class Authenticator:
    """What a member holds: the app's secret, recovery codes, codes used, half-logins."""

    secret: str = ""
    recovery_codes: list[str] = field(default_factory=list)
    old_recovery_codes: list[str] = field(default_factory=list)
    last_code: str = ""
    last_recovery_code: str = ""
    mfa_tokens: list[str] = field(default_factory=list)
    last_login: dict = field(default_factory=dict)

    def code_at(self, timestamp: float) -> str:
        return pyotp.TOTP(self.secret).at(timestamp)


@pytest.fixture(autouse=True)
def start_of_an_hour(clock, live_url):
    """In-process, codes come from the scenario's clock; live, the few scenarios run use none."""
    if live_url is None:
        clock.move_to(WINDOW_START)
    return clock


@pytest.fixture
def apps() -> dict[str, Authenticator]:
    return {}


def app_of(apps, name) -> Authenticator:
    return apps.setdefault(name, Authenticator())


def fresh_code(clock, app: Authenticator) -> str:
    clock.advance(30)
    app.last_code = app.code_at(clock.now)
    return app.last_code


def earlier_code(app: Authenticator, clock, seconds: int) -> str:
    """A code from `seconds` ago, after waiting long enough that no code of then was used."""
    clock.advance(seconds + 60)
    return app.code_at(clock.now - seconds)


def start_adding(api, member, password):
    return api.post("/me/mfa/totp", {"password": password}, token=member.token)


def finish_login(api, mfa_token, code):
    return api.post("/login/mfa", {"mfa_token": mfa_token, "code": code})


## Given


@given(parsers.parse("{name} has started adding an authenticator app"))
def has_started(api, cast, apps, name):
    """The member has asked for a secret and put it in their app."""
    response = start_adding(api, cast[name], cast[name].password)
    assert response.status == 201, response.raw
    app_of(apps, name).secret = response.body["secret"]


@given(parsers.parse("{name} has sent {count:d} wrong codes to confirm the app"))
def wrong_confirmations(api, cast, name, count):
    """Someone guesses the app's code, wrongly, again and again."""
    for _ in range(count):
        response = api.post("/me/mfa/totp/confirm", {"code": WRONG_CODE}, token=cast[name].token)
        assert response.status == 401, response.raw


@given(parsers.parse("{name} has turned on a second factor"))
def has_turned_on(api, cast, apps, clock, name):
    """The member added an app, confirmed it, and keeps the recovery codes."""
    has_started(api, cast, apps, name)
    app = apps[name]
    response = api.post(
        "/me/mfa/totp/confirm", {"code": fresh_code(clock, app)}, token=cast[name].token
    )
    assert response.status == 200, response.raw
    app.recovery_codes = list(response.body["recovery_codes"])


@given(parsers.parse("{name} has not added an app"))
def has_not_added(name):
    """Nothing to do: no member has a second factor until they add one."""


@given(parsers.parse("{name} has given their password to log in"))
def has_given_password(api, cast, apps, name):
    """The password was right; the member holds a half-login token."""
    response = log_in(api, cast[name].username, cast[name].password)
    assert response.status == 403, response.raw
    app_of(apps, name).mfa_tokens.append(response.body["error"]["mfa_token"])


@given(parsers.parse("{name} has given their password to log in on two devices"))
def has_given_password_twice(api, cast, apps, name):
    """Two half-logins of the same member wait for their codes."""
    has_given_password(api, cast, apps, name)
    has_given_password(api, cast, apps, name)


@given(parsers.parse("{name} has logged in with the code the app shows"))
def has_logged_in_with_code(api, cast, apps, clock, name):
    """A whole login: password, then a fresh code."""
    has_given_password(api, cast, apps, name)
    app = apps[name]
    response = finish_login(api, app.mfa_tokens[-1], fresh_code(clock, app))
    assert response.status == 200, response.raw
    app.last_login = response.body


@given(parsers.parse("{name} has logged in with a recovery code"))
def has_logged_in_with_recovery_code(api, cast, apps, name):
    """A whole login: password, then the first recovery code."""
    has_given_password(api, cast, apps, name)
    app = apps[name]
    app.last_recovery_code = app.recovery_codes.pop(0)
    response = finish_login(api, app.mfa_tokens[-1], app.last_recovery_code)
    assert response.status == 200, response.raw


@given(parsers.parse("{name} has sent {count:d} wrong codes to finish logging in"))
def has_sent_wrong_codes(api, apps, name, count):
    """Someone with the password guesses codes for the first half-login."""
    for _ in range(count):
        assert finish_login(api, apps[name].mfa_tokens[0], WRONG_CODE).status == 401


@given("five minutes have passed")
def five_minutes_pass(clock):
    """The clock moves on by exactly the lifetime of a half-login."""
    clock.advance(5 * 60 - 30)  # the next code the app shows is 30 seconds later still


@given(parsers.parse("{name} has changed their password with a code from the app"))
def has_changed_password(api, cast, apps, clock, name):
    """The member's password is now another one."""
    member = cast[name]
    body = {
        "current_password": member.password,
        "new_password": "another-password",
        "mfa_code": fresh_code(clock, apps[name]),
    }
    assert api.post("/me/password", body, token=member.token).status == 200


@given(parsers.parse("{name} has replaced their recovery codes"))
def has_replaced(api, cast, apps, clock, name):
    """A new set of recovery codes; the member remembers the old ones."""
    app = apps[name]
    body = {"code": fresh_code(clock, app)}
    response = api.post("/me/mfa/recovery-codes", body, token=cast[name].token)
    assert response.status == 200, response.raw
    app.old_recovery_codes, app.recovery_codes = app.recovery_codes, response.body["recovery_codes"]


@given(parsers.parse("{name} has logged out everywhere"))
def has_logged_out_everywhere(api, cast, name):
    """The member ended every one of their sessions."""
    assert api.post("/logout/all", token=cast[name].token).status == 200


@given("administrators must use a second factor")
def admins_need_second_factor(settings):
    """The operator has set ADMIN_REQUIRE_MFA."""
    settings.ADMIN_REQUIRE_MFA = True


@given(parsers.parse('an administrator "{username}" who has logged in with {how}'))
def an_administrator(api, names, cast, apps, clock, monkeypatch, username, how):
    """An operator made an administrator, who logged in with or without a second factor."""
    monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    call_command("createadmin", username=names.of(username), stdout=io.StringIO())
    admin = cast.add(username, Member(username=names.of(username), password="admin-password-1"))
    logged_in(api, admin)
    if how == "a second factor":
        has_turned_on(api, cast, apps, clock, username)
        has_logged_in_with_code(api, cast, apps, clock, username)
        admin.token = apps[username].last_login["token"]


## When


@when(parsers.parse("{name} starts adding an authenticator app"), target_fixture="response")
def starts_adding(api, cast, name):
    """The member asks for a secret for their app."""
    return start_adding(api, cast[name], cast[name].password)


@when(
    parsers.parse('{name} starts adding an authenticator app with the password "{password}"'),
    target_fixture="response",
)
def starts_adding_with(api, cast, name, password):
    """The member asks for a secret, giving this password."""
    return start_adding(api, cast[name], password)


@when(parsers.parse("{name} confirms the app with the code it shows"), target_fixture="response")
def confirms(api, cast, apps, clock, name):
    """The member sends the code their new app shows."""
    code = fresh_code(clock, apps[name])
    return api.post("/me/mfa/totp/confirm", {"code": code}, token=cast[name].token)


@when(parsers.parse("{name} confirms the app with a wrong code"), target_fixture="response")
def confirms_wrongly(api, cast, name):
    """The member sends a code that is not the app's."""
    return api.post("/me/mfa/totp/confirm", {"code": WRONG_CODE}, token=cast[name].token)


FINISHING_CODES = {
    "the code the app shows": lambda app, clock: fresh_code(clock, app),
    "a recovery code": lambda app, clock: app.recovery_codes[0],
    "a wrong code": lambda app, clock: WRONG_CODE,
    "the code they just used": lambda app, clock: app.last_code,
    "the recovery code they just used": lambda app, clock: app.last_recovery_code,
    "one of the old recovery codes": lambda app, clock: app.old_recovery_codes[0],
    "the code the app showed 30 seconds ago": lambda app, clock: earlier_code(app, clock, 30),
    "the code the app showed 60 seconds ago": lambda app, clock: earlier_code(app, clock, 60),
}


@when(parsers.parse("{name} finishes logging in with {code}"), target_fixture="response")
def finishes_login(api, apps, clock, name, code):
    """The member sends their latest half-login token with a code."""
    app = apps[name]
    return finish_login(api, app.mfa_tokens[-1], FINISHING_CODES[code](app, clock))


@when(
    parsers.parse("{name} finishes that same login again with the next code"),
    target_fixture="response",
)
def finishes_again(api, apps, clock, name):
    """The half-login token already spent is sent again, with a fresh code."""
    app = apps[name]
    return finish_login(api, app.mfa_tokens[-1], fresh_code(clock, app))


@when(
    parsers.parse("{name} finishes the login on the other device with a wrong code"),
    target_fixture="response",
)
def finishes_other_device(api, apps, name):
    """The second half-login is tried too."""
    return finish_login(api, apps[name].mfa_tokens[1], WRONG_CODE)


@when(
    parsers.parse("{name}'s login is finished with the code {other}'s app shows"),
    target_fixture="response",
)
def finished_with_other_app(api, apps, clock, name, other):
    """Someone holding the member's half-login sends a code from another member's app."""
    return finish_login(api, apps[name].mfa_tokens[-1], fresh_code(clock, apps[other]))


@when(
    parsers.parse("{name} asks for their profile presenting the half-login token"),
    target_fixture="response",
)
def profile_with_half_login(api, apps, name):
    """The half-login token is presented as if it were an access token."""
    return api.get("/me", token=apps[name].mfa_tokens[-1])


TURN_OFF_CODES = {
    "the password alone": lambda app, clock: {},
    "the password and a wrong code": lambda app, clock: {"code": WRONG_CODE},
    "the password and the code the app shows": lambda app, clock: {"code": fresh_code(clock, app)},
}


@when(parsers.parse("{name} turns the second factor off with {what}"), target_fixture="response")
def turns_off(api, cast, apps, clock, name, what):
    """The member asks to turn the second factor off."""
    member = cast[name]
    body = {"password": member.password, **TURN_OFF_CODES[what](app_of(apps, name), clock)}
    return api.delete("/me/mfa/totp", body, token=member.token)


REPLACING_CODES = {
    "no code": lambda app, clock: {},
    "a wrong code": lambda app, clock: {"code": WRONG_CODE},
    "the code the app shows": lambda app, clock: {"code": fresh_code(clock, app)},
}


@when(parsers.parse("{name} replaces their recovery codes with {code}"), target_fixture="response")
def replaces(api, cast, apps, clock, name, code):
    """The member asks for a new set of recovery codes."""
    body = REPLACING_CODES[code](app_of(apps, name), clock)
    return api.post("/me/mfa/recovery-codes", body, token=cast[name].token)


STEP_UP_CODES = {
    "without a code": lambda app, clock: {},
    "with a wrong code": lambda app, clock: {"mfa_code": WRONG_CODE},
    "with the code the app shows": lambda app, clock: {"mfa_code": fresh_code(clock, app)},
}
WHAT_MATTERS = {
    "changes their password": (
        "POST",
        "/me/password",
        lambda member: {"current_password": member.password, "new_password": "a-new-password"},
    ),
    "deletes their account": ("DELETE", "/me", lambda member: {"password": member.password}),
}


@when(
    parsers.re(
        r"(?P<name>\w+) (?P<action>changes their password|deletes their account) "
        r"(?P<with_what>without a code|with a wrong code|with the code the app shows)"
    ),
    target_fixture="response",
)
def does_what_matters(api, cast, apps, clock, name, action, with_what):
    """The member does something that matters, with or without a code."""
    member = cast[name]
    method, path, body = WHAT_MATTERS[action]
    payload = {**body(member), **STEP_UP_CODES[with_what](apps[name], clock)}
    return api.call(method, path, json_body=payload, authorization=f"Bearer {member.token}")


@when(
    parsers.re(
        r"(?P<name>\w+) (?P<action>changes their password|deletes their account) "
        r"with a recovery code and a wrong password"
    ),
    target_fixture="response",
)
def does_what_matters_mistyped(api, cast, apps, name, action):
    """The member sends a good recovery code with a password that is not theirs."""
    member = cast[name]
    method, path, body = WHAT_MATTERS[action]
    payload = body(replace(member, password="not-the-password"))
    payload["mfa_code"] = apps[name].recovery_codes[0]
    return api.call(method, path, json_body=payload, authorization=f"Bearer {member.token}")


ENDPOINTS = {
    "starts adding an authenticator app": ("POST", "/me/mfa/totp", "password"),
    "confirms the app": ("POST", "/me/mfa/totp/confirm", "code"),
    "turns the second factor off": ("DELETE", "/me/mfa/totp", "code"),
    "replaces their recovery codes": ("POST", "/me/mfa/recovery-codes", "code"),
    "finishes logging in": ("POST", "/login/mfa", "code"),
}


@when(
    parsers.re(
        r"(?P<name>\w+) (?P<action>starts adding an authenticator app|confirms the app|"
        r"turns the second factor off|replaces their recovery codes|finishes logging in) "
        r"sending (?P<body>form data instead of JSON|a body over the size limit|"
        r"a number as the (password|code))"
    ),
    target_fixture="response",
)
def sends_unreadable(api, cast, name, action, body):
    """The member sends a body the API refuses before it reads any code."""
    method, path, _ = ENDPOINTS[action]
    token = f"Bearer {cast[name].token}"
    if body in REFUSED_BODIES:
        return api.call(method, path, authorization=token, **REFUSED_BODIES[body])
    field_name = body.rsplit(" ", 1)[-1]
    payload = {"password": DEFAULT_PASSWORD, "mfa_token": "x", "code": "123456", field_name: 12345}
    return api.call(method, path, json_body=payload, authorization=token)


@when(parsers.parse("someone {action} without a token"), target_fixture="response")
def without_token(api, action):
    """The request comes with no Authorization header."""
    method, path, _ = ENDPOINTS[action]
    return api.call(method, path, json_body={"password": DEFAULT_PASSWORD, "code": "123456"})


## Then


@then("they receive a secret and an otpauth link for it")
def receives_secret(response):
    """A base32 secret, and the otpauth:// URI carrying it, never to be shown again."""
    assert response.status == 201, response.raw
    assert "no-store" in response.headers["Cache-Control"]
    secret = response.body["secret"]
    assert len(secret) >= 32 and secret.isalnum()
    uri = response.body["otpauth_uri"]
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri


@then("they receive ten different recovery codes")
def receives_recovery_codes(response):
    """Ten codes, each at least 64 bits of randomness (16 base32 symbols)."""
    assert response.status == 200, response.raw
    assert "no-store" in response.headers["Cache-Control"]
    codes = response.body["recovery_codes"]
    assert len(codes) == 10 == len(set(codes))
    assert all(len(code.replace("-", "")) >= 16 for code in codes)


@then(
    parsers.parse(
        "{name}'s profile says the second factor is on with {count:d} recovery codes left"
    )
)
def profile_says_on(api, cast, name, count):
    """The profile shows the second factor and how many recovery codes remain."""
    response = api.get("/me", token=cast[name].token)
    assert response.body["mfa"] == {"totp": True, "recovery_codes_remaining": count}


@then("the profile says nothing of a second factor")
def profile_says_off(api, cast):
    """The profile shows no second factor."""
    response = api.get("/me", token=cast.only().token)
    assert response.status == 200, response.raw
    assert "mfa" not in response.body


@then("a second factor is asked for, within five minutes, and no token is given")
def asked_for_second_factor(response):
    """403 MFA_REQUIRED with a half-login token inside the error, and nothing else."""
    assert response.status == 403, response.raw
    error = response.body["error"]
    assert error["code"] == "MFA_REQUIRED"
    assert error["expires_in"] == 300 and len(error["mfa_token"]) >= 32
    assert "token" not in response.body and "refresh_token" not in response.body


@then("the tokens say the login used the password only")
def amr_password(response):
    """amr (RFC 8176) is ["pwd"]."""
    assert response.status == 200, response.raw
    assert tokens.claims_of(response.body["token"])["amr"] == ["pwd"]


@then("the tokens say the login used the password and a one-time code")
def amr_password_and_otp(response):
    """amr (RFC 8176) is ["pwd", "otp"], and the token opens the profile."""
    assert response.status == 200, response.raw
    assert tokens.claims_of(response.body["token"])["amr"] == ["pwd", "otp"]


@when(parsers.parse("{actor} makes {target} an administrator"), target_fixture="response")
def makes_admin(api, cast, actor, target):
    """An administrator gives a member the ADMIN role."""
    target_id = api.get("/me", token=cast[target].token).body["id"]
    body = {"roles": ["USER", "ADMIN"]}
    return api.patch(f"/admin/users/{target_id}/roles", body, token=cast[actor].token)


@then("it is done")
def it_is_done(response):
    """The request succeeded."""
    assert response.status == 200, response.raw
