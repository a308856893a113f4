"""Rehearse the key rotations of docs/keys.md against gunicorn, restarting it as an operator would.

Usage (see .ci/key_rotation.sh, which migrates the database first):
    python scripts/rehearse_key_rotation.py --venv .venv --port 8111 --workdir DIR

DATABASE_URL names the (migrated) database. Three rotations, each in three restarts:
an HS256 secret to another; HS256 to an EC key; that EC key to an Ed25519 key,
published ahead of use. While the old key is kept, tokens from before still work
(access and refresh) and new ones name the new key; once it is removed, its tokens
are refused. With an EC key, another service verifies a token by running the
example in docs/verify-tokens.md word for word, and keys.feature and
security.feature run against the server. Exits non-zero on the first broken promise.
"""

import argparse
import base64
import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from checks import expect

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "verify-tokens.md"
DOC_URL = "https://auth.example.com/.well-known/jwks.json"
KEY_SETTINGS = (
    "JWT_SECRET_KEY",
    "JWT_PREVIOUS_SECRET_KEYS",
    "JWT_PRIVATE_KEY_FILE",
    "JWT_PREVIOUS_PUBLIC_KEY_FILES",
)


def header_of(token: str) -> dict:
    segment = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def new_secret() -> str:
    return secrets.token_urlsafe(48)


class Server:
    """gunicorn on 127.0.0.1:PORT with two workers; only the key settings change between runs."""

    def __init__(self, venv: Path, port: int, workdir: Path):
        self.venv, self.port, self.workdir = venv, port, workdir
        self.url = f"http://127.0.0.1:{port}"
        self.environment = {
            **{
                name: value
                for name, value in os.environ.items()
                if name not in (*KEY_SETTINGS, "REDIS_URL")
            },
            "DOTENV_PATH": "/nonexistent/.env",
            "SECRET_KEY": new_secret(),
            # Many logins and sign-ups from 127.0.0.1: this is not a test of the limits.
            "SIGNUP_LIMIT_PER_ADDRESS": "0",
            "LOGIN_LIMIT_PER_ADDRESS": "0",
            "LOGIN_LIMIT_PER_USERNAME": "0",
            "LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS": "0",
        }

    @contextlib.contextmanager
    def running(self, title: str, **keys: str):
        print(f"\n--- {title}: gunicorn with {', '.join(sorted(keys))}", flush=True)
        log = self.workdir / "gunicorn.log"
        command = [
            str(self.venv / "bin" / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
        ]
        with open(log, "wb") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**self.environment, **keys},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_until_healthy(process, log)
            yield
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        if "Traceback" in (text := log.read_text(errors="replace")):
            sys.exit(f"FAILED: gunicorn logged a traceback (a 500 is always a bug):\n{text}")

    def manage(self, *args: str, **keys: str) -> str:
        result = subprocess.run(
            [str(self.venv / "bin" / "python"), "manage.py", *args],
            cwd=ROOT,
            env={**self.environment, **keys},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    def _wait_until_healthy(self, process, log: Path) -> None:
        for _ in range(240):
            if process.poll() is not None:
                break
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.25)
        sys.exit(f"FAILED: gunicorn did not become healthy:\n{log.read_text(errors='replace')}")


