"""Check a running server over real HTTP: the contract's happy path, and a signup race.

Usage: python scripts/check_live.py http://127.0.0.1:8000
Exits non-zero, saying why, on the first broken promise.
"""

import json
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

RACERS = 30


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


def expect(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok: {what}")


def check_happy_path(base_url: str) -> None:
    name = f"JIN HO {uuid.uuid4().hex[:8]}"
    member = {"username": name, "password": "12341234", "nickname": "Mentos"}
    status, body, _ = call(base_url, "POST", "/signup", member)
    expect(status == 201 and body == {"username": name, "nickname": "Mentos"}, "signup answers 201")
    status, body, _ = call(base_url, "POST", "/signup", member)
    expect(status == 409 and body["error"]["code"] == "USER_ALREADY_EXISTS", "duplicate is 409")
    status, body, headers = call(base_url, "POST", "/login", {"username": name, "password": "12341234"})
    expect(status == 200 and "no-store" in headers.get("Cache-Control", ""), "login answers a token")
    token = body["token"]
    status, body, _ = call(base_url, "GET", "/me", token=token)
    expect(status == 200 and body["username"] == name, "/me shows the member")
    status, body, headers = call(base_url, "GET", "/me")
    expect(status == 401 and body["error"]["code"] == "TOKEN_NOT_FOUND", "/me without token is 401")
    expect(headers.get("WWW-Authenticate", "").startswith("Bearer"), "401 carries WWW-Authenticate")
    status, body, _ = call(base_url, "GET", "/health")
    expect(status == 200 and body == {"status": "ok"}, "health is ok")


def check_signup_race(base_url: str) -> None:
    member = {"username": f"racer-{uuid.uuid4().hex[:8]}", "password": "12341234", "nickname": "R"}
    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        statuses = sorted(pool.map(lambda _: call(base_url, "POST", "/signup", member)[0], range(RACERS)))
    expect(statuses == [201] + [409] * (RACERS - 1), f"{RACERS} simultaneous signups: one 201, rest 409")


if __name__ == "__main__":
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    check_happy_path(base)
    check_signup_race(base)
