"""Headers for browsers and proxies: CORS from an allow-list, caching, HTTPS settings."""

import json
import subprocess

import pytest

from tests.client_helpers import listed
from tests.fresh_process import run_python

pytestmark = pytest.mark.django_db

APP = "https://app.example"


def preflight(client, origin: str, method: str = "POST"):
    return client.options(
        "/login",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


class TestCors:
    def test_by_default_no_origin_is_allowed(self, client):
        response = preflight(client, APP)
        assert "Access-Control-Allow-Origin" not in response
        assert "Access-Control-Allow-Origin" not in client.get("/health", HTTP_ORIGIN=APP)

    def test_a_listed_origin_passes_the_preflight(self, client, settings):
        settings.CORS_ALLOWED_ORIGINS = [APP]
        response = preflight(client, APP)
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == APP
        assert {"authorization", "content-type"} <= listed(response["Access-Control-Allow-Headers"])
        assert "post" in listed(response["Access-Control-Allow-Methods"])
        # Tokens travel in a header, never in cookies: a browser must not send credentials.
        assert "Access-Control-Allow-Credentials" not in response

    @pytest.mark.parametrize(
        "origin", ["https://evil.example", "http://app.example", "https://app.example:8443"]
    )
    def test_an_unlisted_origin_fails_the_preflight(self, client, settings, origin):
        settings.CORS_ALLOWED_ORIGINS = [APP]
        assert "Access-Control-Allow-Origin" not in preflight(client, origin)

    def test_a_listed_origin_may_read_the_response_and_its_request_id(self, client, settings):
        settings.CORS_ALLOWED_ORIGINS = [APP]
        response = client.get("/me", HTTP_ORIGIN=APP)
        assert response["Access-Control-Allow-Origin"] == APP
        assert {"x-request-id", "retry-after"} <= listed(response["Access-Control-Expose-Headers"])
        assert {"origin", "authorization", "accept-language"} <= listed(response["Vary"])


def test_a_token_response_is_neither_cached_nor_sniffed(client):
    body = {"username": "headers", "password": "12341234", "nickname": "H"}
    client.post("/signup", body, content_type="application/json")
    response = client.post("/login", body, content_type="application/json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response  # plain HTTP: HSTS would mean nothing


SETTINGS_SHOWN = [
    "HTTPS",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CORS_ALLOWED_ORIGINS",
]


def run_in_a_fresh_process(args: list[str], **env) -> subprocess.CompletedProcess:
    """The real settings with exactly these variables (test secrets unless given), and no local .env file."""
    secrets = {
        "SECRET_KEY": "test-only-secret-key-that-is-long-enough-0123456789",
        "JWT_SECRET_KEY": "test-only-jwt-signing-key-" + "0123456789abcdef" * 3,
        "MFA_SECRET_KEY": "test-only-mfa-encryption-key-" + "fedcba9876543210" * 3,
    }
    return run_python(args, **{**secrets, **env})


def settings_in_a_fresh_process(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {SETTINGS_SHOWN!r}}}))"
    )
    result = run_in_a_fresh_process(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_plain_http_is_the_default():
    values = settings_in_a_fresh_process()
    assert values == {
        "HTTPS": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "CORS_ALLOWED_ORIGINS": [],
    }


def test_behind_https_hsts_is_on_and_cookies_are_secure():
    values = settings_in_a_fresh_process(
        HTTPS="true", CORS_ALLOWED_ORIGINS="https://a.example, https://b.example"
    )
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["CORS_ALLOWED_ORIGINS"] == ["https://a.example", "https://b.example"]


def test_an_explicit_hsts_lifetime_wins():
    assert (
        settings_in_a_fresh_process(HTTPS="true", SECURE_HSTS_SECONDS="600")["SECURE_HSTS_SECONDS"]
        == 600
    )


def test_hsts_is_sent_on_a_secure_request_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/health", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("path", ["/health", "/health/"])
def test_health_answers_plain_http_behind_the_https_requirement(client, settings, path):
    # A load balancer checks /health over plain HTTP without X-Forwarded-Proto; a 301 or a
    # refusal there would mark every target unhealthy (docs/deploy-ec2.md, HTTPS at the load balancer).
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/me"), ("POST", "/login"), ("POST", "/signup"), ("GET", "/openapi.json")],
)
def test_api_requests_over_plain_http_are_refused_not_redirected(client, settings, method, path):
    # A redirect comes after the password or token has crossed in the clear (ASVS 5.0 V4.1.2).
    settings.SECURE_SSL_REDIRECT = True
    response = client.generic(method, path, b"{}", content_type="application/json")
    assert response.status_code == 403
    assert "Location" not in response
    assert response.json()["error"]["code"] == "HTTPS_REQUIRED"


def test_the_refusal_speaks_english_when_asked(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/me", headers={"Accept-Language": "en"})
    assert (
        response.json()["error"]["message"] == "Please use HTTPS. Plain HTTP requests are refused."
    )
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("path", ["/swagger", "/static/drf_spectacular_sidecar/x.js"])
def test_pages_for_a_browser_are_redirected_to_https(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(path + "?q=1")
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}?q=1"


def test_requests_over_https_and_without_the_requirement_pass(client, settings):
    assert client.get("/me").json()["error"]["code"] == "TOKEN_NOT_FOUND"
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/me", secure=True).json()["error"]["code"] == "TOKEN_NOT_FOUND"


def test_a_proxy_saying_https_counts_as_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/me", headers={"X-Forwarded-Proto": "https"})
    assert response.json()["error"]["code"] == "TOKEN_NOT_FOUND"


def test_deploy_checks_pass_behind_https_with_an_allow_list():
    result = run_in_a_fresh_process(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="9fK2-x!Qz" * 7,
        JWT_SECRET_KEY="k" * 40,
        ALLOWED_HOSTS="api.example",
        HTTPS="true",
        CORS_ALLOWED_ORIGINS="https://app.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_malformed_allowed_origin_fails_the_checks():
    result = run_in_a_fresh_process(["manage.py", "check"], CORS_ALLOWED_ORIGINS="app.example")
    assert result.returncode != 0
    assert "corsheaders.E013" in result.stderr