class Api:
    def __init__(self, url: str):
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=30)

    def new_member(self, name: str) -> dict:
        member = {
            "username": f"{name}-{secrets.token_hex(4)}",
            "password": "12341234",
            "nickname": name,
        }
        expect(self.http.post("/signup", json=member).status_code == 201, f"{name} signs up")
        return member

    def log_in(self, member: dict) -> dict:
        answer = self.http.post(
            "/login", json={"username": member["username"], "password": member["password"]}
        )
        expect(answer.status_code == 200, f"{member['nickname']} logs in")
        return answer.json()

    def me(self, token: str) -> httpx.Response:
        return self.http.get("/me", headers={"Authorization": f"Bearer {token}"})

    def profile_id(self, token: str) -> int | None:
        answer = self.me(token)
        return answer.json()["id"] if answer.status_code == 200 else None

    def refresh(self, refresh_token: str) -> httpx.Response:
        return self.http.post("/token/refresh", json={"refresh_token": refresh_token})

    def published_kids(self) -> list[str]:
        answer = self.http.get("/.well-known/jwks.json")
        expect(
            answer.headers["Cache-Control"] == "public, max-age=300",
            "the key set may be cached five minutes",
        )
        return [jwk["kid"] for jwk in answer.json()["keys"]]

    def expect_opens(self, token: str, what: str) -> None:
        expect(self.profile_id(token) is not None, what)

    def expect_refused(self, tokens: dict, signed_by: str) -> None:
        """Both tokens of a pair are INVALID_TOKEN; `signed_by` names them ("an EC": "an EC access token")."""
        answers = {
            "access": self.me(tokens["token"]),
            "refresh": self.refresh(tokens["refresh_token"]),
        }
        for kind, answer in answers.items():
            code = answer.json()["error"]["code"] if answer.status_code == 401 else None
            expect(code == "INVALID_TOKEN", f"{signed_by} {kind} token is INVALID_TOKEN")

    def expect_refreshes(self, tokens: dict, what: str) -> tuple[dict, str]:
        """The refreshed pair, and the one key both of its tokens name."""
        answer = self.refresh(tokens["refresh_token"])
        expect(answer.status_code == 200, what)
        refreshed = answer.json()
        kids = {header_of(refreshed[name]).get("kid") for name in ("token", "refresh_token")}
        expect(len(kids) == 1 and None not in kids, "both refreshed tokens name the same key")
        return refreshed, kids.pop()


