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
    ) -> ApiAnswer:
        if json_body is not NO_BODY:
            raw_body = json.dumps(json_body).encode()
        headers = {"Authorization": authorization} if authorization is not None else {}
        response = self._client.generic(
            method, path, data=raw_body or b"", content_type=content_type, headers=headers
        )
        return ApiAnswer(status=response.status_code, headers=response.headers, raw=response.content)

    def post(self, path: str, payload: Any, **kwargs) -> ApiAnswer:
        return self.call("POST", path, json_body=payload, **kwargs)

    def get(self, path: str, *, token: str | None = None) -> ApiAnswer:
        authorization = f"Bearer {token}" if token is not None else None
        return self.call("GET", path, authorization=authorization)
