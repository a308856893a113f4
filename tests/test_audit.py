"""The security audit trail: one line per event on `api.audit`, with its fields, never a secret."""

import hashlib
import ipaddress
import json
import unicodedata
from io import StringIO

import pyotp
import pytest
from django.core.management import call_command
from freezegun import freeze_time

from accounts.audit import EVENTS
from accounts.models import User
from accounts.usernames import username_fingerprint, username_key
from tests.client_helpers import NEW_PASSWORD, PASSWORD, WRONG_PASSWORD, bearer
from tests.fresh_process import run_python
from tests.recovery_helpers import RECOVERY_EVENTS
from tokens.tokens import read_access_token

LOGIN_LIMITS = {"per_username_and_address", "per_address", "per_username"}

pytestmark = pytest.mark.django_db

# Typed the way people type: the name in capitals, and a password in the username field.
TYPED_NAME = "Audited.Member"
ADMIN_NAME = "Chief.Admin"
MFA_NAME = "Second.Factor"
JSON = {"content_type": "application/json"}
# Made and searched for secrets by tests/test_recovery_audit.py.


@pytest.fixture
def audit(log):
    """Every log line, as on stdout; the audit trail is read from among them."""
    return log


def sign_up(client, username=TYPED_NAME, password=PASSWORD):
    body = {"username": username, "password": password, "nickname": "N"}
    return client.post("/signup", body, **JSON)


def log_in(client, username=TYPED_NAME, password=PASSWORD, **extra):
    return client.post("/login", {"username": username, "password": password}, **JSON, **extra)


def member_with_session(client) -> tuple[int, dict]:
    assert sign_up(client).status_code == 201
    tokens = log_in(client).json()
    return User.objects.get(username_key=username_key(TYPED_NAME)).pk, tokens


def session_of(access_token: str) -> str:
    return read_access_token(access_token).session_id


def assert_line(line: dict, response, **expected) -> None:
    """The event's own fields, and the request id and address that every line carries."""
    assert line["logger"] == "api.audit"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["address"] == "127.0.0.1"
    for name, value in expected.items():
        if value is None:
            assert name not in line, (name, line)
        else:
            assert line[name] == value, (name, line)


