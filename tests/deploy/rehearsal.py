"""A stand-in EC2 server in a temporary directory, for rehearsing the deployment scripts.

AUTHAPI_ROOT stands for /, so /opt/authapi and /etc/authapi are directories under it; the real
ones are never touched. Commands that need systemd, the network, a package manager or other
users are stubs on PATH that log their arguments (one JSON list per line) and do nothing else.
git, python3 and the application are real: the checkout is cloned from a local bare repository
holding a copy of this project, and migrations run on SQLite. Only pip is faked (no network):
the virtual environment's python logs which requirements it was asked to install.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.deploy.fake_http import FakeHttp
from tests.deploy.paths import ROOT, load_deploy_module

# Each rehearsal clones, migrates and collects static files for real: seconds each. They run in
# the deployment stage of CI (.ci/lint_deploy.sh sets DEPLOY_REHEARSALS=1), as root like the
# scripts themselves, rather than in every `make test`.
needs_rehearsal = pytest.mark.skipif(
    os.environ.get("DEPLOY_REHEARSALS") != "1" or os.geteuid() != 0,
    reason="deployment rehearsal: run as root with DEPLOY_REHEARSALS=1 (as .ci/lint_deploy.sh does)",
)
envfile = load_deploy_module("envfile")

# The stub's python3; any Python >= 3.11 runs the deployment's standard-library scripts.
REAL_PYTHON3 = sys.executable
# The log: one record per call, arguments separated by US, records ended by RS.
US, RS = "\x1f", "\x1e"

STUBS = {
    # Remembers which revision the service was restarted on; the fake gunicorn answers for it.
    "systemctl": 'if [ "$*" = "restart authapi.service" ]; then\n'
    '  git -C "$AUTHAPI_ROOT/opt/authapi" rev-parse HEAD >"$REHEARSAL_STATE/running"\nfi',
    "sleep": ":",
    "apt-get": ":",
    "snap": ":",
    "useradd": 'touch "$REHEARSAL_STATE/user-authapi"',
    "id": 'if [ "$*" = authapi ]; then [ -e "$REHEARSAL_STATE/user-authapi" ]; exit; fi\nexec /usr/bin/id "$@"',
    # Runs the command as root: the authapi and postgres users exist only on the server.
    "runuser": 'while [ "$1" != -- ]; do shift; done\nshift\nexec "$@"',
    # The same, for the owner of a directory.
    "install": 'args=()\nwhile [ "$#" -gt 0 ]; do\n'
    '  case "$1" in -o|-g) shift 2 ;; *) args+=("$1"); shift ;; esac\ndone\n'
    'exec /usr/bin/install "${args[@]}"',
    "psql": "cat >/dev/null",
    "curl": 'case "$*" in\n  *api/token*) echo imds-token ;;\n  *placement/region*) echo ap-northeast-2 ;;\n'
    "  *) exit 22 ;;\nesac",
    "aws": "printf '%s\\n' '-----BEGIN OPENSSH PRIVATE KEY-----' 'rehearsal' '-----END OPENSSH PRIVATE KEY-----'",
    # python3 -m venv makes the fake virtual environment below; anything else is the real python3.
    "python3": 'if [ "$1" = -m ] && [ "$2" = venv ]; then\n'
    '  mkdir -p "$3/bin" && cp "$REHEARSAL_STATE/venv-python" "$3/bin/python" && exit\nfi\n'
    f'exec {REAL_PYTHON3} "$@"',
}

# The virtual environment's python: pip is logged (and fails on a requirement the test marks as
# unavailable); manage.py is logged with the settings it sees, then runs in this project's own
# virtual environment.
VENV_PYTHON = f"""#!{sys.executable}
import hashlib, json, os, sys
args = sys.argv[1:]
watched = ["SECRET_KEY", "JWT_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"]
def log(*fields):
    with open(os.environ["REHEARSAL_LOG"], "a") as file:
        file.write("".join(field + "\\x1f" for field in fields) + "\\x1e")
if args[:2] == ["-m", "pip"]:
    requirements = open(args[args.index("-r") + 1], "rb").read()
    log("pip", hashlib.sha256(requirements).hexdigest())
    sys.exit(1 if b"rehearsal-unavailable" in requirements else 0)
if args[:1] == ["manage.py"]:
    log("manage.py", args[1], json.dumps({{n: os.environ.get(n) for n in watched}}))
    if args[1] == "migrate" and os.environ.get("REHEARSAL_STUB_DATABASE") == "1":
        sys.exit(0)  # the rehearsal's PostgreSQL on the instance is a stub: nothing to migrate
    if args[1] == "collectstatic" and os.path.exists("rehearsal-collectstatic-fails"):
        sys.exit("collectstatic: rehearsed failure")
