"""Members as the scenarios know them, and the API calls that make them."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_PASSWORD = "12341234"
# 128 characters, the longest a password may be: spaces at either end, capitals, Korean
# letters, punctuation and emoji, so that trimming, folding or cutting it short shows.
PASSPHRASE = "  " + ("Correct Horse Battery Staple, 정말 긴 비밀번호 🐴🔋 " * 5)[:124] + "  "


@dataclass
class Member:
    username: str
    password: str = DEFAULT_PASSWORD
    nickname: str = "Nick"
    token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    spent_refresh_token: str | None = field(default=None, repr=False)
    # The first access token of the member's latest login, which dates the session.
    login_token: str | None = field(default=None, repr=False)
    # A second, independent session of the same member ("another device").
    other_device: Member | None = field(default=None, repr=False)
    # A password the member is choosing, before it has replaced `password`.
    new_password: str | None = field(default=None, repr=False)


class Cast:
    """The members a scenario has introduced, under the names its text gives them.

    A step that names a member ("jinho asks for their profile") finds that member
    here, so "root asks for their profile" uses root's token, never jinho's.
    """

    def __init__(self):
        self._members: dict[str, Member] = {}

    def add(self, name: str, member: Member) -> Member:
        self._members[name] = member
        return member

    def __getitem__(self, name: str) -> Member:
        if name not in self._members:
            raise AssertionError(
                f"no member called {name!r} in this scenario; it has {sorted(self._members)}"
            )
        return self._members[name]

    def only(self) -> Member:
        """The scenario's one member, for steps that say "they" or "a member's"."""
        assert len(self._members) == 1, f"which member? this scenario has {sorted(self._members)}"
        return next(iter(self._members.values()))


def sign_up(api, member: Member, **kwargs):
    body = {"username": member.username, "password": member.password, "nickname": member.nickname}
    return api.post("/signup", body, **kwargs)


def log_in(api, username: str, password: str, **kwargs):
    return api.post("/login", {"username": username, "password": password}, **kwargs)


def log_out(api, token: str, refresh_token: str):
    return api.post("/logout", {"refresh_token": refresh_token}, token=token)


def refresh(api, refresh_token: str):
    return api.post("/token/refresh", {"refresh_token": refresh_token})


def refresh_member(api, member: Member):
    """Present the member's refresh token; on success they hold the new pair and the old one is spent."""
    response = refresh(api, member.refresh_token)
    if response.status == 200:
        member.spent_refresh_token = member.refresh_token
        member.token, member.refresh_token = response.body["token"], response.body["refresh_token"]
    return response


def change_password(api, member: Member, current: str, new: str):
    body = {"current_password": current, "new_password": new}
    return api.post("/me/password", body, token=member.token)


def logged_in(api, member: Member) -> Member:
    response = log_in(api, member.username, member.password)
    assert response.status == 200, response.raw
    member.token = member.login_token = response.body["token"]
    member.refresh_token = response.body["refresh_token"]
    return member
