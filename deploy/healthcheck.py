"""Exit 0 if the API on this machine answers GET /health with 200, else print why and exit 1.

Used by the Docker image's HEALTHCHECK and by deploy/release.sh. Standard library only
(the slim image has no curl). Django answers 400 to a Host header that is not in
ALLOWED_HOSTS, /health included, so the request names the first allowed host.
"""

import os
import sys
import urllib.error
import urllib.request


class RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed check: /health must answer plain HTTP whatever the HTTPS settings.

    Following it would test https://host:443, which is not this process (TLS ends at a load
    balancer), and would hide the 301 that the load balancer's own check gets.
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def allowed_host() -> str:
    for host in (os.environ.get("ALLOWED_HOSTS") or "").split(","):
        host = host.strip().lstrip(".")  # ".example.com" also allows example.com itself
        if host and host != "*":
            return host
    return "localhost"  # ALLOWED_HOSTS unset or "*": any name will do


def check(url: str, host: str) -> tuple[int, str]:
    """The status and body of GET url; a refused connection or a timeout raises OSError."""
    # No proxy: an http_proxy in the environment must not answer for this machine.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), RefuseRedirects)
    try:
        with opener.open(
            urllib.request.Request(url, headers={"Host": host}), timeout=5
        ) as response:
            return response.status, response.read(2000).decode(errors="replace")
    except urllib.error.HTTPError as exc:  # any status urllib does not take as success
        location = exc.headers.get("Location")
        body = exc.read(2000).decode(errors="replace")
        return exc.code, f"(redirect to {location}) {body}" if location else body


def main() -> int:
    port = (os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000").rsplit(":", 1)[-1]
    try:
        status, body = check(f"http://127.0.0.1:{port}/health", allowed_host())
    except OSError as exc:  # refused or timed out
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    if status == 200:
        return 0
    # The body says which part is down, e.g. {"status": "unavailable", "checks": {...}}.
    print(f"unhealthy: GET /health answered {status}: {body}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
