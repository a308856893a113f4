"""Drive a running server through a client generated from its own OpenAPI document.

Usage (from .ci/generated_client.sh, which generates the package `authapi_client`):
    python scripts/drive_generated_client.py http://127.0.0.1:8000
Needs ADMIN_USERNAME and ADMIN_PASSWORD: an administrator on that server, for the 404.
The server must keep its per-username-and-address login limit on, for the 429.

Signs up, logs in, opens /me, refreshes and logs out, and receives one error of each
status a client meets (400, 401, 403, 404, 409, 429), each read by the generated code
as the error envelope, never as "unexpected status". A 503 cannot be caused from
outside, so the generated code reads one from a stand-in transport instead.
mypy --strict checks this file and the generated package together: a public operation
typed as needing an authenticated client is a type error here.
"""

import os
import sys
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from authapi_client import AuthenticatedClient, Client, errors
from authapi_client.api.accounts import me_retrieve, signup_create
from authapi_client.api.administration import admin_users_roles_partial_update
from authapi_client.api.sessions import login_create, logout_create, token_refresh_create
from authapi_client.models import (
    ErrorDetails,
    ErrorEnvelope,
    LoginInputRequest,
    LoginOutput,
    LogoutInputRequest,
    MeOutput,
    MfaRequiredEnvelope,
    RolesEnum,
    RolesInputRequest,
    SessionsEndedOutput,
    SignupOutput,
    SignupWithEmailInputRequest,
    TokenRefreshInputRequest,
    TokenRefreshOutput,
)
from authapi_client.types import Response
from checks import expect

T = TypeVar("T")
PASSWORD = "12341234"
# Failed logins of one username from one address before the next is refused (the default).
GUESSES_BEFORE_429 = 5
NO_SUCH_MEMBER = 2_000_000_000


def parsed_as(response: Response[Any], kind: type[T], status: int, what: str) -> T:
    """The response's body as the generated model `kind`; stops the run unless it is one."""
    parsed = response.parsed
    if response.status_code != status or not isinstance(parsed, kind):
        print(f"received {response.status_code}: {response.content[:300]!r}", file=sys.stderr)
    expect(response.status_code == status and isinstance(parsed, kind), f"{what}: {status}")
    assert isinstance(parsed, kind)
    return parsed


def refused(response: Response[Any], status: int, code: str, what: str) -> ErrorEnvelope:
    envelope = parsed_as(response, ErrorEnvelope, status, f"{what}, in the envelope")
    expect(envelope.error.code == code and envelope.error.message != "", f"{what}: {code}")
    return envelope


def as_member(base_url: str, token: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True)


def log_in(
    client: Client, name: str, password: str = PASSWORD
) -> Response[ErrorEnvelope | LoginOutput | MfaRequiredEnvelope]:
    body = LoginInputRequest(username=name, password=password)
    return login_create.sync_detailed(client=client, body=body)


def sign_up(client: Client, name: str) -> None:
    body = SignupWithEmailInputRequest(username=name, password=PASSWORD, nickname="Mentos")
    made = parsed_as(
        signup_create.sync_detailed(client=client, body=body), SignupOutput, 201, "sign-up"
    )
    expect(made.username == name, "sign-up returns the member's name")
    again = signup_create.sync_detailed(client=client, body=body)
    refused(again, 409, "USER_ALREADY_EXISTS", "the same name again")
    short = SignupWithEmailInputRequest(username=f"{name}-2", password="1234", nickname="M")
    envelope = refused(
        signup_create.sync_detailed(client=client, body=short),
        400,
        "VALIDATION_ERROR",
        "a short password",
    )
    details = envelope.error.details
    expect(isinstance(details, ErrorDetails) and "password" in details, "the 400 names the field")


def check_profile(member: AuthenticatedClient, name: str) -> None:
    profile = parsed_as(me_retrieve.sync_detailed(client=member), MeOutput, 200, "/me")
    expect(profile.username == name and profile.roles == [RolesEnum.USER], "/me shows the member")
    roles = RolesInputRequest(roles=[RolesEnum.ADMIN])
    response = admin_users_roles_partial_update.sync_detailed(profile.id, client=member, body=roles)
    refused(response, 403, "ACCESS_DENIED", "a member setting roles")


