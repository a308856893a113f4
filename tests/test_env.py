"""Reading settings from the environment, and refusing to start without secrets."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import read_bool, read_int, read_list, read_networks, read_secret
from tests.fresh_process import run_python, start_django

LONG_KEY = "k" * 40
OTHER_LONG_KEY = "j" * 40
MFA_KEY = "m" * 40


def test_read_secret_refuses_a_missing_secret_outside_debug(monkeypatch):
    monkeypatch.delenv("SOME_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_SECRET is not set"):
        read_secret("SOME_SECRET", debug=False)


def test_read_secret_makes_a_random_one_in_debug(monkeypatch):
    monkeypatch.delenv("SOME_SECRET", raising=False)
    first = read_secret("SOME_SECRET", debug=True, minimum_bytes=32)
    assert len(first) >= 32 and first != read_secret("SOME_SECRET", debug=True)


def test_read_secret_refuses_a_short_key(monkeypatch):
    monkeypatch.setenv("SOME_SECRET", "x" * 31)
    with pytest.raises(ImproperlyConfigured, match="at least 32 bytes"):
        read_secret("SOME_SECRET", debug=False, minimum_bytes=32)


def test_read_secret_that_is_not_required_may_be_missing_but_not_short(monkeypatch):
    monkeypatch.delenv("SOME_SECRET", raising=False)
    assert read_secret("SOME_SECRET", debug=False, minimum_bytes=32, required=False) == ""
    monkeypatch.setenv("SOME_SECRET", "x" * 31)
    with pytest.raises(ImproperlyConfigured, match="at least 32 bytes"):
        read_secret("SOME_SECRET", debug=False, minimum_bytes=32, required=False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("True", True), ("off", False), ("", False)]
)
def test_read_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert read_bool("FLAG", default=not expected) is expected


def test_read_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        read_bool("FLAG", default=False)


def test_read_int(monkeypatch):
    monkeypatch.setenv("NUMBER", "12")
    assert read_int("NUMBER", default=1) == 12
    monkeypatch.setenv("NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured):
        read_int("NUMBER", default=1, minimum=0)
    monkeypatch.setenv("NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured):
        read_int("NUMBER", default=1)


def test_read_list(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert read_list("HOSTS", default=[]) == ["a.example", "b.example"]


def test_read_networks(monkeypatch):
    monkeypatch.setenv("PROXIES", "10.0.0.0/8, 192.0.2.7")
    assert [str(network) for network in read_networks("PROXIES")] == ["10.0.0.0/8", "192.0.2.7/32"]


def test_read_networks_writes_ipv4_mapped_entries_as_ipv4(monkeypatch):
    """Peers are compared as IPv4 (api/addresses.py), so an entry written mapped must be too."""
    monkeypatch.setenv("PROXIES", "::ffff:127.0.0.1, ::ffff:10.0.0.0/104, 2001:db8::/32")
    assert [str(network) for network in read_networks("PROXIES")] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "2001:db8::/32",
    ]


def test_read_networks_refuses_a_host_name(monkeypatch):
    monkeypatch.setenv("PROXIES", "10.0.0.0/8,lb.internal")
    with pytest.raises(ImproperlyConfigured, match="lb.internal"):
        read_networks("PROXIES")


class TestProductionStart:
    def test_refuses_to_start_without_secrets(self):
        result = start_django()
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr

    def test_refuses_to_start_without_the_jwt_key(self):
        result = start_django(SECRET_KEY=LONG_KEY)
        assert result.returncode != 0
        assert "JWT_SECRET_KEY is not set" in result.stderr

    def test_refuses_a_short_jwt_key(self):
        result = start_django(SECRET_KEY=LONG_KEY, JWT_SECRET_KEY="short")
        assert "JWT_SECRET_KEY must be at least 32 bytes" in result.stderr

    def test_starts_with_both_secrets(self):
        result = start_django(
            SECRET_KEY=LONG_KEY, JWT_SECRET_KEY=OTHER_LONG_KEY, MFA_SECRET_KEY=MFA_KEY
        )
        assert result.returncode == 0, result.stderr
        assert "started" in result.stdout

    def test_refuses_to_start_without_the_second_factor_key(self):
        result = start_django(SECRET_KEY=LONG_KEY, JWT_SECRET_KEY=OTHER_LONG_KEY)
        assert result.returncode != 0
        assert "MFA_SECRET_KEY is not set" in result.stderr

    def test_refuses_the_second_factor_key_equal_to_another(self):
        result = start_django(
            SECRET_KEY=LONG_KEY, JWT_SECRET_KEY=OTHER_LONG_KEY, MFA_SECRET_KEY=OTHER_LONG_KEY
        )
        assert result.returncode != 0
        assert "MFA_SECRET_KEY must differ from JWT_SECRET_KEY" in result.stderr

    def test_refuses_one_key_for_both(self):
        result = start_django(SECRET_KEY=LONG_KEY, JWT_SECRET_KEY=LONG_KEY)
        assert result.returncode != 0
        assert "JWT_SECRET_KEY must differ from SECRET_KEY" in result.stderr
        assert LONG_KEY not in result.stderr

    def test_deploy_checks_pass_with_production_settings(self):
        result = run_python(
            ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            SECRET_KEY="9fK2-x!Qz" * 7,
            JWT_SECRET_KEY=LONG_KEY,
            MFA_SECRET_KEY=MFA_KEY,
            ALLOWED_HOSTS="api.example",
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_test_settings_ignore_what_the_shell_exports():
    """`make test` sees the same settings whatever a developer has exported."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.LOGIN_LIMIT_PER_ADDRESS, s.LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS, "
        "s.SIGNUP_LIMIT_PER_ADDRESS, s.REDIS_URL, s.DATABASES['default']['ENGINE']]))"
    )
    result = run_python(
        ["-c", code],
        DJANGO_SETTINGS_MODULE="config.test_settings",
        LOGIN_LIMIT_PER_ADDRESS="0",
        LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS="0",
        SIGNUP_LIMIT_PER_ADDRESS="0",
        REDIS_URL="redis://127.0.0.1:1/0",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [20, 5, 20, "", "django.db.backends.sqlite3"]
