"""The shared vocabulary of the scenarios, and the choice of where they run.

Scenarios run in-process by default. With `--base-url URL` (or API_BASE_URL) the
very same scenarios run over HTTP against a live server; those a client cannot
set up there are skipped, by their tags.

Expected codes and messages are the steps' own copy of the contract: they are
never imported from the code they check.
"""

import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time
from pytest_bdd import given, parsers, then, when

from features.steps import tokens
from features.steps.api_client import HttpApi, InProcessApi

DEFAULT_PASSWORD = "12341234"

# What a client cannot do to a live server, by the tag that marks a scenario needing it.
IN_PROCESS_ONLY = {
    "needs-clock": "it moves the clock, and a live server keeps its own time",
    "needs-operator": "it runs an operator's command inside the server, which no client can",
    "needs-client-address": "it chooses the client's address, and a live server sees the real one",
    "needs-control-characters": "HTTP servers refuse control characters in a header before the API sees them",
}
# Live, forgeries signed with the server's own key read it from here (CI: the server's JWT_SECRET_KEY).
SIGNING_KEY_VARIABLE = "API_JWT_SECRET_KEY"
SCENARIO_MODULES = Path(__file__).parent

CONTRACT = {
    "USER_ALREADY_EXISTS": (409, "이미 가입된 사용자입니다."),
    "VALIDATION_ERROR": (400, "입력값이 올바르지 않습니다."),
    "INVALID_CREDENTIALS": (401, "아이디 또는 비밀번호가 올바르지 않습니다."),
    "TOKEN_NOT_FOUND": (401, "토큰이 없습니다."),
    "TOKEN_EXPIRED": (401, "토큰이 만료되었습니다."),
    "INVALID_TOKEN": (401, "토큰이 유효하지 않습니다."),
    "ACCESS_DENIED": (403, "관리자 권한이 필요한 요청입니다. 접근 권한이 없습니다."),
    "USER_NOT_FOUND": (404, "사용자를 찾을 수 없습니다."),
    "NOT_FOUND": (404, "요청한 경로를 찾을 수 없습니다."),
    "METHOD_NOT_ALLOWED": (405, "허용되지 않은 메서드입니다."),
    "PAYLOAD_TOO_LARGE": (413, "요청 본문이 너무 큽니다."),
    "UNSUPPORTED_MEDIA_TYPE": (415, "지원하지 않는 콘텐츠 형식입니다. application/json으로 보내 주세요."),
    "TOO_MANY_REQUESTS": (429, "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요."),
}


@dataclass
class Member:
    username: str
    password: str = DEFAULT_PASSWORD
    nickname: str = "Nick"
    token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    spent_refresh_token: str | None = field(default=None, repr=False)
    login_answer: dict | None = field(default=None, repr=False)


class Clock:
    """Moves the clock for a scenario and puts it back afterwards."""

    def __init__(self):
        self._frozen = None
        self._now = None

    def move_to(self, timestamp: float) -> None:
        self.stop()
        self._now = timestamp
        self._frozen = freeze_time(datetime.fromtimestamp(timestamp, tz=UTC))
        self._frozen.start()

    def advance(self, seconds: float) -> None:
        self.move_to((self._now if self._now is not None else time.time()) + seconds)

    def stop(self) -> None:
        if self._frozen is not None:
            self._frozen.stop()
            self._frozen = None


class Usernames:
    """How a scenario writes the usernames of its feature text to the API.

    In-process each scenario starts from an empty database, so names are used as
    written. A live server keeps its data, so there each scenario puts its own
    suffix after the name, inside any surrounding spaces. The suffix is lowercase
    ASCII, so names that differ only in capitals, width or spaces still differ
    only in that, and a scenario can run again and again.
    """

    def __init__(self, suffix: str = ""):
        self._suffix = suffix

    def of(self, name: str) -> str:
        core = name.strip()
        if not core:
            return name
        start = name.index(core)
        return name[:start] + core + self._suffix + name[start + len(core) :]

    def of_length(self, length: int) -> str:
        """A name of exactly `length` characters."""
        return ("u" * length)[: length - len(self._suffix)] + self._suffix


def live_url_of(config) -> str | None:
    """The server to run against (--base-url or API_BASE_URL); None runs in-process."""
    return config.getoption("base_url") or os.environ.get("API_BASE_URL") or None


def live_skip_reason(item) -> str | None:
    for tag, reason in IN_PROCESS_ONLY.items():
        if item.get_closest_marker(tag):
            return f"in-process only: {reason} (@{tag})"
    if item.get_closest_marker("needs-signing-key") and not os.environ.get(SIGNING_KEY_VARIABLE):
        return f"needs the server's signing key: set {SIGNING_KEY_VARIABLE} to the server's JWT_SECRET_KEY"
    return None


# tryfirst: the marker must be on before pytest-django reads it to choose the databases to set up.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """In-process, each scenario gets a clean database; live, none, and some are skipped."""
    live = live_url_of(config) is not None
    for item in items:
        if SCENARIO_MODULES not in item.path.parents:
            continue
        if not live:
            item.add_marker(pytest.mark.django_db)
        elif reason := live_skip_reason(item):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def live_url(request) -> str | None:
    return live_url_of(request.config)


@pytest.fixture
def api(live_url):
    if live_url is None:
        yield InProcessApi()
        return
    client = HttpApi(live_url)
    yield client
    client.close()


