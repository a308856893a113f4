"""The half-login: a right password waiting for its second factor (the `mfa_token`).

Single use, five minutes, bound to the member and to the password hash checked,
and dead after five wrong codes. The token is 256 random bits and only its
SHA-256 is stored, like a refresh token's id.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts import services
from accounts.exceptions import InvalidCode
from accounts.models import User
from accounts.sessions import TokenPair
from mfa import codes
from mfa.models import HalfLogin
from tokens.exceptions import InvalidToken, TokenExpired

LIFETIME = 5 * 60
MAX_WRONG_CODES = 5


def begin(user: User) -> str:
    """A new half-login for the member; the token goes to the client, once."""
    now = timezone.now()
    HalfLogin.objects.filter(expires_at__lte=now).delete()
    token = secrets.token_urlsafe(32)
    HalfLogin.objects.create(
        token_hash=_hash(token),
        user=user,
        password_fingerprint=_password_fingerprint(user),
        expires_at=now + timedelta(seconds=LIFETIME),
    )
    return token


def finish(*, mfa_token: str, code: str, address: str = "", user_agent: str = "") -> TokenPair:
    """The session of a half-login whose code is right; the token is spent either way it ends."""
    half = _live_half_login(mfa_token)
    try:
        codes.check_code(user=half.user, code=code, address=address)
    except InvalidCode:
        _count_wrong_code(half)
        raise
    if not HalfLogin.objects.filter(pk=half.pk).delete()[0]:
        raise InvalidToken()  # a racing request with the same token finished it first
    # A recovery code is a one-time password too (NIST's "look-up secret"): both say "otp".
    return services.start_login(
        user=half.user, address=address, user_agent=user_agent, amr=("pwd", "otp")
    )


def _live_half_login(mfa_token: str) -> HalfLogin:
    half = HalfLogin.objects.select_related("user").filter(token_hash=_hash(mfa_token)).first()
    if half is None:
        raise InvalidToken()
    if half.expires_at <= timezone.now():
        half.delete()
        raise TokenExpired()
    fingerprint = _password_fingerprint(half.user)
    if not half.user.is_active or not constant_time_compare(fingerprint, half.password_fingerprint):
        half.delete()  # the password changed, or the account was closed, since it was checked
        raise InvalidToken()
    return half


def _count_wrong_code(half: HalfLogin) -> None:
    HalfLogin.objects.filter(pk=half.pk).update(failures=F("failures") + 1)
    HalfLogin.objects.filter(pk=half.pk, failures__gte=MAX_WRONG_CODES).delete()


def _password_fingerprint(user: User) -> str:
    return salted_hmac("mfa.half_login", user.password, algorithm="sha256").hexdigest()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
