"""Waiting for a gunicorn that a test started itself."""

import time

import httpx


def wait_until_healthy(client: httpx.Client) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if client.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"{client.base_url} never became healthy")
