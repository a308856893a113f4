"""deploy/local-database.sql, run twice against a real PostgreSQL, as a re-run of the user data does."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

from tests.deploy.paths import DEPLOY

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(shutil.which("psql") is None, reason="needs the psql client"),
]


def psql(database: dict, *args: str, password: str | None = None, sql: str | None = None) -> str:
    environment = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    if password is not None:
        environment["AUTHAPI_DB_PASSWORD"] = password
    command = [
        "psql",
        "-X",
        "-q",
        "-At",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        database["HOST"] or "127.0.0.1",
        "-p",
        str(database["PORT"] or 5432),
        "-U",
        database["USER"],
        "-d",
        "postgres",
        *args,
    ]
    result = subprocess.run(
        command, input=sql, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_second_run_keeps_the_role_and_database_and_sets_the_new_password():
    database = settings.DATABASES["default"]
    # Named after the suite's own database, so that parallel runs with other names never meet.
    base = database["NAME"].removeprefix("test_")
    role, name = f"{base}_lrole", f"{base}_ldb"
    script = (DEPLOY / "local-database.sql").read_text()
    names = ["-v", f"role={role}", "-v", f"database={name}"]
    password_hash = f"SELECT rolpassword FROM pg_authid WHERE rolname = '{role}'"
    try:
        psql(database, *names, password="first-password", sql=script)
        first = psql(database, "-c", password_hash)
        psql(database, *names, password="second-password", sql=script)
        assert psql(database, "-c", password_hash) not in ("", first)
        assert (
            psql(database, "-c", f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{role}'")
            == "t"
        )
        owner = f"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '{name}'"
        assert psql(database, "-c", owner) == role
    finally:
        psql(
            database,
            "-c",
            f'DROP DATABASE IF EXISTS "{name}"',
            "-c",
            f'DROP ROLE IF EXISTS "{role}"',
        )
