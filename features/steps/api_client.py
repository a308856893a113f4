"""The one door through which scenarios reach the API.

Steps never call views or the ORM; they send HTTP requests through a client and
read an `ApiResponse`. `InProcessApi` drives DRF's test client (real URLs and JSON,
no network); `HttpApi` sends the very same requests over the network to a live
server, so every scenario can run either way.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from rest_framework.test import APIClient

from features.steps.received import Received

NO_BODY = object()

# Bodies the API refuses before it reads them, by the words of the scenarios.
OVER_THE_SIZE_LIMIT = b'{"username": "' + b"x" * (1024 * 1024) + b'"}'
REFUSED_BODIES = {
    "form data instead of JSON": dict(
        raw_body=b"password=12341234", content_type="application/x-www-form-urlencoded"
    ),
    "a body over the size limit": dict(raw_body=OVER_THE_SIZE_LIMIT),
}


@dataclass(frozen=True)
class ApiResponse:
    status: int
    headers: Mapping[str, str]
    raw: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    @property
    def body(self) -> Any:
        assert self.content_type == "application/json", f"not JSON: {self.content_type!r}"
        return json.loads(self.raw)


class _Api:
    """What every client offers; each one only says how a request is `_send`."""

    def call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = NO_BODY,
        raw_body: bytes | None = None,
        content_type: str = "application/json",
        authorization: str | None = None,
        address: str | None = None,
        headers: dict | None = None,
    ) -> ApiResponse:
        """Send one request. `address` stands in for the client's IP address."""
        if json_body is not NO_BODY:
            raw_body = json.dumps(json_body).encode()
        headers = {"Content-Type": content_type, **(headers or {})}
        if authorization is not None:
            headers["Authorization"] = authorization
        return self._send(method, path, raw_body or b"", headers, address)

    def post(self, path: str, payload: Any = NO_BODY, *, token: str | None = None, **kwargs):
        return self.call("POST", path, json_body=payload, authorization=bearer(token), **kwargs)

    def patch(self, path: str, payload: Any, *, token: str | None = None) -> ApiResponse:
        return self.call("PATCH", path, json_body=payload, authorization=bearer(token))

    def delete(self, path: str, payload: Any, *, token: str | None = None) -> ApiResponse:
        return self.call("DELETE", path, json_body=payload, authorization=bearer(token))

    def get(self, path: str, *, token: str | None = None) -> ApiResponse:
        return self.call("GET", path, authorization=bearer(token))

    def _send(
        self, method: str, path: str, body: bytes, headers: dict, address: str | None
    ) -> ApiResponse:
        raise NotImplementedError


class InProcessApi(_Api):
    """Requests through Django's test client; each response is noted in `received`."""

    def __init__(self, received: Received):
        self._client = APIClient()
        self._received = received

    def _send(self, method, path, body, headers, address):
        content_type = headers.pop("Content-Type")
        environ = {"REMOTE_ADDR": address} if address else {}
        result = self._client.generic(
            method, path, data=body, content_type=content_type, headers=headers, **environ
        )
        self._received.add(method, path, result.status_code, result.content)
        return ApiResponse(status=result.status_code, headers=result.headers, raw=result.content)


class HttpApi(_Api):
    """The same requests over real HTTP to a running server; header text goes out as UTF-8."""

    def __init__(self, base_url: str):
        self._client = httpx.Client(base_url=base_url, timeout=30)

    def close(self) -> None:
        self._client.close()

    def _send(self, method, path, body, headers, address):
        if address is not None:
            raise AssertionError(
                "a live server sees the real client address: tag it @needs-client-address"
            )
        encoded = {name: value.encode() for name, value in headers.items()}
        result = self._client.request(method, path, content=body, headers=encoded)
        return ApiResponse(status=result.status_code, headers=result.headers, raw=result.content)


def bearer(token: str | None) -> str | None:
    return f"Bearer {token}" if token is not None else None
