"""The service's signing keys as an operator sets them, for scenarios that change them.

In-process, a scenario sets the very settings an operator would (JWT_SECRET_KEY,
JWT_PREVIOUS_SECRET_KEYS, JWT_PRIVATE_KEY_FILE, JWT_PREVIOUS_PUBLIC_KEY_FILES)
with `override_settings`, and key pairs are written to files as `manage.py
signingkey` would. A live server's keys are its operator's: those scenarios are
tagged @needs-key-change. Keys are made with `cryptography` here, never by the
code under test.
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from django.conf import settings
from django.test import override_settings

# How scenarios name a kind of key, and the algorithm that kind signs with.
KINDS = {
    "a secret": "HS256",
    "another secret": "HS256",
    "a key pair": "ES256",
    "an EC key pair": "ES256",
    "an Ed25519 key pair": "EdDSA",
}


def published_keys(api) -> list[dict]:
    """The service's public keys, as anyone may fetch them."""
    response = api.get("/.well-known/jwks.json")
    assert response.status == 200, response.raw
    return response.body["keys"]


@dataclass(frozen=True)
class SigningKey:
    algorithm: str
    secret: str = ""  # HS256
    private: object = None  # a key pair
    private_file: str = ""
    public_file: str = ""

    @property
    def verifying(self):
        return self.secret or self.private.public_key()

    def has_signed(self, token: str) -> bool:
        """Whether this key's signature holds on the token (its claims aside)."""
        try:
            options = {"verify_exp": False, "verify_aud": False}
            jwt.decode(token, self.verifying, algorithms=[self.algorithm], options=options)
        except jwt.InvalidTokenError:
            return False
        return True


def new_key(kind: str, directory: Path) -> SigningKey:
    algorithm = KINDS[kind]
    if algorithm == "HS256":
        return SigningKey(algorithm, secret=secrets.token_urlsafe(48))
    if algorithm == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
    else:
        private = ed25519.Ed25519PrivateKey.generate()
    name = secrets.token_hex(4)
    private_file, public_file = directory / f"{name}.pem", directory / f"{name}.pub.pem"
    pem = serialization.Encoding.PEM
    private_file.write_bytes(
        private.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    public_file.write_bytes(
        private.public_key().public_bytes(pem, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return SigningKey(
        algorithm, private=private, private_file=str(private_file), public_file=str(public_file)
    )


class ServiceKeys:
    """The keys the in-process service signs and verifies with; put back after the scenario."""

    def __init__(self, directory: Path):
        self._directory = directory
        self._override = None
        # What signs before any scenario changes it: the test settings' own secret.
        self.current = SigningKey("HS256", secret=settings.JWT_SECRET_KEY)
        self.kept: list[SigningKey] = []

    def move_to(self, kind: str, *, keep_old: bool) -> SigningKey:
        """Sign with a new key; the ones before keep verifying only if `keep_old`."""
        self.kept = [self.current, *self.kept] if keep_old else []
        self.current = new_key(kind, self._directory)
        self._apply()
        return self.current

    def stop(self) -> None:
        if self._override is not None:
            self._override.disable()
            self._override = None

    def _apply(self) -> None:
        """Set the settings exactly as docs/keys.md tells an operator to."""
        every = [self.current, *self.kept]
        secrets_in_order = [key.secret for key in every if key.secret]
        self.stop()
        self._override = override_settings(
            JWT_SECRET_KEY=secrets_in_order[0] if secrets_in_order else "",
            JWT_PREVIOUS_SECRET_KEYS=secrets_in_order[1:],
            JWT_PRIVATE_KEY_FILE=self.current.private_file,
            JWT_PREVIOUS_PUBLIC_KEY_FILES=[key.public_file for key in self.kept if key.public_file],
        )
        self._override.enable()
