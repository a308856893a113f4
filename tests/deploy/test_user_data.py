"""Rehearsals of deploy/ec2-user-data.sh: it checks every setting before changing anything,
it can run twice, and any character in a value reaches the application unchanged."""

import base64
import hashlib
import json
import re
import shlex
import shutil
import stat
import subprocess

import pytest

from tests.deploy.paths import DEPLOY
from tests.deploy.rehearsal import envfile, git, needs_rehearsal, rehearsal_server, settings_file

USER_DATA = DEPLOY / "ec2-user-data.sh"
MANAGE = DEPLOY / "manage.sh"

TRICKY_KEY = "a&b c'd\"e$f`g\\h #i;j " + "k" * 16  # every character a shell or a parser trips on
TRICKY_JWT_KEY = "$(reboot) && echo \"${HOME}\" 'x'" + "y" * 16


@pytest.fixture
def server(tmp_path):
    with rehearsal_server(tmp_path) as server:
        yield server


def user_data(server, **settings) -> str:
    """The user data with these settings written in, between single quotes as an operator would."""
    text = USER_DATA.read_text()
    settings = {"REPO_URL": f"file://{server.origin}", **settings}
    for name, value in settings.items():
        line = f"{name}={shlex.quote(value)}"
        text, found = re.subn(rf"^{name}='[^']*'$", lambda _, line=line: line, text, flags=re.M)
        assert found == 1, name
    path = server.tmp / "user-data.sh"
    path.write_text(text)
    return str(path)


def sqlite_url(server, query: str = "") -> str:
    return f"sqlite:///{server.root}/var/lib/authapi/db.sqlite3{query}"


def changes(server) -> list[list]:
    """Every stubbed command that was called; python3 only reads the settings."""
    return [call for call in server.calls() if call[0] != "python3"]