def documented_verifier(url: str):
    """docs/verify-tokens.md's example, word for word but for the URL: its member_id function."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    assert DOC_URL in code, "the documented example no longer names its JWKS URL"
    namespace: dict = {}
    exec(
        compile(code.replace(DOC_URL, f"{url}/.well-known/jwks.json"), str(DOC), "exec"), namespace
    )
    return namespace["member_id"]


def rotate_hs256(server: Server, api: Api) -> str:
    """Secret A, then B with A kept, then B alone."""
    a, b = new_secret(), new_secret()
    with server.running("HS256: key A", JWT_SECRET_KEY=a):
        member = api.new_member("rotation-hs256")
        first, second = api.log_in(member), api.log_in(member)
        kid_a = header_of(first["token"])["kid"]
        expect(api.published_kids() == [], "HS256 alone publishes no key")
    with server.running(
        "HS256: key B, key A previous", JWT_SECRET_KEY=b, JWT_PREVIOUS_SECRET_KEYS=a
    ):
        api.expect_opens(first["token"], "an access token signed with A still opens the profile")
        refreshed, kid_b = api.expect_refreshes(
            first, "a refresh token signed with A still refreshes the session"
        )
        expect(
            kid_b != kid_a and header_of(api.log_in(member)["token"])["kid"] == kid_b,
            "new tokens name key B",
        )
    with server.running("HS256: key B alone", JWT_SECRET_KEY=b):
        api.expect_refused(second, "A's")
        api.expect_opens(refreshed["token"], "B's access token opens the profile")
    return b


def move_to_ec(server: Server, api: Api, workdir: Path, secret: str) -> Path:
    """HS256, then an EC key with the secret kept, then the EC key alone."""
    ec = workdir / "ec.pem"
    kid = server.manage("signingkey", "--type", "ec", str(ec), JWT_SECRET_KEY=secret)
    with server.running("HS256 before the move", JWT_SECRET_KEY=secret):
        member = api.new_member("rotation-ec")
        first, second = api.log_in(member), api.log_in(member)
    with server.running(
        "EC key, HS256 secret kept", JWT_SECRET_KEY=secret, JWT_PRIVATE_KEY_FILE=str(ec)
    ):
        api.expect_opens(first["token"], "an HS256 access token still opens the profile")
        refreshed, refreshed_kid = api.expect_refreshes(
            first, "an HS256 refresh token still refreshes the session"
        )
        expect(
            refreshed_kid == kid,
            f"new tokens name the EC key by the kid signingkey printed ({kid})",
        )
        expect(header_of(refreshed["token"])["alg"] == "ES256", "new tokens are ES256")
        expect(
            api.published_kids() == [kid],
            "the EC key is published under the kid signingkey printed",
        )
        member_id = documented_verifier(server.url)
        read = member_id(refreshed["token"])
        expect(
            read == api.profile_id(refreshed["token"]),
            "docs/verify-tokens.md reads the member's id",
        )
        run_features(server, secret)
    with server.running("EC key alone", JWT_PRIVATE_KEY_FILE=str(ec)):
        api.expect_refused(second, "an HS256")
        api.expect_opens(refreshed["token"], "the EC access token opens the profile")
    return ec


def rotate_key_pair(server: Server, api: Api, workdir: Path, ec: Path) -> None:
    """EC current with Ed25519 published ahead, then Ed25519 with EC kept, then Ed25519 alone."""
    ed = workdir / "ed25519.pem"
    kid_ed = server.manage("signingkey", "--type", "ed25519", str(ed), JWT_PRIVATE_KEY_FILE=str(ec))
    ahead = {"JWT_PRIVATE_KEY_FILE": str(ec), "JWT_PREVIOUS_PUBLIC_KEY_FILES": f"{ed}.pub"}
    with server.running("EC key, Ed25519 published ahead", **ahead):
        member = api.new_member("rotation-ed25519")
        first, second = api.log_in(member), api.log_in(member)
        expect(api.published_kids()[1:] == [kid_ed], "the next key is published before it signs")
        member_id = documented_verifier(server.url)  # fetches both keys now, and keeps them
        expect(
            member_id(first["token"]) == api.profile_id(first["token"]),
            "another service verifies the EC token",
        )
    after = {"JWT_PRIVATE_KEY_FILE": str(ed), "JWT_PREVIOUS_PUBLIC_KEY_FILES": f"{ec}.pub"}
    with server.running("Ed25519 key, EC key previous", **after):
        api.expect_opens(first["token"], "an EC access token still opens the profile")
        refreshed, refreshed_kid = api.expect_refreshes(
            first, "an EC refresh token still refreshes the session"
        )
        expect(
            refreshed_kid == kid_ed and header_of(refreshed["token"])["alg"] == "EdDSA",
            "new tokens are Ed25519's",
        )
        read = member_id(refreshed["token"])
        expect(
            read == api.profile_id(refreshed["token"]),
            "the same verifier takes the new EdDSA token",
        )
    with server.running("Ed25519 key alone", JWT_PRIVATE_KEY_FILE=str(ed)):
        api.expect_refused(second, "an EC")
        expect(api.published_kids() == [kid_ed], "the retired key is no longer published")


def run_features(server: Server, secret: str) -> None:
    """keys.feature and security.feature over HTTP against a server with an EC key."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("REDIS_URL", "DATABASE_URL")
    }
    result = subprocess.run(
        [
            str(server.venv / "bin" / "python"),
            "-m",
            "pytest",
            "features/steps/test_keys.py",
            "features/steps/test_security.py",
            "--base-url",
            server.url,
            "-p",
            "no:cacheprovider",
            "-q",
            "-rs",
        ],
        cwd=ROOT,
        env={**environment, "API_JWT_SECRET_KEY": secret},
    )
    expect(result.returncode == 0, "keys.feature and security.feature pass against the EC server")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    options = parser.parse_args()
    server = Server(options.venv.resolve(), options.port, options.workdir)
    api = Api(server.url)
    secret = rotate_hs256(server, api)
    ec = move_to_ec(server, api, options.workdir, secret)
    rotate_key_pair(server, api, options.workdir, ec)
    print("\nkey rotation rehearsal: every check passed")


if __name__ == "__main__":
    main()
