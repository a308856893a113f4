"""Metrics: what is counted under which labels, who may read them, and the multiprocess mode."""

import ipaddress
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from prometheus_client import REGISTRY

from api import metrics

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
NOT_DOCUMENTED = {"/metrics", "/openapi.json", "/swagger"}
LOGIN_LIMITS = {"per_username_and_address", "per_address", "per_username"}


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def total(name: str, label: str) -> dict[str, float]:
    """Every value of a labelled counter, by that label."""
    return {
        found.labels[label]: found.value
        for family in REGISTRY.collect()
        for found in family.samples
        if found.name == name
    }


def all_routes(patterns, prefix="") -> set[str]:
    routes = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            routes |= all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.add(prefix + str(pattern.pattern))
    return routes


class TestRoutes:
    def test_every_endpoint_is_labelled_as_the_openapi_document_writes_it(self, client):
        documented = set(client.get("/openapi.json").json()["paths"])
        labelled = {metrics._template(route) for route in all_routes(get_resolver().url_patterns)}
        assert labelled - NOT_DOCUMENTED == documented

    def test_a_path_with_an_id_is_counted_under_its_template(self, client):
        [template] = [
            path
            for path in client.get("/openapi.json").json()["paths"]
            if path.startswith("/admin/users/") and path.endswith("/roles")
        ]
        before = sample("authapi_requests_total", method="PATCH", route=template, status="401")
        client.patch("/admin/users/424242/roles", {"roles": []}, content_type="application/json")
        assert (
            sample("authapi_requests_total", method="PATCH", route=template, status="401")
            == before + 1
        )
        assert not any("424242" in route for route in total("authapi_requests_total", "route"))

    def test_an_unknown_path_is_counted_as_unmatched(self, client):
        before = sample("authapi_requests_total", method="GET", route="unmatched", status="404")
        client.get("/no-such-page/12345")
        assert (
            sample("authapi_requests_total", method="GET", route="unmatched", status="404")
            == before + 1
        )
        assert "/no-such-page/12345" not in total("authapi_requests_total", "route")

    def test_an_unknown_method_is_counted_as_other(self, client):
        before = sample("authapi_requests_total", method="other", route="/health", status="405")
        client.generic("BREW", "/health")
        assert (
            sample("authapi_requests_total", method="other", route="/health", status="405")
            == before + 1
        )
        assert "BREW" not in total("authapi_requests_total", "method")

    def test_each_request_is_timed_by_route(self, client):
        before = sample("authapi_request_duration_seconds_count", route="/health")
        client.get("/health")
        client.get("/health/")
        assert sample("authapi_request_duration_seconds_count", route="/health") == before + 2


class TestSecurityCounts:
    def test_a_failed_login_is_counted_as_an_event(self, client):
        before = sample("authapi_auth_events_total", event="login_failed")
        client.post(
            "/login",
            {"username": "nobody", "password": "wrong-password"},
            content_type="application/json",
        )
        assert sample("authapi_auth_events_total", event="login_failed") == before + 1

    def test_every_event_is_listed_before_it_happens(self, client):
        text = client.get("/metrics").content.decode()
        assert 'authapi_auth_events_total{event="session_evicted"}' in text

    def test_a_login_refused_by_a_limit_is_counted_under_that_limit(self, client, settings):
        settings.LOGIN_LIMIT_PER_USERNAME = 1
        before = total("authapi_limit_refusals_total", "limit")
        credentials = {"username": "target", "password": "wrong-password"}
        for _ in range(2):
            client.post("/login", credentials, content_type="application/json")
        after = total("authapi_limit_refusals_total", "limit")
        risen = {
            limit: after[limit] - before.get(limit, 0)
            for limit in after
            if after[limit] != before.get(limit)
        }
        assert list(risen.values()) == [1] and set(risen) <= LOGIN_LIMITS

    def test_a_refused_signup_is_counted_under_its_limit(self, client, settings):
        settings.SIGNUP_LIMIT_PER_ADDRESS = 1
        before = sample("authapi_limit_refusals_total", limit="signups_per_address")
        for name in ("first", "second"):
            member = {"username": name, "password": "12341234", "nickname": "N"}
            client.post("/signup", member, content_type="application/json")
        assert sample("authapi_limit_refusals_total", limit="signups_per_address") == before + 1