@needs_rehearsal
def test_a_first_boot_with_postgresql_and_redis_on_the_instance_serves_and_a_second_run_keeps_everything(
    server,
):
    server.extra_environment["REHEARSAL_STUB_DATABASE"] = "1"
    script = user_data(server, INSTALL_REDIS="yes")

    first = server.run(script)

    assert first.returncode == 0, first.stderr
    apt = server.calls("apt-get")
    assert all(call[1:3] == ["-o", "DPkg::Lock::Timeout=300"] for call in apt)
    assert {"git", "python3-venv", "postgresql", "redis-server"} <= set(apt[-1])
    assert len(server.calls("useradd")) == len(server.calls("psql")) == 1
    assert stat.S_IMODE(server.env_file.stat().st_mode) == 0o600
    settings = settings_file(server)
    assert re.fullmatch(
        r"postgres://authapi:[0-9a-f]{48}@127\.0\.0\.1:5432/authapi", settings["DATABASE_URL"]
    )
    assert settings["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert settings["ALLOWED_HOSTS"] == ""
    assert (
        len(settings["SECRET_KEY"]) >= 32 and settings["SECRET_KEY"] != settings["JWT_SECRET_KEY"]
    )
    assert server.running() == git("rev-parse", "refs/deploy/healthy", cwd=server.app)

    second = server.run(script)

    assert second.returncode == 0, second.stderr
    assert server.calls("useradd") == server.calls("psql") == []
    assert settings_file(server) == settings, "the generated secrets and password are kept"
    assert "authapi is serving on port 8000" in second.stdout


@needs_rehearsal
@pytest.mark.parametrize(
    "settings, problem",
    [
        ({"REPO_URL": "https://github.com/YOUR-ORG/YOUR-REPO.git"}, "REPO_URL: set it"),
        ({"DATABASE_URL": "postgres://authapi:pa/ss@db.example:5432/authapi"}, "URL-encoded"),
        ({"DATABASE_URL": "mysql://authapi@db.example/authapi"}, "must start with postgres://"),
        ({"INSTALL_REDIS": "maybe"}, 'INSTALL_REDIS must be "yes" or "no"'),
        (
            {
                "INSTANCES": "2",
                "DATABASE_URL": "postgres://a:b@rds.example:5432/authapi",
                "INSTALL_REDIS": "yes",
            },
            "splits the brute-force counters",
        ),
        ({"INSTANCES": "2"}, "every instance needs the same database"),
        ({"SECRET_KEY": "too short"}, "at least 32 bytes"),
        ({"SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "s" * 40}, "must differ"),
        ({"ALLOWED_HOSTS": "api.example, http://api.example/"}, "is not a host name"),
        ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL must look like"),
        ({"DEPLOY_KEY_PARAMETER": "/authapi/deploy-key"}, "REPO_URL must then be an SSH address"),
        ({"SECRET_KEY": "line\nbreak" + "x" * 32}, "control characters"),
    ],
)
def test_a_bad_setting_is_refused_before_anything_changes(server, settings, problem):
    result = server.run(user_data(server, **settings))

    assert result.returncode == 1
    assert "Nothing was changed" in result.stderr and problem in result.stderr
    assert changes(server) == []
    assert not (server.root / "opt").exists() and not (server.root / "etc" / "authapi").exists()


@needs_rehearsal
def test_a_bad_setting_on_a_second_run_leaves_the_running_server_as_it_was(server):
    assert server.run(user_data(server, DATABASE_URL=sqlite_url(server))).returncode == 0
    before = (server.env_file.read_bytes(), server.head(server.app))

    result = server.run(user_data(server, DATABASE_URL="postgres://broken"))

    assert result.returncode == 1
    assert changes(server) == []
    assert (server.env_file.read_bytes(), server.head(server.app)) == before


@needs_rehearsal
def test_several_instances_with_a_redis_on_each_are_refused_but_one_shared_redis_is_not(server):
    shared = {
        "INSTANCES": "3",
        "DATABASE_URL": "postgres://authapi:secret@rds.example:5432/authapi",
    }
    refused = server.run(user_data(server, **shared, INSTALL_REDIS="yes"))
    assert refused.returncode == 1 and "splits the brute-force counters" in refused.stderr

    server.extra_environment["REHEARSAL_STUB_DATABASE"] = "1"
    accepted = server.run(user_data(server, **shared, REDIS_URL="rediss://cache.example:6379/0"))
    assert accepted.returncode == 0, accepted.stderr
    assert "give every instance the same" in accepted.stderr  # the keys were generated here
    assert "redis-server" not in server.calls("apt-get")[-1]


@needs_rehearsal
def test_values_with_any_character_reach_migrate_and_manage_sh_unchanged(server):
    database_url = sqlite_url(server, "?rehearsal=a&b=$HOME")
    redis_url = "redis://:p%40ss&w$rd@127.0.0.1:6379/0?x=1&y=2"
    script = user_data(
        server,
        SECRET_KEY=TRICKY_KEY,
        JWT_SECRET_KEY=TRICKY_JWT_KEY,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
    )

    result = server.run(script)

    assert result.returncode == 0, result.stderr
    expected = {
        "SECRET_KEY": TRICKY_KEY,
        "JWT_SECRET_KEY": TRICKY_JWT_KEY,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    [migrate] = [call for call in server.calls("manage.py") if call[1] == "migrate"]
    seen = json.loads(migrate[2])
    assert {name: seen[name] for name in expected} == expected
    assert {name: settings_file(server)[name] for name in expected} == expected


@needs_rehearsal
@pytest.mark.parametrize("written", ["by the user data", "by hand, unquoted"])
def test_a_database_url_with_query_options_reaches_the_django_settings_through_manage_sh(
    server, written
):
    # The server as the user data leaves it, short of the release: a checkout, its virtual
    # environment and the settings file.
    git("clone", "--quiet", str(server.origin), str(server.app), cwd=server.tmp)
    (server.app / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(server.state / "venv-python", server.app / ".venv" / "bin" / "python")
    server.env_file.parent.mkdir(parents=True)
    shutil.copy(server.app / "deploy" / "authapi.env.example", server.env_file)
    keys = {"SECRET_KEY": TRICKY_KEY, "JWT_SECRET_KEY": TRICKY_JWT_KEY, "MFA_SECRET_KEY": "m" * 40}
    for name, value in keys.items():
        envfile.set_value(server.env_file, name, value)
    url = "postgres://authapi:p%40ss$1@db.example:5432/authapi?sslmode=require&connect_timeout=5"
    if written == "by the user data":
        envfile.set_value(server.env_file, "DATABASE_URL", url)
    else:  # as systemd takes it: the whole line after =; a shell would stop at the &
        text = re.sub(
            r"^DATABASE_URL=.*$",
            lambda _: f"DATABASE_URL={url}",
            server.env_file.read_text(),
            flags=re.M,
        )
        server.env_file.write_text(text)
    code = (
        "import json, os; from django.conf import settings; database = settings.DATABASES['default']; "
        "print(json.dumps([os.environ['DATABASE_URL'], database['HOST'], database['PASSWORD'], database['OPTIONS']]))"
    )

    result = subprocess.run(
        ["bash", str(MANAGE), "shell", "-c", code],
        env=server.environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        url,
        "db.example",
        "p@ss$1",
        {"sslmode": "require", "connect_timeout": 5},
    ]


@needs_rehearsal
def test_a_private_repository_is_cloned_with_a_key_from_ssm_and_githubs_pinned_host_keys(server):
    repo = "git@github.com:example/private.git"
    (server.root / "root" / ".gitconfig").write_text(
        f'[url "file://{server.origin}"]\n\tinsteadOf = {repo}\n'
    )
    script = user_data(
        server,
        REPO_URL=repo,
        DEPLOY_KEY_PARAMETER="/authapi/deploy-key",
        DATABASE_URL=sqlite_url(server),
    )

    result = server.run(script)

    assert result.returncode == 0, result.stderr
    [aws] = server.calls("aws")
    assert aws[1:] == [
        "ssm",
        "get-parameter",
        "--region",
        "ap-northeast-2",
        "--name",
        "/authapi/deploy-key",
        "--with-decryption",
        "--query",
        "Parameter.Value",
        "--output",
        "text",
    ]
    key = server.root / "etc" / "authapi" / "deploy_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and "PRIVATE KEY" in key.read_text()
    known_hosts = (server.root / "etc" / "authapi" / "known_hosts").read_text()
    assert known_hosts == published_github_host_keys() + "\n"
    ssh = git("config", "core.sshCommand", cwd=server.app)
    assert (
        f"-i {key}" in ssh
        and "StrictHostKeyChecking=yes" in ssh
        and f"UserKnownHostsFile={key.parent}/known_hosts" in ssh
    )
    assert git("remote", "get-url", "origin", cwd=server.app) == repo


def published_github_host_keys() -> str:
    text = USER_DATA.read_text()
    return re.search(r"^REPO_HOST_KEYS='([^']*)'$", text, flags=re.M).group(1)


def test_the_pinned_host_keys_are_the_ones_github_publishes():
    # https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/githubs-ssh-key-fingerprints
    published = {
        "ssh-ed25519": "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU",
        "ecdsa-sha2-nistp256": "SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM",
        "ssh-rsa": "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
    }
    pinned = {}
    for line in published_github_host_keys().splitlines():
        host, kind, blob = line.split()
        digest = hashlib.sha256(base64.b64decode(blob)).digest()
        pinned[kind] = "SHA256:" + base64.b64encode(digest).decode().rstrip("=")
        assert host == "github.com"
    assert pinned == published
