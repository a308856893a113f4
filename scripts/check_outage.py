"""Take a part away from a running server under a light load, bring it back, and judge.

Usage: python scripts/check_outage.py BASE_URL PART DOWN_COMMAND UP_COMMAND
  PART is "database" or "redis"; the commands stop and start it (run by a shell).

While the part is down, the server must answer 503 SERVICE_UNAVAILABLE (with
Retry-After) to what needs it, and /health must name it; never a 500. Once it is
back, everything must work again without restarting the server. Exits non-zero,
saying why, when a promise is broken.
"""

import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import httpx
from checks import expect

PASSWORD = "12341234"
LOAD_THREADS = 4
SECONDS_DOWN = 6
RECOVERY_DEADLINE = 60


class Load:
    """Threads calling /me, /login and /health in turn, recording what each call answered."""

    def __init__(self, base_url: str, username: str, token: str):
        # `username` logs in again and again; `token` is another member's, so that the
        # session cap (each login ends the oldest of its member's sessions) never ends it.
        self.base_url, self.username, self.token = base_url, username, token
        self.phase = "before"
        self.seen: list[tuple[str, str, int, str]] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run) for _ in range(LOAD_THREADS)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _run(self):
        calls = [
            ("GET", "/me", None, {"Authorization": f"Bearer {self.token}"}),
            ("POST", "/login", {"username": self.username, "password": PASSWORD}, {}),
            ("GET", "/health", None, {}),
        ]
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            while not self.stopping.is_set():
                for method, path, body, headers in calls:
                    response = client.request(method, path, json=body, headers=headers)
                    self.record(path, response)

    def record(self, path: str, response: httpx.Response) -> None:
        code = ""
        if response.status_code >= 400:
            code = response.json()["error"]["code"]
            if response.status_code == 503 and not response.headers.get("Retry-After"):
                code += " without Retry-After"
        self.seen.append((self.phase, path, response.status_code, code))


def member(base_url: str) -> tuple[str, str]:
    username = f"outage-{uuid.uuid4().hex[:10]}"
    with httpx.Client(base_url=base_url, timeout=30) as client:
        client.post(
            "/signup", json={"username": username, "password": PASSWORD, "nickname": "O"}
        ).raise_for_status()
        login = client.post("/login", json={"username": username, "password": PASSWORD})
        login.raise_for_status()
    return username, login.json()["token"]


def wait_until_healthy(base_url: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_DEADLINE:
        if httpx.get(base_url + "/health", timeout=30).status_code == 200:
            return time.monotonic() - started
        time.sleep(0.5)
    sys.exit(
        f"FAILED: /health did not answer 200 within {RECOVERY_DEADLINE} s of the part coming back"
    )


def wait_for_each_call(load: Load) -> None:
    """At least 3 s, and until each call has been answered since (a loaded machine is slow)."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_DEADLINE:
        answered = {path for phase, path, _, _ in load.seen if phase == "after"}
        if time.monotonic() - started >= 3 and answered >= {"/me", "/login", "/health"}:
            return
        time.sleep(0.5)


def main(base_url: str, part: str, down: str, up: str) -> None:
    username, _ = member(base_url)
    _, token = member(base_url)
    with Load(base_url, username, token) as load:
        time.sleep(2)
        load.phase = "down"
        subprocess.run(down, shell=True, check=True)
        time.sleep(SECONDS_DOWN)
        subprocess.run(up, shell=True, check=True)
        load.phase = "recovering"
        recovered_in = wait_until_healthy(base_url)
        load.phase = "after"
        wait_for_each_call(load)
    tally = Counter(load.seen)
    for (phase, path, status, code), count in sorted(tally.items()):
        print(f"  {phase:<10} {path:<8} {status} {code:<22} x{count}")
    statuses = {status for _, _, status, _ in load.seen}
    expect(
        not {status for status in statuses if status >= 500} - {503}, f"{part} down: no 5xx but 503"
    )
    expect(
        all(code != "SERVICE_UNAVAILABLE without Retry-After" for *_, code in load.seen),
        "every 503 says when to retry",
    )
    down_seen = {(path, status) for phase, path, status, _ in load.seen if phase == "down"}
    expect(("/health", 503) in down_seen, f"/health answered 503 while {part} was down")
    expect(("/login", 503) in down_seen, f"/login waited with 503 while {part} was down")
    after = {(path, status) for phase, path, status, _ in load.seen if phase == "after"}
    expect(
        after == {("/me", 200), ("/login", 200), ("/health", 200)},
        f"all well again {recovered_in:.1f} s after {part} came back",
    )


if __name__ == "__main__":
    main(*sys.argv[1:5])
