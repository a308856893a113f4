"""Tokens and their keys: kid in every header, rotation, and the key deciding the algorithm."""

import hashlib
import hmac
import json

import jwt
import pytest

from tests.claims import SESSION
from tests.keypairs import SECRET_A, SECRET_B, b64, key_files, keys, public_pem
from tokens.exceptions import InvalidToken
from tokens.keys import published_keys, secret_kid
from tokens.tokens import (
    issue_access_token,
    issue_refresh_token,
    read_access_token,
    read_refresh_token,
)


def issued(**settings) -> str:
    with keys(**settings):
        return issue_access_token(user_id=42, session_id=SESSION).raw


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def resigned(token: str, key, *, algorithm: str = "HS256", **header) -> str:
    """The token's own claims under a header of our choosing, signed with `key`."""
    return jwt.encode(claims_of(token), key, algorithm=algorithm, headers=header or None)


def hmac_forgery(token: str, secret: bytes, **header) -> str:
    """HS256 with an arbitrary byte string as its secret, which PyJWT itself would not sign with."""
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT", **header}).encode())
    body = b64(json.dumps(claims_of(token)).encode())
    signature = hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(signature)}"


@pytest.fixture
def ec(tmp_path):
    """An EC key pair: the key object and its private and public file paths."""
    return key_files(tmp_path, "ec", "ec")


class TestKid:
    def test_every_token_names_its_key(self, ec):
        _, private, _ = ec
        assert jwt.get_unverified_header(issued())["kid"] == secret_kid(SECRET_A)
        with keys(JWT_PRIVATE_KEY_FILE=private):
            [jwk] = published_keys()["keys"]
            for token in (
                issue_access_token(user_id=1, session_id=SESSION).raw,
                issue_refresh_token(user_id=1, session_id=SESSION).raw,
            ):
                assert jwt.get_unverified_header(token) | {"typ": "JWT"} == {
                    "alg": "ES256",
                    "kid": jwk["kid"],
                    "typ": "JWT",
                }

    @pytest.mark.parametrize("kid", ["no-such-key", "", 5, ["x"], {"k": 1}, None])
    def test_a_kid_naming_no_key_is_refused_even_with_a_good_signature(self, kid):
        token = hmac_forgery(issued(), SECRET_A.encode(), kid=kid)
        with keys(), pytest.raises(InvalidToken):
            read_access_token(token)


class TestRotation:
    def test_a_previous_secret_still_verifies_its_tokens(self):
        token = issued(JWT_SECRET_KEY=SECRET_A)
        with keys(JWT_SECRET_KEY=SECRET_B, JWT_PREVIOUS_SECRET_KEYS=[SECRET_A]):
            assert read_access_token(token).user_id == 42
            new_token = issue_access_token(user_id=1, session_id=SESSION).raw
            assert jwt.get_unverified_header(new_token)["kid"] == secret_kid(SECRET_B)

    def test_a_secret_removed_from_the_list_no_longer_does(self):
        token = issued(JWT_SECRET_KEY=SECRET_A)
        with keys(JWT_SECRET_KEY=SECRET_B), pytest.raises(InvalidToken):
            read_access_token(token)

    @pytest.mark.parametrize("signed_with", [SECRET_A, SECRET_B])
    def test_tokens_from_before_kids_are_verified_with_every_secret(self, signed_with):
        token = resigned(issued(), signed_with)  # no kid, as issued before this change
        with keys(JWT_SECRET_KEY=SECRET_B, JWT_PREVIOUS_SECRET_KEYS=[SECRET_A]):
            assert read_access_token(token).user_id == 42
        with keys(JWT_SECRET_KEY="another-" + SECRET_A), pytest.raises(InvalidToken):
            read_access_token(token)

    def test_from_hs256_to_a_key_pair_and_on_to_another(self, tmp_path, ec):
        _, first, first_public = ec
        _, second, _ = key_files(tmp_path, "ed25519", "second")
        from_secret = issued()
        from_first = issued(JWT_PRIVATE_KEY_FILE=first)
        with keys(JWT_PRIVATE_KEY_FILE=second, JWT_PREVIOUS_PUBLIC_KEY_FILES=[first_public]):
            assert (
                read_access_token(from_secret).user_id
                == read_access_token(from_first).user_id
                == 42
            )
        with keys(JWT_SECRET_KEY="", JWT_PRIVATE_KEY_FILE=second):
            for token in (from_secret, from_first):
                with pytest.raises(InvalidToken):
                    read_access_token(token)

    def test_refresh_tokens_rotate_too(self, ec):
        _, private, _ = ec
        with keys():
            refresh = issue_refresh_token(user_id=42, session_id=SESSION).raw
        with keys(JWT_PRIVATE_KEY_FILE=private):
            assert read_refresh_token(refresh).user_id == 42


