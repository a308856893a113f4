"""The key ring: which key signs, which verify, their kids, and unusable key files."""

import base64
import hashlib
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.core.exceptions import ImproperlyConfigured

from tests.fresh_process import start_django
from tests.keypairs import (
    SECRET_A,
    SECRET_B,
    b64,
    key_files,
    keys,
    new_key,
    pem_body,
    private_pem,
    public_pem,
    write,
)
from tokens.keys import jwk_members, key_ring, published_keys, secret_kid, thumbprint


def public_pem_of(public) -> bytes:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class TestKids:
    def test_a_secret_is_named_without_being_revealed(self):
        kid = secret_kid(SECRET_A)
        assert kid == secret_kid(SECRET_A) and kid != secret_kid(SECRET_B)
        plain_hashes = {
            b64(hashlib.sha256(SECRET_A.encode()).digest()),
            hashlib.sha256(SECRET_A.encode()).hexdigest(),
        }
        assert not any(kid.removeprefix("hs-") in plain for plain in plain_hashes)
        assert SECRET_A[:8] not in kid

    def test_ed25519_thumbprint_matches_rfc_8037(self):
        # RFC 8037 Appendix A.2 (the public key) and A.3 (its RFC 7638 thumbprint).
        raw = base64.urlsafe_b64decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        public = ed25519.Ed25519PublicKey.from_public_bytes(raw)
        assert thumbprint(jwk_members(public)) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"

    def test_ec_kid_is_the_thumbprint_of_the_published_key(self, tmp_path):
        _, private, _ = key_files(tmp_path, "ec")
        with keys(JWT_PRIVATE_KEY_FILE=private):
            [jwk] = published_keys()["keys"]
        required = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
        canonical = '{"crv":"%(crv)s","kty":"%(kty)s","x":"%(x)s","y":"%(y)s"}' % required
        assert jwk["kid"] == b64(hashlib.sha256(canonical.encode()).digest())


class TestPublishedKeys:
    def test_hs256_alone_publishes_nothing(self):
        with keys(JWT_PREVIOUS_SECRET_KEYS=[SECRET_B]):
            assert published_keys() == {"keys": []}

    @pytest.mark.parametrize(
        ("kind", "alg", "members"),
        [
            ("ec", "ES256", {"kty", "crv", "x", "y", "kid", "alg", "use"}),
            ("ed25519", "EdDSA", {"kty", "crv", "x", "kid", "alg", "use"}),
        ],
    )
    def test_a_key_pair_is_published_without_its_private_part(self, tmp_path, kind, alg, members):
        key, private, _ = key_files(tmp_path, kind)
        with keys(JWT_PRIVATE_KEY_FILE=private):
            [jwk] = published_keys()["keys"]
        assert set(jwk) == members and (jwk["alg"], jwk["use"]) == (alg, "sig")
        # Another implementation reads back the very same public key.
        assert public_pem_of(jwt.PyJWK.from_dict(jwk).key) == public_pem(key)

    def test_the_signing_key_comes_first_then_the_retired_ones(self, tmp_path):
        _, current, _ = key_files(tmp_path, "ec", "current")
        _, _, retired_public = key_files(tmp_path, "ed25519", "retired")
        with keys(
            JWT_PRIVATE_KEY_FILE=current,
            JWT_PREVIOUS_PUBLIC_KEY_FILES=[retired_public, retired_public],
        ):
            ring = key_ring()
            assert [jwk["alg"] for jwk in published_keys()["keys"]] == ["ES256", "EdDSA"]
        assert ring.signing.algorithm == "ES256"


