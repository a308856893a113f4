"""Behind a local proxy, gunicorn's two other binds: dual-stack TCP (`[::]`) and a unix socket.

Each test starts gunicorn for real, on a SQLite file of its own, and talks to it as the
proxy would: the proxy's own address is what gunicorn reports (`::ffff:127.0.0.1` on the
dual-stack bind, nothing on the unix socket), and X-Forwarded-For names the client. The
client's address must then be the one the limits count, the audit trail writes and the
metrics page judges. Port: LIVE_BIND_TEST_PORT, else 8110.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.servers import wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("LIVE_BIND_TEST_PORT", "8110"))
ATTACKER, MEMBER_AT_HOME = "203.0.113.66", "198.51.100.7"


def dual_stack_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            probe.bind(("::", 0))
        return True
    except OSError:
        return False


def start_gunicorn(tmp_path: Path, bind: str, **settings: str):
    """gunicorn on `bind` with a fresh database; its stdout (the JSON log lines) goes to a file."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DOTENV_PATH": "/nonexistent/.env",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SECRET_KEY": secrets.token_urlsafe(48),
        "MFA_SECRET_KEY": secrets.token_urlsafe(48),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "LOGIN_LIMIT_PER_ADDRESS": "2",
        **settings,
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True)
    log = (tmp_path / "stdout.log").open("w")
    gunicorn = Path(python).with_name("gunicorn")
    process = subprocess.Popen(
        [gunicorn, "--config", "gunicorn.conf.py", "--bind", bind, "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.DEVNULL,
    )
    return process, tmp_path / "stdout.log"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def audit_addresses(log_path: Path, event: str) -> list[str]:
    time.sleep(0.2)  # the worker's last lines reach the file
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    return [line["address"] for line in lines if line.get("event") == event]


def behave_as_one_proxy(client: httpx.Client, log_path: Path) -> None:
    """Clients behind the one proxy are told apart: by the limits, the audit trail and /metrics."""
    forwarded = {"X-Forwarded-For": ATTACKER}
    guesses = [
        client.post(
            "/login", json={"username": f"m{n}", "password": "wrong-guess"}, headers=forwarded
        )
        for n in range(3)
    ]
    assert [guess.status_code for guess in guesses] == [401, 401, 429]
    at_home = client.post(
        "/login",
        json={"username": "m0", "password": "wrong-guess"},
        headers={"X-Forwarded-For": MEMBER_AT_HOME},
    )
    assert at_home.status_code == 401, "another client behind the proxy is not refused"
    assert audit_addresses(log_path, "login_failed") == [ATTACKER, ATTACKER, MEMBER_AT_HOME]
    assert client.get("/metrics", headers=forwarded).status_code == 404
    assert client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


@pytest.mark.skipif(not dual_stack_available(), reason="needs IPv6 with IPv4-mapped addresses")
def test_a_proxy_reaching_a_dual_stack_bind_over_ipv4_is_trusted(tmp_path):
    process, log_path = start_gunicorn(tmp_path, f"[::]:{PORT}", TRUSTED_PROXIES="127.0.0.1")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{PORT}", timeout=30) as client:
            wait_until_healthy(client)
            behave_as_one_proxy(client, log_path)
    finally:
        stop(process)


def test_a_proxy_on_a_unix_socket_is_trusted_when_configured(tmp_path):
    path = tmp_path / "api.sock"
    process, log_path = start_gunicorn(
        tmp_path, f"unix:{path}", TRUSTED_PROXY_UNIX_SOCKET="true", TRUSTED_PROXIES=""
    )
    transport = httpx.HTTPTransport(uds=str(path))
    try:
        with httpx.Client(transport=transport, base_url="http://localhost", timeout=30) as client:
            wait_until_healthy(client)
            behave_as_one_proxy(client, log_path)
    finally:
        stop(process)
