"""Issuing and checking tokens. The only module that touches PyJWT.

Two kinds share one format: short-lived access tokens, presented on every
request, and long-lived refresh tokens, presented only to refresh a session. The
`type` claim keeps each out of the other's place.

Which key signs, and which keys verify, is `tokens.keys`' business: the header's
`kid` names the key, and the key alone decides the algorithm.
"""

import base64
import json
import math
import time
import uuid
from dataclasses import dataclass

import jwt
from django.conf import settings

from tokens.exceptions import InvalidToken, TokenExpired
from tokens.keys import KeyRing, key_ring
from tokens.verified_tokens import verified_access_tokens

REQUIRED_CLAIMS = ["sub", "iat", "exp", "jti", "sid", "type"]
ACCESS = "access"
REFRESH = "refresh"


# A user id is a positive 64-bit integer (PostgreSQL's bigint): at most 19 digits.
MAX_USER_ID_DIGITS = 19
MAX_USER_ID = 2**63 - 1


@dataclass(frozen=True)
class Token:
    user_id: int
    session_id: str
    token_id: str
    issued_at: int
    expires_at: int
    # How the member logged in (RFC 8176): ("pwd",) or ("pwd", "otp"); () in tokens from before.
    amr: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuedToken:
    """A token just signed, with what it says, so its issuer need not read it back."""

    raw: str
    token: Token


def issue_access_token(
    *,
    user_id: int | str,
    session_id: str,
    not_after: int | None = None,
    amr: tuple[str, ...] = ("pwd",),
) -> IssuedToken:
    """A signed access token naming the user, the session and how they logged in; nothing personal.

    `not_after` (a Unix time) caps its expiry: no token outlives its session.
    """
    lifetime = settings.JWT_ACCESS_TOKEN_LIFETIME
    return _issue(ACCESS, user_id, session_id, lifetime, not_after, amr=tuple(amr))


def issue_refresh_token(
    *, user_id: int | str, session_id: str, not_after: int | None = None
) -> IssuedToken:
    """A signed refresh token; the session keeps a hash of its id and its expiry."""
    return _issue(REFRESH, user_id, session_id, settings.JWT_REFRESH_TOKEN_LIFETIME, not_after)


def read_access_token(raw_token: str) -> Token:
    """Verify an access token, in full the first time this process sees it (tokens.verified_tokens)."""
    token = verified_access_tokens.recall(raw_token)
    if token is None:
        claims = _read_claims(raw_token, ACCESS)
        token = _token_from(claims)
        # The earliest time a full check accepts it: its issue time, or `nbf` if that is later.
        verified_access_tokens.remember(
            raw_token, token, valid_from=max(claims["iat"], claims.get("nbf", 0))
        )
    return token


def read_refresh_token(raw_token: str) -> Token:
    return _token_from(_read_claims(raw_token, REFRESH))


def _issue(
    kind: str,
    user_id: int | str,
    session_id: str,
    lifetime: int,
    not_after: int | None,
    amr: tuple[str, ...] = (),
) -> IssuedToken:
    issued_at = int(time.time())
    expires_at = issued_at + lifetime if not_after is None else min(issued_at + lifetime, not_after)
    token = Token(
        user_id=int(user_id),
        session_id=str(session_id),
        token_id=uuid.uuid4().hex,
        issued_at=issued_at,
        expires_at=expires_at,
        amr=amr,
    )
    claims = {
        "type": kind,
        "sub": str(token.user_id),
        "sid": token.session_id,
        "iat": token.issued_at,
        "exp": token.expires_at,
        "jti": token.token_id,
    }
    if amr:
        claims["amr"] = list(amr)
    if settings.JWT_ISSUER:
        claims["iss"] = settings.JWT_ISSUER
    if settings.JWT_AUDIENCE:
        claims["aud"] = settings.JWT_AUDIENCE
    key = key_ring().signing
    raw = jwt.encode(claims, key.signing, algorithm=key.algorithm, headers={"kid": key.kid})
    return IssuedToken(raw, token)


