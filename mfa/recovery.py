"""Recovery codes: ten, each 80 random bits, shown once, kept only as hashes, each used once.

80 bits cannot be guessed, so a fast hash is enough (like a refresh token's id,
unlike a password); the member's id goes into it, so equal hashes never reveal
equal codes across members. Codes are compared after dropping dashes, spaces and
case, as people type them.
"""

import hashlib
import secrets

COUNT = 10
# Base32 without padding, grouped by four: "k7q2-mx4d-9p3f-wz6r".
ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
LENGTH = 16  # 16 symbols of 5 bits: 80 bits


def new_codes() -> list[str]:
    return [
        _grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH))) for _ in range(COUNT)
    ]


def hashed(code: str, *, user_id: int) -> str:
    return hashlib.sha256(f"{user_id}:{normalised(code)}".encode()).hexdigest()


def normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def looks_like_one(code: str) -> bool:
    text = normalised(code)
    return len(text) == LENGTH and all(symbol in ALPHABET for symbol in text)


def _grouped(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))
