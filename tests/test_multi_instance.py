"""Two gunicorn instances on one PostgreSQL and one Redis behave as one service.

Run by .ci/run with MULTI_INSTANCE_DATABASE_URL and TEST_REDIS_URL set; skipped otherwise.
The instances are real processes on their own ports, as behind a load balancer.
"""

import itertools
import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.servers import wait_until_healthy
from tests.together import at_once

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("MULTI_INSTANCE_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
PORTS = (8301, 8302)
LOGIN_WINDOW = 15 * 60  # the default LOGIN_LIMIT_WINDOW

pytestmark = [
    pytest.mark.multi_instance,
    pytest.mark.skipif(
        not (DATABASE_URL and REDIS_URL),
        reason="needs MULTI_INSTANCE_DATABASE_URL and TEST_REDIS_URL",
    ),
]


@pytest.fixture(scope="module")
def instances():
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DOTENV_PATH": "/nonexistent/.env",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    processes = [
        subprocess.Popen(
            [
                gunicorn,
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in PORTS
    ]
    clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) for port in PORTS]
    try:
        for client in clients:
            wait_until_healthy(client)
        yield clients
    finally:
        for client in clients:
            client.close()
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def new_member(client: httpx.Client) -> dict:
    member = {"username": f"multi-{uuid.uuid4().hex[:12]}", "password": "12341234", "nickname": "M"}
    assert client.post("/signup", json=member).status_code == 201
    return member


def test_logout_on_one_instance_is_seen_by_the_other(instances):
    first, second = instances
    member = new_member(first)
    login = first.post("/login", json={"username": member["username"], "password": "12341234"})
    auth = {"Authorization": f"Bearer {login.json()['token']}"}
    assert second.get("/me", headers=auth).status_code == 200
    assert first.post("/logout", headers=auth, json={}).status_code == 200
    refused = second.get("/me", headers=auth)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "INVALID_TOKEN"


def test_refresh_reuse_on_one_instance_ends_the_session_on_the_other(instances):
    first, second = instances
    member = new_member(first)
    tokens = first.post(
        "/login", json={"username": member["username"], "password": "12341234"}
    ).json()
    renewed = second.post("/token/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert renewed.status_code == 200
    assert (
        first.post("/token/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code
        == 401
    )
    replayed_family = second.post(
        "/token/refresh", json={"refresh_token": renewed.json()["refresh_token"]}
    )
    assert replayed_family.status_code == 401


def test_the_login_limit_is_shared_by_both_instances(instances):
    first, second = instances
    member = new_member(first)
    wrong = {"username": member["username"], "password": "wrong-password"}
    for attempt in range(5):
        assert instances[attempt % 2].post("/login", json=wrong).status_code == 401
    right = {"username": member["username"], "password": "12341234"}
    for client in (first, second):
        limited = client.post("/login", json=right)
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "TOO_MANY_REQUESTS"
        assert int(limited.headers["Retry-After"]) > 0


def test_guesses_sent_together_to_both_instances_are_counted_exactly(instances):
    member = new_member(instances[0])
    wrong = {"username": member["username"], "password": "wrong-password"}

    numbers = itertools.count()

    def guess() -> int:  # the guesses alternate between the two instances
        with httpx.Client(base_url=instances[next(numbers) % 2].base_url, timeout=30) as client:
            return client.post("/login", json=wrong).status_code

    started = time.time()
    statuses = sorted(at_once(guess, 20))
    if int(started // LOGIN_WINDOW) != int(time.time() // LOGIN_WINDOW):
        pytest.skip("the burst straddled two limit windows; it proves nothing either way")
    assert statuses == [401] * 5 + [429] * 15
