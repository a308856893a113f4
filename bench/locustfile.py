"""A mixed load on the API, one kind of client per endpoint.

Each kind has its own fixed number of users that send requests back to back (no
think time), so every endpoint is pushed as hard as the server lets it while the
others run too. With as many /me users as /health users, the ratio of their
throughputs is the ratio of their costs: JWT verification plus the user-and-session
query, against `SELECT 1`.

A request counts as failed (an unexpected status) unless it gets the one status
its endpoint promises for it: 200, or 201 for a sign-up.
"""

import os
import uuid

import requests
from locust import HttpUser, constant, task

PASSWORD = "bench-password-1"
PROFILE_USERS = int(os.environ.get("BENCH_PROFILE_USERS", 4))
HEALTH_USERS = int(os.environ.get("BENCH_HEALTH_USERS", 4))
LOGIN_USERS = int(os.environ.get("BENCH_LOGIN_USERS", 2))
SIGNUP_USERS = int(os.environ.get("BENCH_SIGNUP_USERS", 2))


def new_member(host: str) -> str:
    """Sign up a fresh member outside the measured requests; returns the username."""
    username = f"bench-{uuid.uuid4().hex[:16]}"
    response = requests.post(
        f"{host}/signup", json={"username": username, "password": PASSWORD, "nickname": "B"}, timeout=30
    )
    response.raise_for_status()
    return username


class ApiUser(HttpUser):
    abstract = True
    wait_time = constant(0)

    def expect(self, method: str, path: str, status: int, **kwargs):
        with self.client.request(method, path, name=f"{method} {path}", catch_response=True, **kwargs) as response:
            if response.status_code != status:
                response.failure(f"expected {status}, got {response.status_code}")
            return response


class ProfileReader(ApiUser):
    """A member who keeps asking for their profile with a valid token."""

    fixed_count = PROFILE_USERS

    def on_start(self):
        username = new_member(self.host)
        response = requests.post(
            f"{self.host}/login", json={"username": username, "password": PASSWORD}, timeout=30
        )
        response.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {response.json()['token']}"

    @task
    def read_profile(self):
        self.expect("GET", "/me", 200)


class HealthProbe(ApiUser):
    """A load balancer's health check, without pause."""

    fixed_count = HEALTH_USERS

    @task
    def probe(self):
        self.expect("GET", "/health", 200)


class ReturningMember(ApiUser):
    """A member who logs in again and again (Argon2id verification each time)."""

    fixed_count = LOGIN_USERS

    def on_start(self):
        self.credentials = {"username": new_member(self.host), "password": PASSWORD}

    @task
    def log_in(self):
        self.expect("POST", "/login", 200, json=self.credentials)


class Newcomer(ApiUser):
    """Visitors signing up under fresh names (Argon2id hashing each time)."""

    fixed_count = SIGNUP_USERS

    @task
    def sign_up(self):
        member = {"username": f"new-{uuid.uuid4().hex[:16]}", "password": PASSWORD, "nickname": "N"}
        self.expect("POST", "/signup", 201, json=member)