@pytest.fixture
def names(live_url) -> Usernames:
    return Usernames(f"-{secrets.token_hex(5)}" if live_url else "")


@pytest.fixture
def clock():
    controller = Clock()
    yield controller
    controller.stop()


def sign_up(api, member: Member, **kwargs):
    body = {"username": member.username, "password": member.password, "nickname": member.nickname}
    return api.post("/signup", body, **kwargs)


def log_in(api, username: str, password: str, **kwargs):
    return api.post("/login", {"username": username, "password": password}, **kwargs)


def logged_in(api, member: Member) -> Member:
    answer = log_in(api, member.username, member.password)
    assert answer.status == 200, answer.raw
    member.login_answer = answer.body
    member.token = answer.body["token"]
    member.refresh_token = answer.body["refresh_token"]
    return member


## Given


@given(parsers.parse('a member "{username}"'), target_fixture="member")
def a_member(api, names, username):
    """A member exists with the default password."""
    return a_member_with_password(api, names, username, DEFAULT_PASSWORD)


@given(parsers.parse('a member "{username}" with password "{password}"'), target_fixture="member")
def a_member_with_password(api, names, username, password):
    """A member exists with the given password."""
    member = Member(username=names.of(username), password=password)
    assert sign_up(api, member).status == 201
    return member


@given(parsers.parse('a member "{username}" who has logged in'), target_fixture="member")
def a_logged_in_member(api, names, username):
    """A member exists and holds a fresh pair of tokens."""
    return logged_in(api, a_member(api, names, username))


@given(parsers.parse("{name} has also logged in on another device"), target_fixture="other_device")
def logged_in_elsewhere(api, member):
    """The same member holds a second, independent session."""
    return logged_in(api, Member(member.username, member.password, member.nickname))


@given(parsers.parse("{name}'s token expires in one second"))
def token_about_to_expire(member, clock):
    """The clock stands one second before the access token's expiry."""
    clock.move_to(tokens.claims_of(member.token)["exp"] - 1)


@given(parsers.parse("{name}'s token has reached its expiry time"))
def token_at_expiry(member, clock):
    """The clock stands exactly at the access token's expiry."""
    clock.move_to(tokens.claims_of(member.token)["exp"])


## When


@when(
    parsers.parse('a visitor signs up as "{username}" with password "{password}" and nickname "{nickname}"'),
    target_fixture="answer",
)
def visitor_signs_up(api, names, username, password, nickname):
    """A visitor signs up with exactly these details."""
    return sign_up(api, Member(username=names.of(username), password=password, nickname=nickname))


@when(parsers.parse('"{username}" logs in with password "{password}"'), target_fixture="answer")
def logs_in(api, names, username, password):
    """Someone logs in with these credentials."""
    return log_in(api, names.of(username), password)


@when(parsers.parse("{name} asks for their profile"), target_fixture="answer")
def ask_for_profile(api, member):
    """The member calls the profile endpoint with their token."""
    return api.get("/me", token=member.token)


@when(parsers.parse("{name} asks for their profile on the other device"), target_fixture="answer")
def ask_for_profile_elsewhere(api, other_device):
    """The member calls the profile endpoint with the other session's token."""
    return api.get("/me", token=other_device.token)


@when(parsers.parse('{name} asks for their profile at "{path}"'), target_fixture="answer")
def ask_for_profile_at(api, member, path):
    """The member calls the profile endpoint at a given path."""
    return api.get(path, token=member.token)


## Then


@then(parsers.re(r"the request is refused as (?P<code>[A-Z_]+)"))
def refused_as(answer, code):
    """The answer is the contract's error for that code, in the JSON envelope."""
    assert_refused(answer, code)


@then(parsers.parse("the request is refused as VALIDATION_ERROR about the {field_name}"))
def refused_as_invalid_field(answer, field_name):
    """The answer is VALIDATION_ERROR and names the offending field."""
    assert_refused(answer, "VALIDATION_ERROR")
    assert field_name in answer.body["error"]["details"], answer.body


@then(parsers.parse('they are welcomed as "{username}" nicknamed "{nickname}"'))
def welcomed_as(answer, names, username, nickname):
    """The sign-up succeeded and answers with exactly the public profile."""
    assert answer.status == 201, answer.raw
    assert answer.body == {"username": names.of(username), "nickname": nickname}


@then("they receive a token", target_fixture="token")
def receive_token(answer):
    """The login succeeded and carries an access token."""
    assert answer.status == 200, answer.raw
    assert answer.content_type == "application/json"
    assert answer.body["token"].count(".") == 2
    return answer.body["token"]


@then(parsers.parse('"{username}" can log in with password "{password}"'))
def can_log_in(api, names, username, password):
    """The member's credentials work."""
    answer = log_in(api, names.of(username), password)
    assert answer.status == 200, answer.raw


@then(parsers.parse('they see the profile of "{username}"'))
def sees_profile(answer, names, username):
    """The profile of that member is shown."""
    assert answer.status == 200, answer.raw
    assert answer.body["username"] == names.of(username)
    assert set(answer.body) >= {"username", "nickname"}


def assert_refused(answer, code: str) -> None:
    status, message = CONTRACT[code]
    assert answer.status == status, (answer.status, answer.raw)
    assert answer.content_type == "application/json"
    assert answer.body["error"]["code"] == code
    assert answer.body["error"]["message"] == message
    if status == 401:
        assert answer.headers["WWW-Authenticate"].startswith("Bearer ")
