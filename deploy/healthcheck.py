"""Exit 0 if the API on this machine answers GET /health with 200, else 1.

Used by the Docker image's HEALTHCHECK and by deploy/release.sh. Standard library only
(the slim image has no curl). Django answers 400 to a Host header that is not in
ALLOWED_HOSTS, /health included, so the request names the first allowed host.
"""

import os
import sys
import urllib.request


def allowed_host() -> str:
    for host in (os.environ.get("ALLOWED_HOSTS") or "").split(","):
        host = host.strip().lstrip(".")  # ".example.com" also allows example.com itself
        if host and host != "*":
            return host
    return "localhost"  # ALLOWED_HOSTS unset or "*": any name will do


def main() -> int:
    port = (os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/health", headers={"Host": allowed_host()})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:  # refused, timed out, or an HTTP error status
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