class TestEvents:
    def test_signup(self, client, audit):
        response = sign_up(client)
        member_id = User.objects.get().pk
        assert_line(audit.one("signup"), response, user_id=member_id, session_id=None)

    def test_login_succeeded(self, client, audit):
        sign_up(client)
        response = log_in(client)
        line = audit.one("login_succeeded")
        assert_line(
            line,
            response,
            user_id=User.objects.get().pk,
            session_id=session_of(response.json()["token"]),
        )
        assert line["level"] == "INFO"

    def test_login_failed_for_a_member(self, client, audit):
        sign_up(client)
        response = log_in(client, password=WRONG_PASSWORD)
        line = audit.one("login_failed")
        assert_line(
            line,
            response,
            user_id=User.objects.get().pk,
            username_key=username_fingerprint(TYPED_NAME),
        )
        assert line["level"] == "WARNING"

    def test_login_failed_for_a_name_nobody_has(self, client, audit):
        response = log_in(client, username="No.Such.Member")
        assert_line(
            audit.one("login_failed"),
            response,
            user_id=None,
            username_key=username_fingerprint("no.such.member"),
        )

    def test_login_limited_says_which_limit(self, client, audit, settings):
        settings.LOGIN_LIMIT_PER_USERNAME = 1
        log_in(client, password=WRONG_PASSWORD)
        response = log_in(client, password=WRONG_PASSWORD)
        assert response.status_code == 429
        line = audit.one("login_limited")
        assert_line(line, response, username_key=username_fingerprint(TYPED_NAME), user_id=None)
        assert line["limit"] in LOGIN_LIMITS

    def test_token_refreshed(self, client, audit):
        member_id, tokens = member_with_session(client)
        response = client.post("/token/refresh", {"refresh_token": tokens["refresh_token"]}, **JSON)
        assert_line(
            audit.one("token_refreshed"),
            response,
            user_id=member_id,
            session_id=session_of(tokens["token"]),
        )

    def test_refresh_token_reused_names_the_session_it_ended(self, client, audit):
        member_id, tokens = member_with_session(client)
        client.post("/token/refresh", {"refresh_token": tokens["refresh_token"]}, **JSON)
        response = client.post("/token/refresh", {"refresh_token": tokens["refresh_token"]}, **JSON)
        line = audit.one("refresh_token_reused")
        assert_line(line, response, user_id=member_id, session_id=session_of(tokens["token"]))
        assert line["level"] == "WARNING"

    def test_logout(self, client, audit):
        member_id, tokens = member_with_session(client)
        response = client.post("/logout", {}, **JSON, **bearer(tokens["token"]))
        assert_line(
            audit.one("logout"), response, user_id=member_id, session_id=session_of(tokens["token"])
        )

    def test_logout_all(self, client, audit):
        member_id, tokens = member_with_session(client)
        response = client.post("/logout/all", **bearer(tokens["token"]))
        assert_line(
            audit.one("logout_all"),
            response,
            user_id=member_id,
            session_id=session_of(tokens["token"]),
        )

    def test_password_changed(self, client, audit):
        member_id, tokens = member_with_session(client)
        change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
        response = client.post("/me/password", change, **JSON, **bearer(tokens["token"]))
        assert response.status_code == 200
        session_id = session_of(tokens["token"])
        assert_line(
            audit.one("password_changed"), response, user_id=member_id, session_id=session_id
        )

    def test_account_deleted(self, client, audit):
        member_id, tokens = member_with_session(client)
        response = client.delete("/me", {"password": PASSWORD}, **JSON, **bearer(tokens["token"]))
        assert response.status_code == 200
        session_id = session_of(tokens["token"])
        assert_line(
            audit.one("account_deleted"), response, user_id=member_id, session_id=session_id
        )

    def test_roles_changed_names_who_changed_what(self, client, audit):
        member_id, _ = member_with_session(client)
        admin = User.objects.create_user(
            ADMIN_NAME, PASSWORD, nickname="R", roles=["USER", "ADMIN"]
        )
        admin_token = log_in(client, ADMIN_NAME).json()["token"]
        body = {"roles": ["USER", "ADMIN"]}
        response = client.patch(
            f"/admin/users/{member_id}/roles", body, **JSON, **bearer(admin_token)
        )
        assert response.status_code == 200
        line = audit.one("roles_changed")
        assert_line(
            line, response, user_id=member_id, actor_id=admin.pk, session_id=session_of(admin_token)
        )
        assert (line["roles_before"], line["roles_after"]) == (["USER"], ["USER", "ADMIN"])

    def test_createadmin_signs_up_the_administrator_and_gives_the_role(self, audit, monkeypatch):
        monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
        call_command("createadmin", username=ADMIN_NAME, stdout=StringIO())
        admin_id = User.objects.get(username_key=username_key(ADMIN_NAME)).pk
        assert audit.one("signup")["user_id"] == admin_id
        line = audit.one("roles_changed")
        assert line["user_id"] == admin_id and "actor_id" not in line
        assert (line["roles_before"], line["roles_after"]) == (["USER"], ["USER", "ADMIN"])

    def test_createadmin_making_a_member_an_administrator_is_a_roles_change(self, client, audit):
        member_id, _ = member_with_session(client)
        audit.clear()
        call_command(
            "createadmin", username=TYPED_NAME.upper(), promote_existing=True, stdout=StringIO()
        )
        line = audit.one("roles_changed")
        assert line["user_id"] == member_id and "actor_id" not in line
        assert (line["roles_before"], line["roles_after"]) == (["USER"], ["USER", "ADMIN"])

    def test_session_evicted_names_the_session_ended(self, client, audit, settings):
        settings.MAX_SESSIONS_PER_MEMBER = 1
        member_id, first = member_with_session(client)
        response = log_in(client)
        line = audit.one("session_evicted")
        assert_line(line, response, user_id=member_id, session_id=session_of(first["token"]))

    def test_the_address_is_the_client_behind_a_trusted_proxy(self, client, audit, settings):
        settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
        client.post(
            "/login",
            {"username": "nobody", "password": WRONG_PASSWORD},
            **JSON,
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        assert audit.one("login_failed")["address"] == "198.51.100.7"


def test_no_password_token_or_typed_name_is_ever_written(client, audit, settings):
    """Every event, then a search of everything logged for each secret and each typed name."""
    settings.MAX_SESSIONS_PER_MEMBER = 1
    settings.LOGIN_LIMIT_PER_USERNAME = 3
    member_id, first = member_with_session(client)
    second = log_in(client).json()  # ends the first session
    renewed = client.post(
        "/token/refresh", {"refresh_token": second["refresh_token"]}, **JSON
    ).json()
    client.post("/token/refresh", {"refresh_token": second["refresh_token"]}, **JSON)  # reuse
    tokens = log_in(client).json()
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    client.post("/me/password", change, **JSON, **bearer(tokens["token"]))
    client.post(
        "/logout", {"refresh_token": tokens["refresh_token"]}, **JSON, **bearer(tokens["token"])
    )
    tokens = log_in(client, password=NEW_PASSWORD).json()
    client.post("/logout/all", **bearer(tokens["token"]))
    for _ in range(3):
        log_in(client, username=PASSWORD, password=WRONG_PASSWORD)  # the password typed as the name
    log_in(client, username=PASSWORD, password=WRONG_PASSWORD)  # now limited
    User.objects.create_user(ADMIN_NAME, PASSWORD, nickname="R", roles=["USER", "ADMIN"])
    admin_token = log_in(client, ADMIN_NAME).json()["token"]
    client.patch(
        f"/admin/users/{member_id}/roles", {"roles": ["USER"]}, **JSON, **bearer(admin_token)
    )
    client.delete(f"/admin/users/{member_id}/sessions", **bearer(admin_token))
    tokens = log_in(client, password=NEW_PASSWORD).json()
    client.delete("/me", {"password": NEW_PASSWORD}, **JSON, **bearer(tokens["token"]))
    settings.MAX_SESSIONS_PER_MEMBER = 10
    mfa_secrets = second_factor_events(client)

    made = {line["event"] for line in audit.events()}
    assert made == set(EVENTS) - RECOVERY_EVENTS, "every event was made"
    secrets = [
        PASSWORD,
        NEW_PASSWORD,
        WRONG_PASSWORD,
        admin_token,
        renewed["token"],
        renewed["refresh_token"],
    ]
    secrets += [first["token"], first["refresh_token"], second["token"], second["refresh_token"]]
    secrets += [tokens["token"], tokens["refresh_token"], *mfa_secrets]
    text = audit.text
    for secret in secrets:
        assert secret not in text
        assert secret.split(".")[-1] not in text  # not even a token's signature
    for typed in (TYPED_NAME, ADMIN_NAME, MFA_NAME):
        assert typed.lower() not in text.lower()


def test_the_trail_is_written_whatever_log_level_quiets():
    """With the real LOGGING setting and LOG_LEVEL=ERROR, INFO lines are silenced, audit lines not."""
    code = (
        "import django, logging; django.setup(); from accounts import audit; "
        "logging.getLogger('api.requests').info('quiet'); "
        "audit.record('signup', address='192.0.2.1', user_id=7)"
    )
    # The real settings: the suite's own take LOG_LEVEL out of the environment.
    result = run_python(
        ["-c", code],
        SECRET_KEY="s" * 40,
        JWT_SECRET_KEY="j" * 40,
        MFA_SECRET_KEY="m" * 40,
        LOG_LEVEL="ERROR",
    )
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(text) for text in result.stdout.splitlines()]
    assert (line["logger"], line["event"], line["address"], line["user_id"]) == (
        "api.audit",
        "signup",
        "192.0.2.1",
        7,
    )


