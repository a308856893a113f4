"""TOTP secrets at rest: encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from `cryptography`).

MFA_SECRET_KEY encrypts; it and MFA_PREVIOUS_SECRET_KEYS decrypt (MultiFernet),
so the key can be rotated: add the new key, move the old one to the previous
list, run `manage.py reencrypt_mfa_secrets`, then drop the old key
(docs/operations.md). The settings hold any long random text, like the other
keys; HKDF turns each into the 32-byte key Fernet wants.
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PURPOSE = b"authapi: TOTP secrets at rest"


def encrypt(secret: str) -> str:
    return _cipher(*_keys()).encrypt(secret.encode()).decode()


def decrypt(stored: str) -> str:
    return _cipher(*_keys()).decrypt(stored.encode()).decode()


def reencrypt(stored: str) -> str:
    """The same secret, encrypted with the current key (unchanged if it already is)."""
    return _cipher(*_keys()).rotate(stored.encode()).decode()


def _keys() -> tuple[str, ...]:
    # Read at call time, so a changed setting applies without a restart of the module.
    return (settings.MFA_SECRET_KEY, *settings.MFA_PREVIOUS_SECRET_KEYS)


@lru_cache(maxsize=4)
def _cipher(*keys: str) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def _fernet_key(setting: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE)
    return base64.urlsafe_b64encode(derived.derive(setting.encode()))