class TestKeyRing:
    def test_hs256_signs_unless_a_private_key_is_named(self, tmp_path):
        _, private, _ = key_files(tmp_path, "ed25519")
        with keys():
            assert key_ring().signing.kid == secret_kid(SECRET_A)
        with keys(JWT_PRIVATE_KEY_FILE=private):
            ring = key_ring()
        assert ring.signing.algorithm == "EdDSA"
        assert [key.kid for key in ring.secrets] == [secret_kid(SECRET_A)]

    def test_every_secret_verifies_tokens_without_kid(self):
        with keys(JWT_SECRET_KEY=SECRET_B, JWT_PREVIOUS_SECRET_KEYS=[SECRET_A, SECRET_B]):
            ring = key_ring()
        assert [key.kid for key in ring.secrets] == [secret_kid(SECRET_B), secret_kid(SECRET_A)]
        assert set(ring.by_kid) == {secret_kid(SECRET_B), secret_kid(SECRET_A)}

    def test_key_files_are_read_once_per_configuration(self, tmp_path):
        _, private, _ = key_files(tmp_path, "ec")
        with keys(JWT_PRIVATE_KEY_FILE=private):
            first = key_ring()
            Path(private).unlink()  # a request after start-up must not need the file
            assert key_ring() is first
        with keys(JWT_PRIVATE_KEY_FILE=private, JWT_PREVIOUS_SECRET_KEYS=[SECRET_B]):
            with pytest.raises(ImproperlyConfigured):
                key_ring()  # another configuration is read afresh

    def test_nothing_to_sign_with_is_refused(self):
        with (
            keys(JWT_SECRET_KEY=""),
            pytest.raises(ImproperlyConfigured, match="JWT_PRIVATE_KEY_FILE"),
        ):
            key_ring()


class TestUnusableKeys:
    """Each stops start-up with the setting named, and nothing of the key shown."""

    def refusal(self, **settings) -> str:
        with keys(**settings), pytest.raises(ImproperlyConfigured) as caught:
            key_ring()
        error = caught.value
        # No chained error either: a parser's own message could quote what it read.
        assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
        return str(caught.value)

    @pytest.mark.parametrize(("kind", "words"), [("rsa", "RSA"), ("p384", "secp384r1")])
    def test_an_unsupported_private_key(self, tmp_path, kind, words):
        pem = private_pem(new_key(kind))
        message = self.refusal(JWT_PRIVATE_KEY_FILE=write(tmp_path, "key.pem", pem))
        assert "JWT_PRIVATE_KEY_FILE" in message and words in message
        assert not any(line in message for line in pem_body(pem))

    @pytest.mark.parametrize(
        ("content", "words"),
        [
            (None, "cannot read"),
            (b"not a key at all", "not a PEM private key"),
            (private_pem(new_key("ec"), password=b"a passphrase"), "encrypted"),
        ],
        ids=["missing", "garbage", "encrypted"],
    )
    def test_an_unreadable_private_key_file(self, tmp_path, content, words):
        path = write(tmp_path, "key.pem", content) if content else str(tmp_path / "absent.pem")
        message = self.refusal(JWT_PRIVATE_KEY_FILE=path)
        assert message.startswith("JWT_PRIVATE_KEY_FILE") and words in message

    def test_a_private_key_listed_as_a_retired_public_one(self, tmp_path):
        pem = private_pem(new_key("ec"))
        message = self.refusal(JWT_PREVIOUS_PUBLIC_KEY_FILES=[write(tmp_path, "old.pem", pem)])
        assert "JWT_PREVIOUS_PUBLIC_KEY_FILES" in message and "private key" in message
        assert not any(line in message for line in pem_body(pem))

    def test_an_rsa_public_key(self, tmp_path):
        _, _, public = key_files(tmp_path, "rsa")
        assert "RSA" in self.refusal(JWT_PREVIOUS_PUBLIC_KEY_FILES=[public])

    def test_a_short_previous_secret(self):
        message = self.refusal(JWT_PREVIOUS_SECRET_KEYS=["short-and-secret"])
        assert "JWT_PREVIOUS_SECRET_KEYS" in message and "short-and-secret" not in message


def test_an_unusable_key_file_stops_the_real_start_up(tmp_path):
    pem = private_pem(new_key("rsa"))
    result = start_django(
        SECRET_KEY="k" * 40,
        MFA_SECRET_KEY="m" * 40,
        JWT_PRIVATE_KEY_FILE=write(tmp_path, "rsa.pem", pem),
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: JWT_PRIVATE_KEY_FILE" in result.stderr
    assert not any(line in result.stderr for line in pem_body(pem))


def test_a_private_key_file_alone_is_enough_to_start(tmp_path):
    _, private, _ = key_files(tmp_path, "ec")
    result = start_django(
        SECRET_KEY="k" * 40, MFA_SECRET_KEY="m" * 40, JWT_PRIVATE_KEY_FILE=private
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