def _read_claims(raw_token: str, kind: str) -> dict:
    """Verify a token of the given kind and return its claims; raise TokenExpired or InvalidToken.

    PyJWT checks the signature before any claim, so a forged token that has also
    expired is InvalidToken, never TokenExpired. `exp` has no leeway: a token is
    refused from its expiry second on.
    """
    try:
        claims = _verified_claims(raw_token, key_ring())
    except jwt.ExpiredSignatureError as exc:  # a subclass of InvalidTokenError: first
        raise TokenExpired() from exc
    except (jwt.InvalidTokenError, ValueError, TypeError, RecursionError) as exc:
        # RecursionError: JSON nested thousands of levels deep fits in a few kilobytes.
        raise InvalidToken() from exc
    if claims["type"] != kind:
        raise InvalidToken()
    _refuse_future_times(claims)
    return claims


def _token_from(claims: dict) -> Token:
    return Token(
        user_id=_user_id_claim(claims),
        session_id=_uuid_claim(claims, "sid"),
        token_id=_string_claim(claims, "jti"),
        issued_at=claims["iat"],
        expires_at=int(claims["exp"]),  # as PyJWT compares it: 100.5 has expired at 100
        amr=_amr_claim(claims),
    )


def _verified_claims(raw_token: str, ring: KeyRing) -> dict:
    """The claims, once a key the header names has verified the token with its one algorithm."""
    for key in ring.verifying_keys(_header_of(raw_token)):
        try:
            return jwt.decode(
                raw_token,
                key.verifying,
                algorithms=[key.algorithm],
                issuer=settings.JWT_ISSUER or None,
                audience=settings.JWT_AUDIENCE or None,
                options={"require": REQUIRED_CLAIMS, "verify_iat": False, "verify_nbf": False},
            )
        except jwt.InvalidSignatureError:
            continue  # a token without kid: perhaps an earlier secret signed it
    raise InvalidToken()


def _header_of(raw_token: str) -> dict:
    """The unverified header, read only to choose a key; PyJWT then checks everything.

    PyJWT's own `get_unverified_header` validates every segment character by
    character and `decode` does it again; on every authenticated request that was a
    tenth of the cost. A header this reads differently from PyJWT can only choose a
    key whose pinned algorithm PyJWT then refuses.
    """
    encoded = raw_token.partition(".")[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, RecursionError) as exc:  # binascii.Error and JSONDecodeError included
        # A header of 2,500 `[` is 3.3 KB: deep enough to exhaust the JSON parser's recursion.
        raise InvalidToken() from exc
    if not isinstance(header, dict):
        raise InvalidToken()
    return header


def _refuse_future_times(claims: dict) -> None:
    # `iat` and `nbf` get a small leeway for clock drift between servers; `exp` gets none.
    latest_acceptable = time.time() + settings.JWT_CLOCK_SKEW
    for name in ("iat", "exp", "nbf"):
        value = claims.get(name, 0)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InvalidToken()
    if claims["iat"] > latest_acceptable or claims.get("nbf", 0) > latest_acceptable:
        raise InvalidToken()


def _amr_claim(claims: dict) -> tuple[str, ...]:
    """The methods a token says its login used; anything but a list of strings says none."""
    methods = claims.get("amr", [])
    if not isinstance(methods, list) or not all(isinstance(m, str) for m in methods):
        raise InvalidToken()
    return tuple(methods)


def _string_claim(claims: dict, name: str) -> str:
    value = claims[name]
    if not isinstance(value, str) or not value:
        raise InvalidToken()
    return value


def _uuid_claim(claims: dict, name: str) -> str:
    try:
        return str(uuid.UUID(_string_claim(claims, name)))
    except ValueError:
        raise InvalidToken() from None


def _user_id_claim(claims: dict) -> int:
    subject = claims["sub"]  # PyJWT has checked it is a string
    if not (subject.isascii() and subject.isdigit() and len(subject) <= MAX_USER_ID_DIGITS):
        raise InvalidToken()
    user_id = int(subject)
    if str(user_id) != subject:  # one spelling per user: "01" is not user 1
        raise InvalidToken()
    if user_id > MAX_USER_ID:  # no member has it, and the database could not even compare it
        raise InvalidToken()
    return user_id
