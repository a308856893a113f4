"""Issuing and checking access tokens. The only module that touches PyJWT."""

import time
import uuid
from dataclasses import dataclass

import jwt
from django.conf import settings

from accounts.exceptions import InvalidToken, TokenExpired

# Pinned: the algorithm is never taken from the token's own header, which is
# what makes `alg: none` and RS256/HS256 key-confusion tokens fail.
ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "iat", "exp", "jti"]


@dataclass(frozen=True)
class AccessToken:
    user_id: str
    token_id: str
    issued_at: int
    expires_at: int


def issue_access_token(*, user_id: int | str) -> str:
    """A signed token for the user. It carries the user's id and nothing personal."""
    issued_at = int(time.time())
    claims = {
        "sub": str(user_id),
        "iat": issued_at,
        "exp": issued_at + settings.JWT_ACCESS_TOKEN_LIFETIME,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm=ALGORITHM)


def read_access_token(raw_token: str) -> AccessToken:
    """Verify a token and return what it says; raise TokenExpired or InvalidToken.

    PyJWT checks the signature before any claim, so a forged token that has also
    expired is InvalidToken, never TokenExpired. `exp` has no leeway: a token is
    refused from its expiry second on.
    """
    try:
        claims = jwt.decode(
            raw_token,
            settings.JWT_SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"require": REQUIRED_CLAIMS, "verify_iat": False, "verify_nbf": False},
        )
    except jwt.ExpiredSignatureError as exc:  # a subclass of InvalidTokenError: first
        raise TokenExpired() from exc
    except (jwt.InvalidTokenError, ValueError, TypeError) as exc:
        raise InvalidToken() from exc
    _refuse_future_times(claims)
    return AccessToken(
        user_id=claims["sub"],
        token_id=_string_claim(claims, "jti"),
        issued_at=claims["iat"],
        expires_at=claims["exp"],
    )


def _refuse_future_times(claims: dict) -> None:
    # `iat` and `nbf` get a small leeway for clock drift between servers; `exp` gets none.
    latest_acceptable = time.time() + settings.JWT_CLOCK_SKEW
    for name in ("iat", "exp", "nbf"):
        value = claims.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidToken()
    if claims["iat"] > latest_acceptable or claims.get("nbf", 0) > latest_acceptable:
        raise InvalidToken()


def _string_claim(claims: dict, name: str) -> str:
    value = claims[name]
    if not isinstance(value, str) or not value:
        raise InvalidToken()
    return value
