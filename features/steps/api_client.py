"""The one door through which scenarios reach the API.

Steps never call views or the ORM; they send HTTP requests through `InProcessApi`
(DRF's test client, real URLs and JSON) and read an `ApiAnswer`.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rest_framework.test import APIClient

NO_BODY = object()


@dataclass(frozen=True)
class ApiAnswer:
    status: int
    headers: Mapping[str, str]
    raw: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()

    @property
    def body(self) -> Any:
        assert self.content_type == "application/json", f"not JSON: {self.content_type!r}"
        return json.loads(self.raw)


class InProcessApi:
    def __init__(self):
        self._client = APIClient()

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
    ) -> ApiAnswer:
        """Send one request. `address` stands in for the client's IP address."""
        if json_body is not NO_BODY:
            raw_body = json.dumps(json_body).encode()
        headers = dict(headers or {})
        if authorization is not None:
            headers["Authorization"] = authorization
        environ = {"REMOTE_ADDR": address} if address else {}
        response = self._client.generic(
            method, path, data=raw_body or b"", content_type=content_type, headers=headers, **environ
        )
        return ApiAnswer(status=response.status_code, headers=response.headers, raw=response.content)

    def post(self, path: str, payload: Any = NO_BODY, *, token: str | None = None, **kwargs):
        return self.call("POST", path, json_body=payload, authorization=bearer(token), **kwargs)

    def patch(self, path: str, payload: Any, *, token: str | None = None) -> ApiAnswer:
        return self.call("PATCH", path, json_body=payload, authorization=bearer(token))

    def delete(self, path: str, payload: Any, *, token: str | None = None) -> ApiAnswer:
        return self.call("DELETE", path, json_body=payload, authorization=bearer(token))

    def get(self, path: str, *, token: str | None = None) -> ApiAnswer:
        return self.call("GET", path, authorization=bearer(token))


def bearer(token: str | None) -> str | None:
    return f"Bearer {token}" if token is not None else None