os.execv(sys.executable, [sys.executable, *args])
"""


def project_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def git(*args, cwd: Path) -> str:
    identity = ["-c", "user.name=Rehearsal", "-c", "user.email=rehearsal@example.invalid"]
    return subprocess.run(
        ["git", *identity, *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


class Server:
    """One rehearsal: the origin repository, the server's file system, its stubs and their log.

    The service's gunicorn is a fake that answers /health with 200, or with 503 when the
    revision it was last restarted on is in `unhealthy`.
    """

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.unhealthy: set[str] = set()
        self.gunicorn_port = 0
        self.extra_environment: dict[str, str] = {}
        self.root = tmp_path / "root"
        self.app = self.root / "opt" / "authapi"
        self.env_file = self.root / "etc" / "authapi" / "authapi.env"
        self.state = tmp_path / "state"
        self.log = tmp_path / "calls.log"
        self.stubs = tmp_path / "stubs"
        self.origin = tmp_path / "origin.git"
        self.work = tmp_path / "work"
        for directory in (
            self.root / "root",
            self.root / "etc" / "systemd" / "system",
            self.state,
            self.stubs,
        ):
            directory.mkdir(parents=True)
        self.log.touch()
        self._write_stubs()
        self._make_origin()

    def _write_stubs(self):
        for name, body in STUBS.items():
            stub = self.stubs / name
            log_line = f"{{ printf '%s\\x1f' {name} \"$@\"; printf '\\x1e'; }} >>\"$REHEARSAL_LOG\""
            stub.write_text(f"#!/bin/bash\n{log_line}\n{body}\n")
            stub.chmod(0o755)
        venv_python = self.state / "venv-python"
        venv_python.write_text(VENV_PYTHON)
        venv_python.chmod(0o755)

    def _make_origin(self):
        self.work.mkdir()
        for name in project_files():
            (self.work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, self.work / name)
        git("init", "--quiet", "--initial-branch=main", cwd=self.work)
        git("add", "--all", cwd=self.work)
        git("commit", "--quiet", "--message=The project as it is", cwd=self.work)
        git("init", "--quiet", "--bare", "--initial-branch=main", str(self.origin), cwd=self.work)
        git("push", "--quiet", str(self.origin), "main", cwd=self.work)

    def commit(self, message: str, files: dict[str, str]) -> str:
        """A new commit on origin's main with these files added or replaced; its id."""
        for name, text in files.items():
            (self.work / name).parent.mkdir(parents=True, exist_ok=True)
            (self.work / name).write_text(text)
        git("add", "--all", cwd=self.work)
        git("commit", "--quiet", f"--message={message}", cwd=self.work)
        git("push", "--quiet", str(self.origin), "main", cwd=self.work)
        return git("rev-parse", "HEAD", cwd=self.work)

    def head(self, cwd: Path | None = None) -> str:
        return git("rev-parse", "HEAD", cwd=cwd or self.work)

    def answer_health(self, method, path, headers):
        if self.running() in self.unhealthy:
            return 503, '{"status": "unavailable", "checks": {"database": "unreachable"}}', {}
        return 200, '{"status": "ok"}', {}

    def environment(self) -> dict:
        return {
            **self.extra_environment,
            "PATH": f"{self.stubs}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": str(self.root / "root"),
            "LANG": "C.UTF-8",
            "AUTHAPI_ROOT": str(self.root),
            "REHEARSAL_LOG": str(self.log),
            "REHEARSAL_STATE": str(self.state),
            "GIT_CONFIG_NOSYSTEM": "1",
            # The settings file leaves the port to gunicorn.conf.py: the fake listens elsewhere.
            "GUNICORN_BIND": f"127.0.0.1:{self.gunicorn_port}",
            "RELEASE_HEALTH_WAIT": "3",
        }

    def run(self, script: Path, *args: str) -> subprocess.CompletedProcess:
        self.log.write_text("")
        return subprocess.run(
            ["bash", str(script), *args],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def calls(self, command: str | None = None) -> list[list]:
        records = self.log.read_text().split(RS)[:-1]
        entries = [record.split(US)[:-1] for record in records]
        return [entry for entry in entries if command is None or entry[0] == command]

    def running(self) -> str | None:
        """The revision the service was last restarted on, if any."""
        path = self.state / "running"
        return path.read_text().strip() if path.exists() else None


def raising_migration() -> tuple[str, str]:
    """A new migration, after the project's newest, that raises: its path and text."""
    migrations = sorted(p.stem for p in (ROOT / "accounts" / "migrations").glob("0*.py"))
    number = int(migrations[-1][:4]) + 1
    text = (
        "from django.db import migrations\n\n\n"
        "def fail(apps, schema_editor):\n"
        '    raise RuntimeError("rehearsed: this migration raises")\n\n\n'
        "class Migration(migrations.Migration):\n"
        f'    dependencies = [("accounts", "{migrations[-1]}")]\n'
        "    operations = [migrations.RunPython(fail)]\n"
    )
    return f"accounts/migrations/{number:04d}_rehearsal_raises.py", text


@contextmanager
def rehearsal_server(tmp_path: Path):
    server = Server(tmp_path)
    with FakeHttp(server.answer_health) as gunicorn:
        server.gunicorn_port = gunicorn.port
        yield server


def requirement_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def settings_file(server: Server) -> dict:
    """The server's settings as systemd reads them."""
    return envfile.parse(server.env_file.read_text())
