"""Key pairs on disk: reading the PEM files the settings name, and making new ones.

Two kinds are supported, each bound to one JWS algorithm: EC keys on P-256 (ES256)
and Ed25519 keys (EdDSA). A file that cannot be used stops start-up with an error
that names the setting and the file, never anything read from it.
"""

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from django.core.exceptions import ImproperlyConfigured

ES256 = "ES256"
EDDSA = "EdDSA"
KINDS = {"ec": "EC P-256", "ed25519": "Ed25519"}
SUPPORTED = "only EC P-256 (ES256) and Ed25519 (EdDSA) keys are supported"
# A PEM key of either kind is a few hundred bytes; a larger file is the wrong file.
MAX_KEY_FILE_BYTES = 64 * 1024

PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey


def read_private_key(path: str, *, setting: str) -> PrivateKey:
    """The key in a PEM file; whether its kind is supported is `algorithm_of`'s question."""
    data = _read(path, setting)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:  # cryptography's word for a key that needs a password
        raise ImproperlyConfigured(
            f"{setting}: {path} is encrypted; use an unencrypted key file."
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise ImproperlyConfigured(f"{setting}: {path} is not a PEM private key.") from None
    return key


def read_public_key(path: str, *, setting: str) -> PublicKey:
    data = _read(path, setting)
    if b"PRIVATE KEY" in data:
        # Retired keys are kept by their public half only: a private one could still sign.
        raise ImproperlyConfigured(
            f"{setting}: {path} holds a private key; list its public key instead "
            f"(`openssl pkey -in KEY -pubout`, or the .pub file that manage.py signingkey wrote)."
        )
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise ImproperlyConfigured(f"{setting}: {path} is not a PEM public key.") from None
    return key


def algorithm_of(key, *, setting: str = "key", path: str = "") -> str:
    """The one algorithm a public key verifies; any other kind of key is refused."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        return EDDSA
    if isinstance(key, ec.EllipticCurvePublicKey):
        if isinstance(key.curve, ec.SECP256R1):
            return ES256
        raise ImproperlyConfigured(
            f"{setting}: {path} holds an EC key on {key.curve.name}; {SUPPORTED}."
        )
    kind = type(key).__name__.removeprefix("_").removesuffix("PublicKey") or "unknown"
    raise ImproperlyConfigured(f"{setting}: {path} holds an unsupported {kind} key; {SUPPORTED}.")


def new_private_key(kind: str) -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    raise ValueError(f"unknown key type {kind!r}")


def private_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _read(path: str, setting: str) -> bytes:
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{setting}: cannot read {path} ({exc.strerror or 'unreadable'})."
        ) from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise ImproperlyConfigured(f"{setting}: {path} is too large to be a key file.")
    return data