class TestTheKeyDecidesTheAlgorithm:
    @pytest.mark.parametrize("form", ["PEM", "JWK"])
    @pytest.mark.parametrize("names_the_key", [True, False])
    def test_hs256_signed_with_the_public_key_is_refused(self, ec, form, names_the_key):
        key, private, _ = ec
        with keys(JWT_PRIVATE_KEY_FILE=private):
            token = issue_access_token(user_id=42, session_id=SESSION).raw
            [jwk] = published_keys()["keys"]
            secret = public_pem(key) if form == "PEM" else json.dumps(jwk).encode()
            forged = hmac_forgery(token, secret, **({"kid": jwk["kid"]} if names_the_key else {}))
            with pytest.raises(InvalidToken):
                read_access_token(forged)

    @pytest.mark.parametrize("alg", ["ES384", "EdDSA", "HS256", "none", "es256"])
    def test_a_header_alg_other_than_the_keys_is_refused(self, ec, alg):
        _, private, _ = ec
        with keys(JWT_PRIVATE_KEY_FILE=private):
            token = issue_access_token(user_id=42, session_id=SESSION).raw
            head, body, signature = token.split(".")
            header = {**jwt.get_unverified_header(token), "alg": alg}
            relabelled = jwt.utils.base64url_encode(json.dumps(header).encode()).decode()
            with pytest.raises(InvalidToken):
                read_access_token(f"{relabelled}.{body}.{signature}")

    def test_a_key_pair_token_without_kid_is_refused(self, ec):
        key, private, _ = ec
        token = issued(JWT_PRIVATE_KEY_FILE=private)
        with keys(JWT_PRIVATE_KEY_FILE=private), pytest.raises(InvalidToken):
            read_access_token(resigned(token, key, algorithm="ES256"))

    def test_a_secrets_kid_does_not_let_a_key_pair_token_in(self, ec):
        key, private, _ = ec
        token = issued(JWT_PRIVATE_KEY_FILE=private)
        with keys(JWT_PRIVATE_KEY_FILE=private), pytest.raises(InvalidToken):
            read_access_token(resigned(token, key, algorithm="ES256", kid=secret_kid(SECRET_A)))


class TestIssuerAndAudience:
    WITH_BOTH = {"JWT_ISSUER": "https://auth.example", "JWT_AUDIENCE": "shop"}

    def test_both_are_carried_and_checked(self):
        with keys(**self.WITH_BOTH):
            claims = claims_of(issue_access_token(user_id=42, session_id=SESSION).raw)
            assert (claims["iss"], claims["aud"]) == ("https://auth.example", "shop")
            assert (
                read_access_token(issue_access_token(user_id=42, session_id=SESSION).raw).user_id
                == 42
            )

    @pytest.mark.parametrize(
        "changes",
        [
            {"iss": None},
            {"aud": None},
            {"iss": "https://evil.example"},
            {"aud": "elsewhere"},
            {"aud": ["elsewhere"]},
        ],
        ids=["no iss", "no aud", "other iss", "other aud", "other aud list"],
    )
    def test_a_token_without_them_or_with_others_is_refused(self, changes):
        with keys(**self.WITH_BOTH):
            claims = {
                **claims_of(issue_access_token(user_id=42, session_id=SESSION).raw),
                **changes,
            }
            claims = {name: value for name, value in claims.items() if value is not None}
            token = jwt.encode(
                claims, SECRET_A, algorithm="HS256", headers={"kid": secret_kid(SECRET_A)}
            )
            with pytest.raises(InvalidToken):
                read_access_token(token)

    def test_unset_they_are_not_issued(self):
        assert not {"iss", "aud"} & set(claims_of(issued()))

    def test_a_token_for_some_audience_is_refused_by_a_service_that_names_none(self):
        token = issued(JWT_AUDIENCE="shop")
        with keys(), pytest.raises(InvalidToken):
            read_access_token(token)
