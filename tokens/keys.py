"""The signing keys: the one that signs new tokens, every one that still verifies, and
the public ones that other services may fetch.

Each key is named by a `kid`, which every token carries in its header, and allows
exactly one algorithm: the key decides how a token is checked, never the token's
own header (RFC 8725 §3.1). An HS256 secret is named by a keyed hash that does
not reveal it; a key pair by its public key's RFC 7638 thumbprint.

The settings are read on every call, so `override_settings` just works, but the
key files are read and parsed once per distinct configuration: checking a token
costs no file access and no key parsing.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tokens import keyfiles

HS256 = "HS256"
MINIMUM_SECRET_BYTES = 32  # RFC 7518 §3.2
# A fixed label, so a secret's kid is a hash made for naming it and nothing else.
SECRET_KID_LABEL = b"authapi signing key id"


@dataclass(frozen=True)
class Key:
    kid: str
    algorithm: str
    verifying: object  # an HS256 secret, or a public key
    signing: object = field(default=None, repr=False)  # None: this key only verifies
    jwk: dict | None = None  # what the JWKS publishes; None for a secret


@dataclass(frozen=True)
class KeyRing:
    signing: Key
    by_kid: dict[str, Key]
    # Tokens issued before kids existed name no key; only an HS256 secret can have signed them.
    secrets: tuple[Key, ...]

    @property
    def published(self) -> list[dict]:
        return [key.jwk for key in self.by_kid.values() if key.jwk is not None]

    def verifying_keys(self, header: dict) -> tuple[Key, ...]:
        """The keys that may have signed a token with this (unverified) header: none, one, or the secrets."""
        if "kid" not in header:
            # Issued before tokens named their key: only an HS256 secret can have signed it.
            return self.secrets
        key = self.by_kid.get(header["kid"]) if isinstance(header["kid"], str) else None
        # The kid chooses the key, and the key allows one algorithm: an HS256 token "signed"
        # with a public key's PEM or JWK as its secret names that key and finds none here.
        if key is None or header.get("alg") != key.algorithm:
            return ()
        return (key,)


def key_ring() -> KeyRing:
    """The keys as the settings name them now; raises ImproperlyConfigured if unusable."""
    return _build(
        settings.JWT_SECRET_KEY or "",
        tuple(settings.JWT_PREVIOUS_SECRET_KEYS),
        settings.JWT_PRIVATE_KEY_FILE or "",
        tuple(settings.JWT_PREVIOUS_PUBLIC_KEY_FILES),
    )


def published_keys() -> dict:
    """The JWK Set of every public key that verifies tokens, the signing one first."""
    return {"keys": key_ring().published}


@lru_cache(maxsize=8)
def _build(secret: str, previous_secrets: tuple, private_file: str, public_files: tuple) -> KeyRing:
    secrets = [
        *([secret_key(secret, setting="JWT_SECRET_KEY")] if secret else []),
        *(secret_key(value, setting="JWT_PREVIOUS_SECRET_KEYS") for value in previous_secrets),
    ]
    pairs = [
        *([signing_pair_key(private_file)] if private_file else []),
        *(retired_pair_key(path) for path in public_files),
    ]
    if private_file:
        signing = pairs[0]
    elif secret:
        signing = secrets[0]
    else:
        raise ImproperlyConfigured(
            "Set JWT_SECRET_KEY or JWT_PRIVATE_KEY_FILE: nothing can sign tokens."
        )
    by_kid = {}
    for key in [signing, *pairs, *secrets]:
        by_kid.setdefault(key.kid, key)
    return KeyRing(
        signing=signing, by_kid=by_kid, secrets=tuple({key.kid: key for key in secrets}.values())
    )


def secret_key(secret: str, *, setting: str) -> Key:
    if len(secret.encode()) < MINIMUM_SECRET_BYTES:
        raise ImproperlyConfigured(
            f"{setting}: every key must be at least {MINIMUM_SECRET_BYTES} bytes long."
        )
    return Key(kid=secret_kid(secret), algorithm=HS256, verifying=secret, signing=secret)


def signing_pair_key(path: str) -> Key:
    private = keyfiles.read_private_key(path, setting="JWT_PRIVATE_KEY_FILE")
    return _pair_key(private.public_key(), private, setting="JWT_PRIVATE_KEY_FILE", path=path)


def retired_pair_key(path: str) -> Key:
    """A retired key pair, by its public key: it verifies tokens it signed, and signs nothing."""
    public = keyfiles.read_public_key(path, setting="JWT_PREVIOUS_PUBLIC_KEY_FILES")
    return _pair_key(public, None, setting="JWT_PREVIOUS_PUBLIC_KEY_FILES", path=path)


def _pair_key(public, private, *, setting: str, path: str) -> Key:
    algorithm = keyfiles.algorithm_of(public, setting=setting, path=path)
    members = jwk_members(public)
    kid = thumbprint(members)
    jwk = {**members, "kid": kid, "alg": algorithm, "use": "sig"}
    return Key(kid=kid, algorithm=algorithm, verifying=public, signing=private, jwk=jwk)


def secret_kid(secret: str) -> str:
    """A name for an HS256 secret that tells nothing about it: a truncated HMAC of a label."""
    digest = hmac.new(secret.encode(), SECRET_KID_LABEL, hashlib.sha256).digest()
    return "hs-" + _b64(digest[:12])


def jwk_members(public) -> dict:
    """The members of a public key's JWK that RFC 7638 hashes, in the order JWKs show them."""
    if isinstance(public, ed25519.Ed25519PublicKey):
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64(public.public_bytes_raw())}
    if isinstance(public, ec.EllipticCurvePublicKey) and isinstance(public.curve, ec.SECP256R1):
        numbers = public.public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64(numbers.x.to_bytes(32, "big")),
            "y": _b64(numbers.y.to_bytes(32, "big")),
        }
    raise ValueError("not an EC P-256 or Ed25519 public key")


def thumbprint(members: dict) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, without whitespace."""
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _b64(hashlib.sha256(canonical.encode()).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
