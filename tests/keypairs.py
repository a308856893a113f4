"""Key files for tests, made with `cryptography` directly rather than the code under test."""

import base64
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.test import override_settings

SECRET_A = "secret-a-" + "0123456789abcdef" * 3
SECRET_B = "secret-b-" + "0123456789abcdef" * 3


def keys(**changes):
    """Settings naming exactly these keys, and nothing from elsewhere."""
    chosen = {
        "JWT_SECRET_KEY": SECRET_A,
        "JWT_PREVIOUS_SECRET_KEYS": [],
        "JWT_PRIVATE_KEY_FILE": "",
        "JWT_PREVIOUS_PUBLIC_KEY_FILES": [],
    }
    return override_settings(**{**chosen, **changes})


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_key(kind: str):
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind == "p384":
        return ec.generate_private_key(ec.SECP384R1())
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(kind)


def private_pem(key, password: bytes | None = None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def public_pem(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def write(directory: Path, name: str, data: bytes) -> str:
    path = directory / name
    path.write_bytes(data)
    return str(path)


def key_files(directory: Path, kind: str, name: str = "key") -> tuple[object, str, str]:
    """A new key, and the paths of its private and public PEM files."""
    key = new_key(kind)
    private = write(directory, f"{name}.pem", private_pem(key))
    return key, private, write(directory, f"{name}.pub.pem", public_pem(key))


def pem_body(pem: bytes) -> list[str]:
    """The base64 lines of a PEM file: what an error message must never show."""
    return [line for line in pem.decode().splitlines() if line and not line.startswith("-----")]
