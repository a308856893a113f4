"""The token module: what it issues, and every way it refuses a token."""

import jwt
import pytest
from django.conf import settings
from django.test import override_settings

from tests.claims import NOW, SESSION, at, sign, valid_claims
from tokens.exceptions import InvalidToken, TokenExpired
from tokens.tokens import (
    issue_access_token,
    issue_refresh_token,
    read_access_token,
    read_refresh_token,
)


@at(NOW)
class TestIssue:
    def test_round_trip_names_the_user(self):
        token = read_access_token(issue_access_token(user_id=42, session_id=SESSION).raw)
        assert (token.user_id, token.session_id) == (42, SESSION)
        assert (token.issued_at, token.expires_at) == (NOW, NOW + 3600)

    def test_claims_are_exactly_the_registered_ones(self):
        claims = jwt.decode(
            issue_access_token(user_id=7, session_id=SESSION).raw,
            options={"verify_signature": False},
        )
        assert set(claims) == {"type", "sub", "sid", "iat", "exp", "jti", "amr"}
        assert claims["amr"] == ["pwd"]  # RFC 8176: how the member logged in
        assert claims["sub"] == "7"

    def test_header_pins_hs256(self):
        assert (
            jwt.get_unverified_header(issue_access_token(user_id=7, session_id=SESSION).raw)["alg"]
            == "HS256"
        )

    def test_every_token_has_its_own_id(self):
        ids = {
            read_access_token(issue_access_token(user_id=7, session_id=SESSION).raw).token_id
            for _ in range(20)
        }
        assert len(ids) == 20

    @override_settings(JWT_ACCESS_TOKEN_LIFETIME=60)
    def test_lifetime_comes_from_settings_at_call_time(self):
        assert (
            read_access_token(issue_access_token(user_id=7, session_id=SESSION).raw).expires_at
            == NOW + 60
        )

    @pytest.mark.parametrize("issue", [issue_access_token, issue_refresh_token])
    def test_no_token_outlives_its_session(self, issue):
        assert issue(user_id=7, session_id=SESSION, not_after=NOW + 5).token.expires_at == NOW + 5

    @pytest.mark.parametrize(
        ("issue", "lifetime"),
        [
            (issue_access_token, "JWT_ACCESS_TOKEN_LIFETIME"),
            (issue_refresh_token, "JWT_REFRESH_TOKEN_LIFETIME"),
        ],
    )
    def test_a_distant_session_end_leaves_the_lifetime_alone(self, issue, lifetime):
        issued = issue(user_id=7, session_id=SESSION, not_after=NOW + 10**9)
        assert issued.token.expires_at == NOW + getattr(settings, lifetime)


class TestExpiry:
    def test_valid_one_second_before_exp(self):
        token = sign(valid_claims())
        with at(NOW + 3599):
            assert read_access_token(token).user_id == 42

    def test_expired_at_exp(self):
        token = sign(valid_claims())
        with at(NOW + 3600), pytest.raises(TokenExpired):
            read_access_token(token)

    def test_forged_and_expired_is_invalid_not_expired(self):
        token = sign(valid_claims(), key="another-key-that-is-long-enough-0123456789")
        with at(NOW + 7200), pytest.raises(InvalidToken):
            read_access_token(token)


@at(NOW)
class TestRefusal:
    @pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
    def test_other_hmac_algorithms_with_the_right_key(self, algorithm):
        with pytest.raises(InvalidToken):
            read_access_token(sign(valid_claims(), algorithm=algorithm))

    def test_alg_none(self):
        token = jwt.encode(valid_claims(), None, algorithm="none")
        with pytest.raises(InvalidToken):
            read_access_token(token)

    @pytest.mark.parametrize("claim", ["type", "sub", "sid", "iat", "exp", "jti"])
    def test_each_required_claim(self, claim):
        with pytest.raises(InvalidToken):
            read_access_token(sign(valid_claims(**{claim: None})))

    @pytest.mark.parametrize(
        "changes",
        [
            {"sub": 42},
            {"sub": "abc"},
            {"sub": "-1"},
            {"sub": "9" * 20},
            {"jti": 5},
            {"jti": ""},
            {"iat": "now"},
            {"exp": "later"},
            {"nbf": "soon"},
            {"sid": "not-a-uuid"},
            {"sid": 5},
            {"sub": "042"},
            {"iat": float("nan")},
            {"nbf": float("nan")},
        ],
        ids=[
            "int sub",
            "text sub",
            "negative sub",
            "huge sub",
            "int jti",
            "empty jti",
            "text iat",
            "text exp",
            "text nbf",
            "text sid",
            "int sid",
            "zero-padded sub",
            "NaN iat",
            "NaN nbf",
        ],
    )
    def test_claims_of_the_wrong_type(self, changes):
        with pytest.raises(InvalidToken):
            read_access_token(sign(valid_claims(**changes)))

    @pytest.mark.parametrize("claim", ["iat", "nbf"])
    def test_times_in_the_future_beyond_the_skew(self, claim):
        future = NOW + settings.JWT_CLOCK_SKEW + 1
        with pytest.raises(InvalidToken):
            read_access_token(sign(valid_claims(**{claim: future})))

    def test_small_clock_skew_is_tolerated(self):
        assert read_access_token(sign(valid_claims(iat=NOW + 2))).user_id == 42

    @pytest.mark.parametrize("raw", ["", "abc", "a.b.c", "a.b", "ü.ü.ü", "\x00"])
    def test_malformed(self, raw):
        with pytest.raises(InvalidToken):
            read_access_token(raw)

    def test_signature_of_another_key(self):
        with pytest.raises(InvalidToken):
            read_access_token(
                sign(valid_claims(), key="another-key-that-is-long-enough-0123456789")
            )


@at(NOW)
class TestKinds:
    def test_refresh_token_round_trip(self):
        token = read_refresh_token(issue_refresh_token(user_id=42, session_id=SESSION).raw)
        assert token.expires_at == NOW + settings.JWT_REFRESH_TOKEN_LIFETIME

    def test_refresh_token_is_not_an_access_token(self):
        with pytest.raises(InvalidToken):
            read_access_token(issue_refresh_token(user_id=42, session_id=SESSION).raw)

    def test_access_token_is_not_a_refresh_token(self):
        with pytest.raises(InvalidToken):
            read_refresh_token(issue_access_token(user_id=42, session_id=SESSION).raw)
