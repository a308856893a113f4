"""What .ci/docker.sh proves about the stack that docker-compose.yml runs, one check a command.

Usage: python scripts/check_compose.py COMMAND ARGS...
  order DB REDIS API            the api container started after db and redis were healthy
  member BASE_URL NAME present|absent|create
                                a member signs up (create), can log in (present), or is unknown
  in-flight BASE_URL STOP...    a request under way when STOP (a command) stops the api completes
  logs FILE                     gunicorn's and the app's lines are JSON; no traceback anywhere
Exits non-zero, saying why, when a promise is broken.
"""

import json
import re
import socket
import subprocess
import sys
import time
from datetime import datetime
from urllib.parse import urlsplit

from checks import call, expect

PASSWORD = "a-compose-check-passphrase"


def inspect(container: str) -> dict:
    output = subprocess.run(["docker", "inspect", container], capture_output=True, check=True)
    return json.loads(output.stdout)[0]


def moment(value: str) -> datetime:
    # Docker writes nanoseconds; Python reads at most microseconds.
    head, _, rest = value.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{head}.{(rest + '000000')[:6]}")


def first_healthy(container: str) -> datetime | None:
    probes = inspect(container)["State"].get("Health", {}).get("Log", [])
    passed = [moment(probe["End"]) for probe in probes if probe["ExitCode"] == 0]
    return min(passed, default=None)


def check_order(db: str, redis: str, api: str) -> None:
    started = moment(inspect(api)["State"]["StartedAt"])
    for name, container in (("db", db), ("redis", redis)):
        healthy = first_healthy(container)
        expect(
            healthy is not None and healthy <= started,
            f"api started ({started:%H:%M:%S.%f}) after {name} was healthy ({healthy})",
        )


def check_member(base_url: str, name: str, state: str) -> None:
    member = {"username": name, "password": PASSWORD, "nickname": "Compose"}
    if state == "create":
        status, _, _ = call(base_url, "POST", "/signup", member)
        expect(status == 201, f"{name} signs up (got {status})")
        return
    status, _, _ = call(base_url, "POST", "/login", {"username": name, "password": PASSWORD})
    if state == "present":
        expect(status == 200, f"{name} is still a member and logs in (got {status})")
    else:
        expect(status == 401, f"{name} is no longer known: login refused (got {status})")


def refused(host: str, port: int) -> bool:
    """True when no new request gets an answer: the server stopped accepting."""
    try:
        with socket.create_connection((host, port), timeout=2) as sock:
            sock.sendall(
                f"GET /health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
            )
            return not sock.recv(1)
    except OSError:
        return True


def check_in_flight(base_url: str, stop: list[str]) -> None:
    url = urlsplit(base_url)
    body = json.dumps({"username": "in-flight-nobody", "password": PASSWORD}).encode()
    head = (
        f"POST /login HTTP/1.1\r\nHost: {url.hostname}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port), timeout=60) as sock:
        sock.sendall(head + body[:5])  # the request is under way: gunicorn waits for the rest
        time.sleep(1)
        stopping = subprocess.Popen(stop)
        began = time.monotonic()
        while not refused(url.hostname, url.port):
            expect(time.monotonic() - began < 20, "the api stops accepting within 20 s of the stop")
            time.sleep(0.5)
        print("ok: the api stopped accepting new requests; the first one is still open", flush=True)
        sock.sendall(body[5:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0].decode(errors="replace")
    expect(
        status_line.startswith("HTTP/1.1 401"),
        f"the request in flight got its answer ({status_line!r})",
    )
    expect(stopping.wait(timeout=60) == 0, "the stop command succeeded")


def check_logs(path: str) -> None:
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    expect(not any("Traceback" in line for line in lines), "no traceback in the api's log")
    app = [json.loads(line) for line in lines if line.startswith("{")]
    expect(len(app) >= 10, f"the app logged JSON lines ({len(app)})")
    # Besides the app's JSON: migrate's report, before gunicorn starts, gunicorn's own lines
    # about its processes ("[time] [pid] [INFO] Booting worker"), and docker-compose's header.
    other = [line for line in lines if line.strip() and not line.startswith("{")]
    unexpected = [
        line
        for line in other
        if not re.match(
            r"\[[^]]+\] \[\d+\] \[[A-Z]+\] |Attaching to |Operations to perform|Running migrations|No migrations|  ",
            line,
        )
    ]
    expect(not unexpected, f"nothing else is logged (found: {unexpected[:3]})")


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "order":
        check_order(*args)
    elif command == "member":
        check_member(*args)
    elif command == "in-flight":
        check_in_flight(args[0], args[1:])
    elif command == "logs":
        check_logs(args[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