def check_refresh(client: Client, refresh_token: str) -> TokenRefreshOutput:
    body = TokenRefreshInputRequest(refresh_token=refresh_token)
    response = token_refresh_create.sync_detailed(client=client, body=body)
    return parsed_as(response, TokenRefreshOutput, 200, "refresh")


def check_spent(client: Client, refresh_token: str) -> None:
    body = TokenRefreshInputRequest(refresh_token=refresh_token)
    response = token_refresh_create.sync_detailed(client=client, body=body)
    refused(response, 401, "INVALID_TOKEN", "a spent refresh token")


def check_logout(member: AuthenticatedClient, refresh_token: str) -> None:
    body = LogoutInputRequest(refresh_token=refresh_token)
    ended = parsed_as(
        logout_create.sync_detailed(client=member, body=body), SessionsEndedOutput, 200, "logout"
    )
    expect(ended.sessions_ended == 1, "logout ends one session")
    refused(me_retrieve.sync_detailed(client=member), 401, "INVALID_TOKEN", "/me after logout")


def check_session(base_url: str, client: Client, name: str) -> None:
    tokens = parsed_as(log_in(client, name), LoginOutput, 200, "login")
    check_profile(as_member(base_url, tokens.token), name)
    renewed = check_refresh(client, tokens.refresh_token)
    check_logout(as_member(base_url, renewed.token), renewed.refresh_token)
    # Last: replaying a spent refresh token would end the session it belonged to.
    check_spent(client, tokens.refresh_token)


def check_admin(base_url: str, client: Client) -> None:
    admin = parsed_as(
        log_in(client, os.environ["ADMIN_USERNAME"], os.environ["ADMIN_PASSWORD"]),
        LoginOutput,
        200,
        "the administrator logs in",
    )
    roles = RolesInputRequest(roles=[RolesEnum.USER])
    response = admin_users_roles_partial_update.sync_detailed(
        NO_SUCH_MEMBER, client=as_member(base_url, admin.token), body=roles
    )
    refused(response, 404, "USER_NOT_FOUND", "roles of a member who does not exist")


def check_guessing_limit(client: Client, name: str) -> None:
    for _ in range(GUESSES_BEFORE_429):
        refused(
            log_in(client, name, "wrong-password"), 401, "INVALID_CREDENTIALS", "a wrong password"
        )
    response = log_in(client, name, "wrong-password")
    refused(response, 429, "TOO_MANY_REQUESTS", "one guess too many")
    expect(response.headers.get("Retry-After", "").isdigit(), "429 says when to try again")


def check_outage_is_read() -> None:
    """The document lists 503 on every operation that needs a store, so the generated code
    reads it as the envelope, not as "unexpected status"."""
    body = {
        "error": {
            "code": "SERVICE_UNAVAILABLE",
            "message": "서비스를 일시적으로 사용할 수 없습니다.",
        }
    }
    transport = httpx.MockTransport(
        lambda request: httpx.Response(503, json=body, headers={"Retry-After": "5"})
    )
    options: dict[str, Any] = {
        "raise_on_unexpected_status": True,
        "httpx_args": {"transport": transport},
    }
    client = Client(base_url="http://outage.invalid", **options)
    member = AuthenticatedClient(base_url="http://outage.invalid", token="t", **options)
    calls: dict[str, Callable[[], Response[Any]]] = {
        "sign-up": lambda: signup_create.sync_detailed(
            client=client,
            body=SignupWithEmailInputRequest(username="a", password=PASSWORD, nickname="A"),
        ),
        "login": lambda: log_in(client, "anyone"),
        "refresh": lambda: token_refresh_create.sync_detailed(
            client=client, body=TokenRefreshInputRequest(refresh_token="r")
        ),
        "/me": lambda: me_retrieve.sync_detailed(client=member),
    }
    for what, call in calls.items():
        try:
            response = call()
        except errors.UnexpectedStatus:
            expect(False, f"{what} during an outage: the client knows 503")
        refused(response, 503, "SERVICE_UNAVAILABLE", f"{what} during an outage (stand-in server)")


def main(base_url: str) -> None:
    client = Client(base_url=base_url, raise_on_unexpected_status=True)
    name = f"gen-{uuid.uuid4().hex[:10]}"
    sign_up(client, name)
    check_session(base_url, client, name)
    check_admin(base_url, client)
    check_guessing_limit(client, name)
    check_outage_is_read()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