class TestUsernameFingerprint:
    """A name typed at a login reaches the trail only keyed: it cannot be recovered by a dictionary."""

    DICTIONARY = ["password", "Summer2024!", PASSWORD, "Audited.Member"]

    def test_a_password_typed_as_the_name_is_not_found_by_hashing_a_dictionary(self, client, audit):
        log_in(client, username="Summer2024!", password=WRONG_PASSWORD)
        logged = audit.one("login_failed")["username_key"]
        for word in self.DICTIONARY:
            folded = unicodedata.normalize("NFKC", word.strip()).casefold()
            assert logged not in {
                hashlib.sha256(folded.encode()).hexdigest(),
                hashlib.sha256(word.encode()).hexdigest(),
                username_key(word),
            }

    def test_lines_about_one_name_still_correlate_in_any_letter_case(self, client, audit):
        log_in(client, username="Summer2024!", password=WRONG_PASSWORD)
        log_in(client, username="SUMMER2024!", password=WRONG_PASSWORD)
        first, second = (line["username_key"] for line in audit.events("login_failed"))
        assert first == second == username_fingerprint("summer2024!")

    def test_another_secret_key_gives_other_fingerprints(self, settings):
        before = username_fingerprint("Summer2024!")
        settings.SECRET_KEY = "another-secret-key-that-is-long-enough-0123456789"
        assert username_fingerprint("Summer2024!") != before


def second_factor_events(client) -> list[str]:
    """Every second-factor event and session_revoked, by a member of their own.

    Returns what must never be written: the TOTP secret, codes, and the half-login token.
    """
    User.objects.create_user(MFA_NAME, PASSWORD, nickname="M")
    with freeze_time("2030-01-01T00:00:00Z") as frozen:
        token = log_in(client, MFA_NAME).json()["token"]
        auth = bearer(token)
        enrolment = client.post("/me/mfa/totp", {"password": PASSWORD}, **JSON, **auth).json()
        totp = pyotp.TOTP(enrolment["secret"])
        first_code = totp.now()
        confirm = {"code": first_code}
        codes = client.post("/me/mfa/totp/confirm", confirm, **JSON, **auth).json()
        half = log_in(client, MFA_NAME).json()["error"]["mfa_token"]
        client.post("/login/mfa", {"mfa_token": half, "code": "000000"}, **JSON)
        client.post("/login/mfa", {"mfa_token": half, "code": codes["recovery_codes"][0]}, **JSON)
        frozen.tick(30)
        second_code = totp.now()
        replaced = client.post("/me/mfa/recovery-codes", {"code": second_code}, **JSON, **auth)
        sessions = client.get("/me/sessions", **auth).json()["sessions"]
        other = next(session["id"] for session in sessions if not session["current"])
        client.delete(f"/me/sessions/{other}", **auth)
        frozen.tick(30)
        last_code = totp.now()
        turn_off = {"password": PASSWORD, "code": last_code}
        assert client.delete("/me/mfa/totp", turn_off, **JSON, **auth).status_code == 200
    return [
        enrolment["secret"],
        half,
        first_code,
        second_code,
        last_code,
        *codes["recovery_codes"],
        *replaced.json()["recovery_codes"],
    ]
