"""Token claims for tests, signed with PyJWT directly rather than the code under test."""

import uuid
from datetime import UTC, datetime

import jwt
from django.conf import settings
from freezegun import freeze_time

NOW = 1_800_000_000
SESSION = "9b2f4b1e-2a8c-4c39-8f55-1d0f3f1b2a11"


def at(timestamp: int):
    return freeze_time(datetime.fromtimestamp(timestamp, tz=UTC))


def sign(claims: dict, *, key: str | None = None, algorithm: str = "HS256", headers=None) -> str:
    return jwt.encode(claims, key or settings.JWT_SECRET_KEY, algorithm=algorithm, headers=headers)


def valid_claims(**changes) -> dict:
    claims = {
        "type": "access",
        "sub": "42",
        "sid": SESSION,
        "iat": NOW,
        "exp": NOW + 3600,
        "jti": uuid.uuid4().hex,
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}
