"""Check a running server over real HTTP: the contract's happy path, and races.

Usage: python scripts/check_live.py http://127.0.0.1:8000
Exits non-zero, saying why, on the first broken promise.

The races are real: 30 threads wait at a barrier and send their requests at once,
each on its own connection, to whichever gunicorn workers pick them up. The server
must not limit sign-ups per address (SIGNUP_LIMIT_PER_ADDRESS=0): the checks make 34.
It must keep MAX_SESSIONS_PER_MEMBER at its default, 10.
"""

import json
import sys
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from checks import expect

RACERS = 30
SESSIONS_KEPT = 10  # MAX_SESSIONS_PER_MEMBER's default


def call(base_url: str, method: str, path: str, body=None, token=None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = Request(base_url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urlopen(request, timeout=30) as response:
            status, headers, raw = response.status, dict(response.headers), response.read()
    except HTTPError as error:
        status, headers, raw = error.code, dict(error.headers), error.read()
    assert headers.get("Content-Type", "").startswith("application/json"), (path, headers)
    return status, json.loads(raw), headers


def check_happy_path(base_url: str) -> None:
    name = f"JIN HO {uuid.uuid4().hex[:8]}"
    member = {"username": name, "password": "12341234", "nickname": "Mentos"}
    status, body, _ = call(base_url, "POST", "/signup", member)
    expect(status == 201 and body == {"username": name, "nickname": "Mentos"}, "signup returns 201")
    status, body, _ = call(base_url, "POST", "/signup", member)
    expect(status == 409 and body["error"]["code"] == "USER_ALREADY_EXISTS", "duplicate is 409")
    status, body, headers = call(
        base_url, "POST", "/login", {"username": name, "password": "12341234"}
    )
    expect(
        status == 200 and "no-store" in headers.get("Cache-Control", ""), "login returns a token"
    )
    token = body["token"]
    status, body, _ = call(base_url, "GET", "/me", token=token)
    expect(status == 200 and body["username"] == name, "/me shows the member")
    status, body, headers = call(base_url, "GET", "/me")
    expect(status == 401 and body["error"]["code"] == "TOKEN_NOT_FOUND", "/me without token is 401")
    expect(headers.get("WWW-Authenticate", "").startswith("Bearer"), "401 carries WWW-Authenticate")
    status, body, _ = call(base_url, "GET", "/health")
    expect(
        status == 200 and body["status"] == "ok" and set(body["checks"].values()) == {"ok"},
        "health is ok",
    )


def check_head(base_url: str) -> None:
    """HEAD is answered like GET. A client never reads a HEAD body, so whether the app sent
    one shows only in gunicorn's log, which the caller checks (refuse_tracebacks)."""
    for path, expected in (("/health", 200), ("/openapi.json", 200), ("/no-such-page", 404)):
        try:
            with urlopen(Request(base_url + path, method="HEAD"), timeout=30) as response:
                status = response.status
        except HTTPError as error:
            status = error.code
        expect(status == expected, f"HEAD {path} is answered {expected}")


def race(how_many: int, request) -> list[tuple[int, dict]]:
    """Run `request()` on `how_many` threads released together; their (status, body) responses."""
    start = threading.Barrier(how_many)

    def racer(_):
        start.wait()
        status, body, _ = request()
        return status, body

    with ThreadPoolExecutor(max_workers=how_many) as pool:
        return list(pool.map(racer, range(how_many)))


def statuses(responses: list[tuple[int, dict]]) -> str:
    return ", ".join(
        f"{count}x {status}" for status, count in sorted(Counter(s for s, _ in responses).items())
    )


def check_signup_race(base_url: str) -> None:
    name = f"racer-{uuid.uuid4().hex[:8]}"
    member = {"username": name, "password": "12341234", "nickname": "R"}
    responses = race(RACERS, lambda: call(base_url, "POST", "/signup", member))
    expect(
        sorted(status for status, _ in responses) == [201] + [409] * (RACERS - 1),
        f"{RACERS} simultaneous signups of one name: one 201, {RACERS - 1} 409 (got {statuses(responses)})",
    )
    # The unique index allows one row at most and one 201 made it; check that row from outside.
    status, body, _ = call(base_url, "POST", "/signup", {**member, "username": name.upper()})
    expect(
        status == 409 and body["error"]["code"] == "USER_ALREADY_EXISTS",
        "the name is still taken, in any case",
    )
    status, body, _ = call(base_url, "POST", "/login", {"username": name, "password": "12341234"})
    expect(status == 200, "the one member made by the race can log in")
    status, body, _ = call(base_url, "GET", "/me", token=body["token"])
    expect(
        status == 200 and body["username"] == name and body["nickname"] == "R",
        "and is who signed up",
    )


def check_login_race(base_url: str) -> None:
    name = f"login-racer-{uuid.uuid4().hex[:8]}"
    status, _, _ = call(
        base_url, "POST", "/signup", {"username": name, "password": "12341234", "nickname": "L"}
    )
    expect(status == 201, "a member to log in with")
    credentials = {"username": name, "password": "12341234"}
    responses = race(RACERS, lambda: call(base_url, "POST", "/login", credentials))
    expect(
        all(status == 200 for status, _ in responses),
        f"{RACERS} simultaneous logins of one member: all 200 (got {statuses(responses)})",
    )
    tokens = {body["token"] for _, body in responses}
    expect(len(tokens) == RACERS, f"{RACERS} different tokens, one per login")
    # Each login ended the least recently used sessions past the cap, under a lock, so
    # exactly the cap's number of sessions is left however the logins interleaved.
    working = sorted(call(base_url, "GET", "/me", token=token)[0] for token in tokens)
    expected = [200] * SESSIONS_KEPT + [401] * (RACERS - SESSIONS_KEPT)
    expect(
        working == expected,
        f"{SESSIONS_KEPT} of the {RACERS} tokens open /me, the others were ended",
    )


if __name__ == "__main__":
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    check_happy_path(base)
    check_head(base)
    check_signup_race(base)
    check_login_race(base)
