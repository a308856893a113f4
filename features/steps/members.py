"""Members as the scenarios know them, and the API calls that make them."""

from dataclasses import dataclass, field

DEFAULT_PASSWORD = "12341234"


@dataclass
class Member:
    username: str
    password: str = DEFAULT_PASSWORD
    nickname: str = "Nick"
    token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    spent_refresh_token: str | None = field(default=None, repr=False)
    login_response: dict | None = field(default=None, repr=False)


def sign_up(api, member: Member, **kwargs):
    body = {"username": member.username, "password": member.password, "nickname": member.nickname}
    return api.post("/signup", body, **kwargs)


def log_in(api, username: str, password: str, **kwargs):
    return api.post("/login", {"username": username, "password": password}, **kwargs)


def logged_in(api, member: Member) -> Member:
    response = log_in(api, member.username, member.password)
    assert response.status == 200, response.raw
    member.login_response = response.body
    member.token = response.body["token"]
    member.refresh_token = response.body["refresh_token"]
    return member
