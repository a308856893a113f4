"""One-time codes: issued for one member and one purpose, kept as a hash, spent once.

A code is 192 bits from `secrets` (NIST SP 800-63B-4 asks at least 64 for a
look-up secret; OWASP's Forgot Password Cheat Sheet asks for a long random
value), so a fast hash suffices to store it, as for refresh tokens.
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from recovery.exceptions import CodeExpired, InvalidCode
from recovery.models import OneTimeCode, Purpose

CODE_BYTES = 24


def issue(*, user, purpose: Purpose, lifetime: int, email: str = "") -> str:
    """A new code for the member; it voids their open codes of the same purpose."""
    OneTimeCode.objects.filter(user=user, purpose=purpose).delete()
    code = secrets.token_urlsafe(CODE_BYTES)
    OneTimeCode.objects.create(
        digest=digest(code),
        user=user,
        purpose=purpose,
        email=email,
        password_stamp=password_stamp(user) if purpose == Purpose.RESET else "",
        expires_at=timezone.now() + timedelta(seconds=lifetime),
    )
    return code


def redeem(*, code: str, purpose: Purpose) -> OneTimeCode:
    """Spend a code, in the caller's transaction; raise InvalidCode or CodeExpired.

    The code is deleted, and only the caller that deleted it goes on, so of two
    uses racing with one code only one succeeds. A refusal rolls the deletion back
    with the caller's transaction.
    """
    record = peek(code=code, purpose=purpose)
    if not OneTimeCode.objects.filter(pk=record.pk).delete()[0]:
        raise InvalidCode()
    return record


def peek(*, code: str, purpose: Purpose) -> OneTimeCode:
    """The code's record if it would be redeemed now, leaving it unspent; raise as redeem does."""
    record = OneTimeCode.objects.select_related("user").filter(digest=digest(code)).first()
    if record is None or record.purpose != purpose:
        raise InvalidCode()
    if purpose == Purpose.RESET and record.password_stamp != password_stamp(record.user):
        raise InvalidCode()
    if record.expires_at <= timezone.now():
        raise CodeExpired()
    return record


def void(*, user, purpose: Purpose) -> None:
    OneTimeCode.objects.filter(user=user, purpose=purpose).delete()


def purge_expired() -> int:
    return OneTimeCode.objects.filter(expires_at__lte=timezone.now()).delete()[0]


def digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def password_stamp(user) -> str:
    """A fingerprint of the member's password hash: it changes whenever the password does."""
    return hashlib.sha256(user.password.encode()).hexdigest()