class TestWhoMayRead:
    def test_loopback_reads_the_text_format(self, client):
        response = client.get("/metrics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        assert b"authapi_requests_total" in response.content

    @pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.1", "2001:db8::1"])
    def test_any_other_address_is_told_the_page_does_not_exist(self, client, address):
        refused = client.get("/metrics", REMOTE_ADDR=address)
        absent = client.get("/no-such-page", REMOTE_ADDR=address)
        assert (refused.status_code, refused.json()) == (404, absent.json())
        assert refused.json()["error"]["code"] == "NOT_FOUND"

    def test_an_allowed_network_reads_them(self, client, settings):
        settings.METRICS_ALLOWED_ADDRESSES = [ipaddress.ip_network("10.20.0.0/16")]
        assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
        assert client.get("/metrics").status_code == 404  # loopback is no longer in the list

    def test_the_client_behind_a_trusted_proxy_is_the_one_checked(self, client, settings):
        settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
        forwarded = {"REMOTE_ADDR": "10.0.0.2"}
        assert (
            client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9", **forwarded).status_code
            == 404
        )
        assert (
            client.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1", **forwarded).status_code == 200
        )

    def test_a_loopback_address_written_as_ipv6_is_loopback(self, client):
        assert client.get("/metrics", REMOTE_ADDR="::ffff:127.0.0.1").status_code == 200

    def test_only_reading_is_answered(self, client):
        assert client.post("/metrics", {}, content_type="application/json").status_code == 404

    def test_the_metrics_are_not_in_the_openapi_document(self, client):
        assert not any("metrics" in path for path in client.get("/openapi.json").json()["paths"])


def load_gunicorn_config(monkeypatch) -> dict:
    monkeypatch.setenv("DOTENV_PATH", "/nonexistent/.env")  # no local .env leaks into the tests
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


class TestMultiprocess:
    def test_a_scrape_sums_the_counts_of_every_process(self, tmp_path):
        """Two processes count into one directory, as gunicorn's workers do; a third reads them."""
        env = {"PATH": os.environ["PATH"], "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
        count = "from api.metrics import REQUESTS; REQUESTS.labels('GET', '/health', '200').inc()"
        for _ in range(2):
            subprocess.run([sys.executable, "-c", count], cwd=ROOT, env=env, check=True)
        read = "from prometheus_client import generate_latest; from api.metrics import _registry; "
        read += "print(generate_latest(_registry()).decode())"
        result = subprocess.run(
            [sys.executable, "-c", read],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert (
            'authapi_requests_total{method="GET",route="/health",status="200"} 2.0' in result.stdout
        )

    def test_gunicorn_makes_a_private_directory_and_removes_it(self, monkeypatch):
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # unset, as far as gunicorn is concerned
        config = load_gunicorn_config(monkeypatch)
        directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
        assert directory.is_dir() and directory == Path(config["METRICS_DIR"])
        (directory / "counter_1.db").write_bytes(b"")
        config["on_exit"](None)
        assert not directory.exists()

    def test_gunicorn_starts_from_zero_in_a_given_directory(self, monkeypatch, tmp_path):
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
        (tmp_path / "counter_99.db").write_bytes(b"left by an earlier run")
        (tmp_path / "notes.txt").write_text("not ours")
        config = load_gunicorn_config(monkeypatch)
        config["on_starting"](None)
        config["child_exit"](None, type("Worker", (), {"pid": 99})())
        assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
        config["on_exit"](None)
        assert tmp_path.is_dir()
