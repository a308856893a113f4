"""The request log: one JSON line per request, with its id, and never a secret."""

import json
import logging
from pathlib import Path

import pytest
from django.test import Client, override_settings

from api.logs import JsonFormatter
from tests.client_helpers import NEW_PASSWORD, PASSWORD, WRONG_PASSWORD, bearer
from tests.crash_urls import CRASH_DETAIL
from tests.fresh_process import run_python

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
FORGED_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged-signature"


def sign_up_and_log_in(client, username="logged", password=PASSWORD) -> dict:
    body = {"username": username, "password": password, "nickname": "N"}
    assert client.post("/signup", body, content_type="application/json").status_code == 201
    response = client.post(
        "/login", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


def test_one_line_per_request_with_its_fields(client, log):
    tokens = sign_up_and_log_in(client)
    member_id = client.get("/me", **bearer(tokens["token"])).json()["id"]
    log.clear()
    response = client.get("/me", **bearer(tokens["token"]))
    [line] = log.requests()
    assert line["method"] == "GET"
    assert line["path"] == "/me"
    assert line["status"] == 200
    assert line["user_id"] == member_id
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "INFO"
    assert "error_code" not in line
    assert line["time"].endswith("+00:00")


def test_an_anonymous_request_has_no_user_id(client, log):
    client.get("/health")
    [line] = log.requests()
    assert line["status"] == 200 and "user_id" not in line


def test_the_query_string_is_not_logged(client, log):
    client.get("/me?access_token=leaked-through-the-url")
    [line] = log.requests()
    assert line["path"] == "/me"
    assert "leaked-through-the-url" not in log.text


@pytest.mark.parametrize(
    ("send", "status", "code"),
    [
        (lambda client: client.get("/me"), 401, "TOKEN_NOT_FOUND"),
        (lambda client: client.get("/me", **bearer(FORGED_TOKEN)), 401, "INVALID_TOKEN"),
        (
            lambda client: client.post(
                "/login",
                {"username": "nobody", "password": WRONG_PASSWORD},
                content_type="application/json",
            ),
            401,
            "INVALID_CREDENTIALS",
        ),
        (lambda client: client.get("/no-such-page"), 404, "NOT_FOUND"),
    ],
)
def test_a_refusal_is_logged_with_its_code(client, log, send, status, code):
    send(client)
    [line] = log.requests()
    assert (line["status"], line["error_code"], line["level"]) == (status, code, "WARNING")


def test_a_member_without_the_right_is_logged_with_access_denied(client, log):
    tokens = sign_up_and_log_in(client)
    log.clear()
    roles = {"roles": ["ADMIN"]}
    client.patch(
        "/admin/users/1/roles", roles, content_type="application/json", **bearer(tokens["token"])
    )
    [line] = log.requests()
    assert (line["status"], line["error_code"]) == (403, "ACCESS_DENIED")
    assert line["user_id"] is not None


def test_too_many_attempts_are_logged_with_their_code(client, log, settings):
    settings.LOGIN_LIMIT_PER_USERNAME = 1
    credentials = {"username": "nobody", "password": WRONG_PASSWORD}
    client.post("/login", credentials, content_type="application/json")
    client.post("/login", credentials, content_type="application/json")
    assert [line["error_code"] for line in log.requests()] == [
        "INVALID_CREDENTIALS",
        "TOO_MANY_REQUESTS",
    ]


class TestRequestId:
    def test_an_incoming_id_is_kept_and_echoed(self, client, log):
        response = client.get("/health", HTTP_X_REQUEST_ID="lb-7f3a9c:01")
        assert response["X-Request-ID"] == "lb-7f3a9c:01"
        assert log.requests()[0]["request_id"] == "lb-7f3a9c:01"

    def test_without_one_each_request_gets_its_own(self, client, log):
        first, second = client.get("/health"), client.get("/health")
        assert first["X-Request-ID"] != second["X-Request-ID"]
        assert len(first["X-Request-ID"]) == 32
        assert [line["request_id"] for line in log.requests()] == [
            first["X-Request-ID"],
            second["X-Request-ID"],
        ]

    @pytest.mark.parametrize(
        "incoming",
        ["", "x" * 129, "two words", 'a"quote', "line\nbreak", "한국어", "<script>", "a;b"],
    )
    def test_an_unsafe_incoming_id_is_replaced(self, client, log, incoming):
        response = client.get("/health", HTTP_X_REQUEST_ID=incoming)
        assert response["X-Request-ID"] != incoming
        assert len(response["X-Request-ID"]) == 32
        assert log.requests()[0]["request_id"] == response["X-Request-ID"]

    def test_the_longest_safe_id_is_kept(self, client):
        assert client.get("/health", HTTP_X_REQUEST_ID="a" * 128)["X-Request-ID"] == "a" * 128

    def test_an_error_response_carries_the_id_too(self, client):
        assert client.get("/no-such-page", HTTP_X_REQUEST_ID="req-404")["X-Request-ID"] == "req-404"


@override_settings(ROOT_URLCONF="tests.crash_urls", DEBUG=False)
def test_a_crash_is_logged_by_django_with_its_traceback_and_request_id(log):
    response = Client(raise_request_exception=False).get("/crash", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    [report] = [line for line in log.lines() if line["logger"] == "django.request"]
    assert report["level"] == "ERROR"
    assert report["request_id"] == "req-500"
    assert report["status_code"] == 500
    assert "Traceback" in report["exception"] and CRASH_DETAIL in report["exception"]
    [line] = log.requests()
    assert (line["status"], line["error_code"], line["request_id"]) == (
        500,
        "INTERNAL_ERROR",
        "req-500",
    )


def test_no_password_or_token_is_ever_logged(client, log):
    """Every flow that carries a secret, right and wrong, then a search for each secret."""
    tokens = sign_up_and_log_in(client, username="secretive")
    json_body = {"content_type": "application/json"}
    renewed = client.post(
        "/token/refresh", {"refresh_token": tokens["refresh_token"]}, **json_body
    ).json()
    access = renewed["token"]
    client.get("/me", **bearer(access))
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert client.post("/me/password", change, **json_body, **bearer(access)).status_code == 200
    client.post("/login", {"username": "secretive", "password": WRONG_PASSWORD}, **json_body)
    client.get("/me", **bearer(FORGED_TOKEN))
    logout = {"refresh_token": renewed["refresh_token"]}
    assert client.post("/logout", logout, **json_body, **bearer(access)).status_code == 200
    client.post("/token/refresh", {"refresh_token": tokens["refresh_token"]}, **json_body)
    client.post("/signup", b'{"password": "' + PASSWORD.encode() + b'", broken', **json_body)

    assert len(log.requests()) == 10, log.text
    secrets = [PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, FORGED_TOKEN, tokens["token"], access]
    secrets += [tokens["refresh_token"], renewed["refresh_token"]]
    for secret in secrets:
        assert secret not in log.text
        assert secret.split(".")[-1] not in log.text  # not even a token's signature
    assert "Bearer" not in log.text and "Authorization" not in log.text


def test_only_named_fields_leave_a_record():
    record = logging.LogRecord("api.requests", logging.INFO, __file__, 1, "GET /me 200", None, None)
    record.status = 200
    record.request = object()
    record.password = PASSWORD
    line = json.loads(JsonFormatter().format(record))
    assert line["status"] == 200
    assert "request" not in line and "password" not in line and PASSWORD not in json.dumps(line)


def test_the_configured_logs_are_json_lines_on_stdout():
    """The real LOGGING setting, in a fresh process: what an operator's log collector reads."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "Client().get('/no-such-page?password=in-the-url', HTTP_X_REQUEST_ID='from-the-balancer')"
    )
    result = run_python(["-c", code], DJANGO_SETTINGS_MODULE="config.test_settings")
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(text) for text in result.stdout.splitlines()]
    assert line["logger"] == "api.requests"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/no-such-page", 404)
    assert (line["request_id"], line["error_code"]) == ("from-the-balancer", "NOT_FOUND")
    assert "in-the-url" not in result.stdout
