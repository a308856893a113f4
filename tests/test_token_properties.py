"""Properties of the token module over generated inputs: what it issues reads back,
and no single-character change to a token gets past it."""

import base64
from datetime import UTC, datetime

import jwt
import pytest
from django.conf import settings
from freezegun import freeze_time
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tokens.exceptions import InvalidToken
from tokens.tokens import (
    issue_access_token,
    issue_refresh_token,
    read_access_token,
    read_refresh_token,
)

NOW = 1_800_000_000
# Modest and reproducible: the same examples on every run, quick enough for every commit.
FEW = hypothesis_settings(max_examples=150, derandomize=True, database=None, deadline=None)

user_ids = st.integers(min_value=1, max_value=2**63 - 1)
session_ids = st.uuids().map(str)
kinds = st.sampled_from(
    [
        (lambda **ids: issue_access_token(**ids).raw, read_access_token),
        (lambda **ids: issue_refresh_token(**ids).raw, read_refresh_token),
    ]
)


def at_now():
    return freeze_time(datetime.fromtimestamp(NOW, tz=UTC))


def a_valid_token() -> str:
    """Fixed claims, so that every run mutates exactly the same token."""
    claims = {
        "type": "access",
        "sub": "42",
        "sid": "9b2f4b1e-2a8c-4c39-8f55-1d0f3f1b2a11",
        "iat": NOW,
        "exp": NOW + 3600,
        "jti": "5f0c3a0e8b7d4c1a9e2f6b3d7c8a1e4f",
    }
    return jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm="HS256")


def decoded_signature(token: str) -> bytes:
    signature = token.rsplit(".", 1)[-1].rstrip("=")
    return base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))


BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# A "byte" of the token's text: any Latin-1 character, control characters included.
any_character = st.integers(min_value=0, max_value=255).map(chr)


@st.composite
def mutations(draw) -> tuple[str, str]:
    """The valid token with one character replaced, removed or added."""
    token = a_valid_token()
    kind = draw(st.sampled_from(["replace", "remove", "add"]))
    if kind == "add":
        index = draw(st.integers(0, len(token)))
        return kind, token[:index] + draw(any_character) + token[index:]
    index = draw(st.integers(0, len(token) - 1))
    if kind == "remove":
        return kind, token[:index] + token[index + 1 :]
    replacement = draw(any_character.filter(lambda character: character != token[index]))
    return kind, token[:index] + replacement + token[index + 1 :]


@at_now()
@FEW
@given(user_id=user_ids, session_id=session_ids, kind=kinds)
def test_a_token_reads_back_as_issued(user_id, session_id, kind):
    issue, read = kind
    token = read(issue(user_id=user_id, session_id=session_id))
    assert (token.user_id, token.session_id) == (user_id, session_id)
    assert token.issued_at == NOW


@at_now()
@FEW
@given(user_id=user_ids, session_id=session_ids)
def test_a_refresh_token_says_what_its_issuer_was_told(user_id, session_id):
    # Sessions store the issued token's id and expiry without reading the token back.
    issued = issue_refresh_token(user_id=user_id, session_id=session_id)
    assert read_refresh_token(issued.raw) == issued.token


@at_now()
@FEW
@given(mutation=mutations())
def test_no_single_character_change_gets_a_token_accepted(mutation):
    kind, mutated = mutation
    original = a_valid_token()
    try:
        read_access_token(mutated)
    except InvalidToken:
        return
    # Accepted: only a re-encoding of the very same signature may be. PyJWT's strict
    # decoder lets through just one, "=" padding after the signature; the signed text is unchanged.
    assert kind == "add" and mutated == original + "=", mutated
    assert decoded_signature(mutated) == decoded_signature(original)


def test_a_signature_with_other_unused_bits_is_refused():
    """43 base64url characters carry 258 bits for a 256-bit HMAC, so the last
    character's two lowest bits are unused: three other characters decode to the
    same signature. A lenient decoder would accept them; the canonical one must not."""
    token = a_valid_token()
    last = BASE64URL.index(token[-1])
    for flip in (1, 2, 3):
        mutated = token[:-1] + BASE64URL[last ^ flip]
        assert decoded_signature(mutated) == decoded_signature(token)
        with at_now(), pytest.raises(InvalidToken):
            read_access_token(mutated)
