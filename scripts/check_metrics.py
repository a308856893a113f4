"""Check GET /metrics on a running gunicorn: counts from every worker add up in one scrape.

Usage: python scripts/check_metrics.py http://127.0.0.1:8000 [HEALTH_CHECKS]
Run it from an address the server lets read its metrics (loopback, by default).
Exits non-zero, saying why, on the first broken promise.

It measures differences, so it can run against a server that has served other
traffic before: it scrapes, makes HEALTH_CHECKS health checks (default 60) from
several threads at once, each on its own connection, so that every worker serves
some, then scrapes several times more. Each scrape is answered by whichever worker
picks it up, and each must show exactly that many more health checks.
"""

import json
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from checks import expect
from prometheus_client.parser import text_string_to_metric_families

THREADS = 6
SCRAPES = 5
# Routes that are no API endpoint and so are not in the OpenAPI document.
OTHER_ROUTES = {"/metrics", "/openapi.json", "/swagger", "unmatched", "static"}
LIMITS = ("per_username_and_address", "per_address", "per_username", "signups_per_address")


def send(base_url: str, method: str, path: str, body: dict | None = None) -> tuple[int, str, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = Request(
        base_url + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def scrape(base_url: str) -> dict[tuple, float]:
    """Every sample of the scrape, keyed by its name and its labels."""
    status, content_type, raw = send(base_url, "GET", "/metrics")
    expect(
        status == 200 and content_type.startswith("text/plain"),
        "/metrics answers the Prometheus text format",
    )
    samples = {}
    for family in text_string_to_metric_families(raw.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def health_count(samples: dict) -> float:
    key = ("authapi_requests_total", (("method", "GET"), ("route", "/health"), ("status", "200")))
    return samples.get(key, 0.0)


def timed_health_count(samples: dict) -> float:
    return samples.get(("authapi_request_duration_seconds_count", (("route", "/health"),)), 0.0)


def failed_logins(samples: dict) -> float:
    return samples.get(("authapi_auth_events_total", (("event", "login_failed"),)), 0.0)


def check_counts_add_up(base_url: str, health_checks: int) -> None:
    before = scrape(base_url)
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(
            pool.map(lambda _: send(base_url, "GET", "/health")[0], range(health_checks))
        )
    expect(statuses == [200] * health_checks, f"{health_checks} health checks answered 200")
    stranger = {"username": f"nobody-{uuid.uuid4().hex[:12]}", "password": "not-the-password"}
    expect(
        send(base_url, "POST", "/login", stranger)[0] == 401,
        "a login with unknown credentials is refused",
    )
    for number in range(1, SCRAPES + 1):
        after = scrape(base_url)
        counted = health_count(after) - health_count(before)
        expect(
            counted == health_checks,
            f"scrape {number}: authapi_requests_total for /health rose by {counted:g}",
        )
        timed = timed_health_count(after) - timed_health_count(before)
        expect(timed == health_checks, f"scrape {number}: /health was timed {timed:g} more times")
        failed = failed_logins(after) - failed_logins(before)
        expect(
            failed == 1,
            f"scrape {number}: authapi_auth_events_total{{event=login_failed}} rose by {failed:g}",
        )


def check_series_listed(base_url: str) -> None:
    """Every limit and auth event has a series from the start, so an alert on it sees one."""
    samples = scrape(base_url)
    for name, label, values in (
        ("authapi_limit_refusals_total", "limit", LIMITS),
        ("authapi_auth_events_total", "event", ("login_failed", "refresh_token_reused")),
    ):
        listed = {dict(labels).get(label) for found, labels in samples if found == name}
        expect(set(values) <= listed, f"{name} lists {', '.join(values)}")


def check_routes_are_templates(base_url: str) -> None:
    member_id, stray = "987654321", f"/no-such-page-{uuid.uuid4().hex[:8]}"
    send(base_url, "PATCH", f"/admin/users/{member_id}/roles", {"roles": ["USER"]})
    send(base_url, "GET", stray)
    status, _, raw = send(base_url, "GET", "/openapi.json")
    expect(status == 200, "the OpenAPI document is served")
    documented = set(json.loads(raw)["paths"])
    routes = {
        dict(labels).get("route")
        for name, labels in scrape(base_url)
        if name == "authapi_requests_total"
    }
    expect(
        routes <= documented | OTHER_ROUTES,
        f"every route label is an OpenAPI path or a fixed value: {sorted(routes)}",
    )
    expect(
        any("/admin/users/" in route for route in routes),
        "the roles endpoint is counted under its template",
    )
    expect(
        not any(member_id in route or stray in route for route in routes),
        "no raw path is a route label",
    )


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    base_url = sys.argv[1].rstrip("/")
    health_checks = int(sys.argv[2]) if len(sys.argv) == 3 else 60
    check_series_listed(base_url)
    check_counts_add_up(base_url, health_checks)
    check_routes_are_templates(base_url)
    print("all metrics checks passed")


if __name__ == "__main__":
    main()
