"""Access tokens verified once per process: what is kept, for how long, and what empties it."""

import hashlib
from contextlib import suppress
from unittest import mock

import pytest
from django.test import override_settings

from tests.claims import NOW, SESSION, at, sign, valid_claims
from tokens import tokens
from tokens.exceptions import InvalidToken, TokenExpired
from tokens.verified_tokens import VerifiedTokens, verified_access_tokens


@pytest.fixture(autouse=True)
def nothing_verified_yet():
    verified_access_tokens.clear()
    yield
    verified_access_tokens.clear()


@pytest.fixture
def full_checks():
    """Counts the full checks: signature, then every claim."""
    with mock.patch.object(tokens, "_verified_claims", wraps=tokens._verified_claims) as check:
        yield check


def issued() -> str:
    with at(NOW):
        return tokens.issue_access_token(user_id=42, session_id=SESSION).raw


def test_a_token_presented_again_is_not_checked_again(full_checks):
    token = issued()
    with at(NOW + 60):
        first = tokens.read_access_token(token)
        again = tokens.read_access_token(token)
    assert again == first
    assert full_checks.call_count == 1


def test_a_token_is_checked_in_full_again_from_its_expiry_and_refused(full_checks):
    token = issued()
    with at(NOW + 60):
        expires_at = tokens.read_access_token(token).expires_at
    with at(expires_at - 1):
        tokens.read_access_token(token)
    assert full_checks.call_count == 1
    with at(expires_at), pytest.raises(TokenExpired):
        tokens.read_access_token(token)
    assert full_checks.call_count == 2


@pytest.mark.parametrize(
    ("claims", "accepted_at", "refused_at", "refusal"),
    [
        ({}, NOW, NOW - 11, InvalidToken),
        ({"nbf": NOW + 100}, NOW + 100, NOW + 50, InvalidToken),
        ({"exp": NOW + 100.5}, NOW + 60, NOW + 100.2, TokenExpired),  # PyJWT ends it at NOW + 100
    ],
    ids=[
        "the clock set back before its issue time",
        "the clock set back before a later nbf",
        "a fractional expiry",
    ],
)
def test_a_token_kept_is_refused_as_a_full_check_refuses_it(
    settings, claims, accepted_at, refused_at, refusal
):
    settings.JWT_CLOCK_SKEW = 10
    token = sign(valid_claims(**claims))
    with at(accepted_at):
        tokens.read_access_token(token)
    with at(refused_at), pytest.raises(refusal):
        tokens.read_access_token(token)


def test_a_refused_token_is_never_kept(full_checks):
    forged = sign(valid_claims(), key="a-secret-the-service-never-had-0123456789")
    for _ in range(2):
        with at(NOW + 60), pytest.raises(InvalidToken):
            tokens.read_access_token(forged)
    assert full_checks.call_count == 2
    assert len(verified_access_tokens) == 0


def test_a_refresh_token_is_never_kept():
    with at(NOW):
        refresh = tokens.issue_refresh_token(user_id=42, session_id=SESSION).raw
        tokens.read_refresh_token(refresh)
    assert len(verified_access_tokens) == 0


def test_an_access_token_already_verified_is_still_no_refresh_token():
    token = issued()
    with at(NOW + 60):
        tokens.read_access_token(token)
        with pytest.raises(InvalidToken):
            tokens.read_refresh_token(token)


def test_a_token_spelt_with_padding_takes_no_place():
    token = issued()
    with at(NOW + 60), suppress(InvalidToken):
        tokens.read_access_token(token + "=")
    assert len(verified_access_tokens) == 0


def test_a_new_signing_secret_refuses_a_token_of_the_old_one_at_once():
    token = issued()
    with at(NOW + 60):
        tokens.read_access_token(token)
        with override_settings(
            JWT_SECRET_KEY="a-brand-new-secret-of-more-than-32-bytes", JWT_PREVIOUS_SECRET_KEYS=[]
        ):
            with pytest.raises(InvalidToken):
                tokens.read_access_token(token)


def test_a_new_audience_refuses_a_token_without_it_at_once(settings):
    token = issued()
    with at(NOW + 60):
        tokens.read_access_token(token)
        settings.JWT_AUDIENCE = "https://another.example"
        with pytest.raises(InvalidToken):
            tokens.read_access_token(token)


def test_other_settings_leave_what_was_verified(settings, full_checks):
    token = issued()
    with at(NOW + 60):
        tokens.read_access_token(token)
        settings.LANGUAGE_CODE = "en"
        tokens.read_access_token(token)
    assert full_checks.call_count == 1


def test_the_oldest_are_forgotten_first_beyond_the_limit():
    kept = VerifiedTokens(max_tokens=2)
    for name in ("first", "second", "third"):
        kept.remember(name, mock.Mock(expires_at=NOW + 60), valid_from=NOW)
    with at(NOW):
        assert [kept.recall(name) is not None for name in ("first", "second", "third")] == [
            False,
            True,
            True,
        ]


def test_no_token_text_is_kept():
    token = issued()
    with at(NOW + 60):
        tokens.read_access_token(token)
    [key] = verified_access_tokens._tokens
    assert key == hashlib.sha256(token.encode()).digest()
