"""Rehearsals of deploy/release.sh: a release that fails at any step leaves the last healthy
release in place, and only a release that passed its health check is recorded as healthy."""

import shutil

import pytest

from tests.deploy.paths import DEPLOY
from tests.deploy.rehearsal import (
    envfile,
    git,
    needs_rehearsal,
    raising_migration,
    rehearsal_server,
    requirement_hash,
)

pytestmark = needs_rehearsal

RELEASE = DEPLOY / "release.sh"


@pytest.fixture
def server(tmp_path):
    """A server where the user data has cloned the repository and written the settings."""
    with rehearsal_server(tmp_path) as server:
        git("clone", "--quiet", str(server.origin), str(server.app), cwd=tmp_path)
        server.env_file.parent.mkdir(parents=True)
        shutil.copy(server.app / "deploy" / "authapi.env.example", server.env_file)
        for name, value in {
            "SECRET_KEY": "s" * 40,
            "JWT_SECRET_KEY": "j" * 40,
            "MFA_SECRET_KEY": "m" * 40,
            "DATABASE_URL": f"sqlite:///{server.root}/var/lib/authapi/db.sqlite3",
            "ALLOWED_HOSTS": "api.example",
        }.items():
            envfile.set_value(server.env_file, name, value)
        yield server


@pytest.fixture
def released(server):
    """The server after a first release that passed its health check."""
    result = server.run(RELEASE, "main")
    assert result.returncode == 0, result.stderr
    return server


def healthy_ref(server) -> str:
    return git("rev-parse", "refs/deploy/healthy", cwd=server.app)


def test_a_release_that_answers_200_is_recorded_as_healthy(server):
    revision = server.head()
    result = server.run(RELEASE, "main")
    assert result.returncode == 0, result.stderr
    assert server.head(server.app) == healthy_ref(server) == server.running() == revision
    assert ["systemctl", "restart", "authapi.service"] in server.calls("systemctl")
    assert [call[1] for call in server.calls("manage.py")] == ["collectstatic", "migrate"]
    assert (server.root / "etc" / "systemd" / "system" / "authapi.service").exists()


def changed_requirements(server, line: str) -> dict:
    return {"requirements.txt": (server.work / "requirements.txt").read_text() + line}


@pytest.mark.parametrize("failing_step", ["requirements", "collectstatic", "migration"])
def test_a_step_failing_before_the_restart_puts_the_old_code_back_and_leaves_the_service_alone(
    released, failing_step
):
    server = released
    healthy = server.head()
    old_requirements = requirement_hash((server.app / "requirements.txt").read_text())
    files = {
        "requirements": changed_requirements(server, "rehearsal-unavailable==1.0\n"),
        "collectstatic": {
            **changed_requirements(server, "# new\n"),
            "rehearsal-collectstatic-fails": "",
        },
        "migration": {**changed_requirements(server, "# new\n"), **dict([raising_migration()])},
    }[failing_step]
    broken = server.commit(f"Break the {failing_step} step", files)

    result = server.run(RELEASE, "main")

    assert result.returncode != 0
    assert f"rolling back to {healthy}" in result.stderr
    assert server.head(server.app) == healthy_ref(server) == server.running() == healthy
    assert server.calls("systemctl") == [], "the service must not be touched"
    assert server.calls("pip")[-1] == ["pip", old_requirements], (
        "the old requirements are reinstalled"
    )
    assert server.calls("manage.py")[-1][1] == "collectstatic", (
        "the old static files are collected again"
    )
    assert broken not in git("log", "--format=%H", "-g", "refs/deploy/healthy", cwd=server.app)


def test_an_unhealthy_release_is_rolled_back_and_the_service_restarted_on_the_old_code(released):
    server = released
    healthy = server.head()
    unhealthy = server.commit(
        "A change that breaks /health", changed_requirements(server, "# new\n")
    )
    server.unhealthy.add(unhealthy)

    result = server.run(RELEASE, "main")

    assert result.returncode != 0
    assert "answered 503" in result.stderr and '"database": "unreachable"' in result.stderr
    assert server.head(server.app) == healthy_ref(server) == server.running() == healthy
    restarts = [call for call in server.calls("systemctl") if call[1] == "restart"]
    assert len(restarts) == 2, "restarted on the new code, then on the old"
    assert f"the service runs {healthy} again" in result.stderr


def test_after_a_failed_release_the_next_one_rolls_back_to_the_last_healthy_release(released):
    server = released
    healthy = server.head()
    path, text = raising_migration()
    server.commit("A migration that raises", {path: text})
    assert server.run(RELEASE, "main").returncode != 0
    (server.work / path).unlink()
    fixed = server.commit("Drop the migration that raises", {})

    result = server.run(RELEASE, "main")

    assert result.returncode == 0, result.stderr
    assert healthy_ref(server) == server.head(server.app) == fixed
    assert f"To roll back: sudo {RELEASE} {healthy}" in result.stdout


def test_an_unknown_revision_changes_nothing(released):
    server = released
    result = released.run(RELEASE, "no-such-branch")
    assert result.returncode == 1
    assert "unknown revision: no-such-branch" in result.stderr
    assert server.calls("pip") == server.calls("systemctl") == []
