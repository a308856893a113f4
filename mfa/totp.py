"""TOTP codes (RFC 6238): 6 digits, 30-second steps, SHA-1, as every authenticator app does.

pyotp computes the codes: it is small, maintained, and does exactly RFC 4226/6238,
which is less to get wrong than HMAC truncation of our own. What it does not do
is say which step a code belongs to; `matching_step` does, so the caller can
refuse a second use of the same step (RFC 6238 §5.2).
"""

import hmac
import time

import pyotp

DIGITS = 6
STEP_SECONDS = 30
# Steps of clock drift accepted either way (RFC 6238 §5.2 recommends at most one).
DRIFT_STEPS = 1


def new_secret() -> str:
    """160 random bits, base32: the length RFC 4226 recommends for HMAC-SHA1."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads from a QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer
    )


def matching_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The step whose code `code` is, within the drift allowed; None if it is no such code."""
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_at(secret: str, timestamp: float) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(timestamp)
