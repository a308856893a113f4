"""deploy/healthcheck.py: only a plain-HTTP 200 from /health is healthy."""

import subprocess
import sys

import pytest

from tests.deploy.fake_http import FakeHttp
from tests.deploy.paths import DEPLOY

HEALTHCHECK = DEPLOY / "healthcheck.py"


def run_healthcheck(port: int, **env) -> subprocess.CompletedProcess:
    environment = {"GUNICORN_BIND": f"0.0.0.0:{port}", "PATH": "/usr/bin:/bin", **env}
    return subprocess.run(
        [sys.executable, str(HEALTHCHECK)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_a_200_is_healthy_and_the_request_names_an_allowed_host():
    with FakeHttp(lambda *_: (200, '{"status": "ok"}', {})) as server:
        result = run_healthcheck(server.port, ALLOWED_HOSTS=" .api.example, 127.0.0.1")
    assert result.returncode == 0, result.stderr
    [(method, path, headers)] = server.requests
    assert (method, path, headers["Host"]) == ("GET", "/health", "api.example")


def test_a_redirect_to_https_is_not_followed_and_is_unhealthy():
    redirect = (301, "", {"Location": "https://api.example/health"})
    with FakeHttp(lambda *_: redirect) as server:
        result = run_healthcheck(server.port)
    assert result.returncode == 1
    assert len(server.requests) == 1
    assert "301" in result.stderr and "https://api.example/health" in result.stderr


@pytest.mark.parametrize("status", [400, 500, 503])
def test_any_other_status_is_unhealthy_and_its_body_is_shown(status):
    body = '{"status": "unavailable", "checks": {"database": "ok", "redis": "unreachable"}}'
    with FakeHttp(lambda *_: (status, body, {"Content-Type": "application/json"})) as server:
        result = run_healthcheck(server.port)
    assert result.returncode == 1
    assert str(status) in result.stderr and '"redis": "unreachable"' in result.stderr


def test_nothing_listening_is_unhealthy():
    with FakeHttp(lambda *_: (200, "", {})) as server:
        port = server.port
    result = run_healthcheck(port)
    assert result.returncode == 1
    assert "unhealthy" in result.stderr
