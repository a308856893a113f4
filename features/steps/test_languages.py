"""Steps for error messages in two languages.

The expected words are this module's own copy of the contract, in both languages:
they are never read from the translation catalogue they check.
"""

import io
from dataclasses import dataclass

from django.core.management import call_command
from pytest_bdd import parsers, scenarios, then, when

from features.steps import tokens
from features.steps.api_client import NO_BODY, OVER_THE_SIZE_LIMIT, bearer
from features.steps.clock import WINDOW_START
from features.steps.contract import LANGUAGES, assert_refused
from features.steps.members import DEFAULT_PASSWORD, Member, logged_in

scenarios("languages.feature")

# Where the details of a VALIDATION_ERROR put the reason for each part of a request.
DETAIL_KEYS = {"body": "non_field_errors"}


@dataclass
class Scene:
    """A client stating its languages, and what the scenario has set up around it."""

    api: object
    accept_language: str | None
    member: Member
    clock: object
    monkeypatch: object

    def send(self, method: str, path: str, payload=NO_BODY, *, token=None, headers=None, **kwargs):
        headers = dict(headers or {})
        if self.accept_language is not None:
            headers["Accept-Language"] = self.accept_language
        return self.api.call(
            method, path, json_body=payload, authorization=bearer(token), headers=headers, **kwargs
        )

    def sign_up(self, payload=NO_BODY, **kwargs):
        return self.send("POST", "/signup", payload, **kwargs)

    def log_in_wrongly(self):
        return self.send(
            "POST", "/login", {"username": self.member.username, "password": "wrong-password"}
        )


def member_id(scene: Scene) -> int:
    return scene.api.get("/me", token=scene.member.token).body["id"]


def after_too_many_wrong_passwords(scene: Scene):
    scene.clock.move_to(WINDOW_START + 1)
    for _ in range(30):  # past any configured limit
        response = scene.log_in_wrongly()
        if response.status != 401:
            return response
    raise AssertionError("wrong passwords were never limited")


def as_an_administrator_to_nobody(scene: Scene):
    # An operator creates the first administrator on the server (see test_roles.py).
    scene.monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    call_command("createadmin", username="root", stdout=io.StringIO())
    administrator = logged_in(scene.api, Member(username="root", password="admin-password-1"))
    return scene.send(
        "PATCH", "/admin/users/999999999/roles", {"roles": ["ADMIN"]}, token=administrator.token
    )


def with_a_token_past_its_lifetime(scene: Scene):
    scene.clock.move_to(tokens.claims_of(scene.member.token)["exp"])
    return scene.send("GET", "/me", token=scene.member.token)


ACTIONS = {
    "signs up with a taken name": lambda scene: scene.sign_up(
        {"username": scene.member.username, "password": DEFAULT_PASSWORD, "nickname": "Other"}
    ),
    "signs up with no password": lambda scene: scene.sign_up(
        {"username": "newcomer", "nickname": "N"}
    ),
    "signs up with a number as the username": lambda scene: scene.sign_up(
        {"username": 12345678, "password": DEFAULT_PASSWORD, "nickname": "N"}
    ),
    "signs up with a body that is not JSON": lambda scene: scene.sign_up(raw_body=b"{not json"),
    "signs up with form data instead of JSON": lambda scene: scene.sign_up(
        raw_body=b"username=newcomer&password=12341234&nickname=N",
        content_type="application/x-www-form-urlencoded",
    ),
    "signs up with a body over the size limit": lambda scene: scene.sign_up(
        raw_body=OVER_THE_SIZE_LIMIT
    ),
    "logs in with a wrong password": Scene.log_in_wrongly,
    "logs in again after too many wrong passwords": after_too_many_wrong_passwords,
    "asks for a profile without a token": lambda scene: scene.send("GET", "/me"),
    "asks for a profile with a forged token": lambda scene: scene.send(
        "GET", "/me", token=tokens.signed_with_another_key(scene.member.token)
    ),
    "asks for a profile with a token past its lifetime": with_a_token_past_its_lifetime,
    "changes a member's roles without being an administrator": lambda scene: scene.send(
        "PATCH",
        f"/admin/users/{member_id(scene)}/roles",
        {"roles": ["ADMIN"]},
        token=scene.member.token,
    ),
    "gives roles, as an administrator, to nobody": as_an_administrator_to_nobody,
    "asks for a page that does not exist": lambda scene: scene.send("GET", "/no-such-page"),
    "reads the sign-up form instead of posting it": lambda scene: scene.send("GET", "/signup"),
    "names a host that cannot exist": lambda scene: scene.send(
        "GET", "/health", headers={"Host": "not a host name"}
    ),
}


## When


@when(
    parsers.re(r"a client who reads (?P<language>English|Korean) (?P<action>.+)"),
    target_fixture="response",
)
def client_who_reads(api, cast, clock, monkeypatch, language, action):
    """A client that asks for one language does something the API refuses."""
    return ACTIONS[action](Scene(api, LANGUAGES[language][0], cast.only(), clock, monkeypatch))


@when(
    parsers.parse('a client whose languages are "{preferences}" logs in with a wrong password'),
    target_fixture="response",
)
def client_whose_languages_are(api, cast, clock, monkeypatch, preferences):
    """A client states its languages, in order of preference, and logs in wrongly."""
    return Scene(api, preferences, cast.only(), clock, monkeypatch).log_in_wrongly()


@when("a client who states no language logs in with a wrong password", target_fixture="response")
def client_without_preference(api, cast, clock, monkeypatch):
    """A client that sends no Accept-Language logs in wrongly."""
    return Scene(api, None, cast.only(), clock, monkeypatch).log_in_wrongly()


## Then


@then(parsers.re(r"the request is refused as (?P<code>[A-Z_]+) in (?P<language>English|Korean)"))
def refused_in(response, code, language):
    """The response is the contract's error for that code, worded in that language."""
    assert_refused(response, code, language)
    assert response.headers["Content-Language"] == LANGUAGES[language][0]
    assert "accept-language" in response.headers["Vary"].lower()


@then(parsers.parse('the {part} is refused because "{reason}"'))
def refused_because(response, part, reason):
    """The details name that part of the request, with the reason in the client's language."""
    assert reason in response.body["error"]["details"][DETAIL_KEYS.get(part, part)], response.body
