"""Schemathesis hooks: real Bearer tokens for the operations that need one.

Loaded by .ci/schemathesis.sh through SCHEMATHESIS_HOOKS. Generated requests may
log the member out, change their password or delete them, so before each case
the token is checked with GET /me and replaced (a fresh sign-up and login) when
it no longer works, or when the last case changed the password or deleted the
account. Members use the password of the schema's examples, so the
examples really delete accounts and change passwords: their 200 responses get
checked too.

PATCH /admin/users/{id}/roles gets an administrator's token. A generated id may
be an administrator's own, and roles ["USER"] demotes them; two administrators
keep each other promoted. The first is made by `manage.py createadmin` (the
script passes its name and password in SCHEMATHESIS_ADMIN_USERNAME and
SCHEMATHESIS_ADMIN_PASSWORD); without them the operation runs as a member (403).
"""

import itertools
import os
import threading
import time
import uuid

import pyotp
import requests
import schemathesis

BASE_URL = os.environ["SCHEMATHESIS_BASE_URL"].rstrip("/")
PASSWORD = "12341234"  # the password in the schema's examples
ADMIN_USERNAME = os.environ.get("SCHEMATHESIS_ADMIN_USERNAME", "")
ADMIN_PASSWORD = os.environ.get("SCHEMATHESIS_ADMIN_PASSWORD", "")
PUBLIC_PATHS = ["/signup", "/login", "/login/mfa", "/token/refresh", "/health"]
TIMEOUT = 30


def call(method: str, path: str, *, token: str | None = None, body: dict | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, BASE_URL + path, json=body, headers=headers, timeout=TIMEOUT)


def log_in(username: str, password: str) -> str:
    response = call("POST", "/login", body={"username": username, "password": password})
    if response.status_code != 200:
        raise RuntimeError(
            f"login as {username!r} answered {response.status_code}: {response.text}"
        )
    return response.json()["token"]


def new_member() -> tuple[int, str]:
    username = f"fuzz-{uuid.uuid4().hex[:12]}"
    response = call(
        "POST", "/signup", body={"username": username, "password": PASSWORD, "nickname": "F"}
    )
    if response.status_code != 201:
        raise RuntimeError(f"signup answered {response.status_code}: {response.text}")
    token = log_in(username, PASSWORD)
    return profile(token)["id"], token


def profile(token: str) -> dict | None:
    response = call("GET", "/me", token=token)
    return response.json() if response.status_code == 200 else None


def is_admin(token: str | None) -> bool:
    me = profile(token) if token else None
    return bool(me and "ADMIN" in me["roles"])


class Administrators:
    """Two administrators; whichever still is one restores the other."""

    def __init__(self):
        self.tokens: list[str | None] = [None, None]
        self.ids: list[int | None] = [None, None]

    def token(self) -> str:
        if not is_admin(self.tokens[0]):
            self.tokens[0] = log_in(ADMIN_USERNAME, ADMIN_PASSWORD)
            self.ids[0] = profile(self.tokens[0])["id"]
        if self.ids[1] is None:
            self.ids[1], self.tokens[1] = new_member()
        # A demoted administrator's token still works (roles are read on every request),
        # so promoting them again is enough.
        for keeper, other in ((1, 0), (0, 1)):
            if is_admin(self.tokens[keeper]) and not is_admin(self.tokens[other]):
                self._promote(self.tokens[keeper], self.ids[other])
        if not is_admin(self.tokens[0]):
            raise RuntimeError("both administrators lost the ADMIN role")
        return self.tokens[0]

    def _promote(self, token: str, user_id: int) -> None:
        response = call(
            "PATCH", f"/admin/users/{user_id}/roles", token=token, body={"roles": ["USER", "ADMIN"]}
        )
        if response.status_code != 200:
            raise RuntimeError(
                f"promoting {user_id} answered {response.status_code}: {response.text}"
            )


class Members:
    """One member per worker thread, so one worker's "log out everywhere" spares the others."""

    def __init__(self):
        self._local = threading.local()

    def token(self) -> str:
        token = getattr(self._local, "token", None)
        if token is None or profile(token) is None:
            token = self._local.token = new_member()[1]
        return token

    def forget(self) -> None:
        """The member's password changed or they are gone: the next case gets a new one."""
        self._local.token = None


MEMBERS = Members()
ADMINS = Administrators() if ADMIN_USERNAME else None
ADMIN_LOCK = threading.Lock()  # both workers share the two administrators
# Answered 200, these leave the member without the examples' password.
# A member with TOTP on needs codes the fuzzer does not have: the next case gets a new one.
SPENDS_MEMBER = {
    "POST /me/password",
    "DELETE /me",
    "POST /me/mfa/totp/confirm",
    "DELETE /me/sessions/{id}",
}


@schemathesis.auth(refresh_interval=None, retry_on=[]).skip_for(path=PUBLIC_PATHS)
class LiveBearerToken:
    def get(self, case, context):
        if context.operation.path.startswith("/admin/") and ADMINS:
            with ADMIN_LOCK:
                return ADMINS.token()
        return MEMBERS.token()

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


# Every third case of these gets a real code (and a real half-login), or the id of the
# member's own session, so their 200s are checked too; the others stay as generated.
WITH_REAL_CODES = {"POST /me/mfa/totp/confirm", "POST /login/mfa", "DELETE /me/sessions/{id}"}
CASES = itertools.count()


def half_login() -> tuple[str, str]:
    """A new member with TOTP on, whose password has just been given: an mfa_token and a code."""
    username = f"fuzz-mfa-{uuid.uuid4().hex[:12]}"
    body = {"username": username, "password": PASSWORD, "nickname": "F"}
    call("POST", "/signup", body=body)
    token = log_in(username, PASSWORD)
    secret = call("POST", "/me/mfa/totp", token=token, body={"password": PASSWORD}).json()
    app = pyotp.TOTP(secret["secret"])
    call("POST", "/me/mfa/totp/confirm", token=token, body={"code": app.now()})
    refusal = call("POST", "/login", body={"username": username, "password": PASSWORD}).json()
    # The next step's code: the enrolment's step is spent, and one step of drift is allowed.
    return refusal["error"]["mfa_token"], app.at(time.time() + 30)


def enrolment_code(token: str) -> str:
    secret = call("POST", "/me/mfa/totp", token=token, body={"password": PASSWORD}).json()
    return pyotp.TOTP(secret["secret"]).now()


@schemathesis.hook
def before_call(context, case, **kwargs):
    label = case.operation.label
    if label not in WITH_REAL_CODES or next(CASES) % 3:
        return
    if label == "DELETE /me/sessions/{id}":  # the member's own session: a real id to end
        sessions = call("GET", "/me/sessions", token=MEMBERS.token()).json()["sessions"]
        case.path_parameters = {**(case.path_parameters or {}), "id": sessions[0]["id"]}
    elif not isinstance(case.body, dict):
        return
    elif label == "POST /login/mfa":
        case.body["mfa_token"], case.body["code"] = half_login()
    else:
        case.body["code"] = enrolment_code(MEMBERS.token())


@schemathesis.hook
def after_call(context, case, response):
    if response.status_code == 200 and case.operation.label in SPENDS_MEMBER:
        MEMBERS.forget()
