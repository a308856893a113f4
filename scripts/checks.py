"""What the live checks share: a line for each check that passes, and a stop at the first that fails."""

import json
import sys
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen


def expect(condition: bool, what: str) -> None:
    """Print `ok: what`, or end the run with `FAILED: what`."""
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok: {what}", flush=True)


def call(
    base_url: str, method: str, path: str, body: Any = None, token: str | None = None
) -> tuple[int, Any, dict[str, str]]:
    """One JSON request: its status, its JSON body and its headers, whatever the status."""
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
