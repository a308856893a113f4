"""Checking a second-factor code: a TOTP code, or a recovery code, each accepted once.

Every check counts under the member's login limits (accounts.limits) before
it runs, exactly like a password check: wrong codes add up, a right one forgives
them. So the million six-digit codes cannot be walked, from one address or many.
"""

from django.db import transaction

from accounts import audit, limits, signals
from accounts.exceptions import InvalidCode
from accounts.models import User
from accounts.usernames import username_key
from api.exceptions import TooManyRequests
from mfa import encryption, recovery, totp
from mfa.models import TotpDevice

OTP = "otp"
RECOVERY_CODE = "recovery_code"


def write_summary(user_id: int, *, recovery_codes: int | None) -> None:
    """What the member's profile shows (accounts' User.second_factor); None: no second factor."""
    summary = (
        {} if recovery_codes is None else {"totp": True, "recovery_codes_remaining": recovery_codes}
    )
    User.objects.filter(pk=user_id).update(second_factor=summary)


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user_id=user.pk, confirmed_at__isnull=False).first()


def check_code(*, user: User, code: str, address: str, session_id: str | None = None) -> str:
    """How the member proved the factor (OTP or RECOVERY_CODE); raise InvalidCode otherwise."""
    check = counted(user, address=address, session_id=session_id)
    device = confirmed_device(user)
    method = accepted(device, code) if device else None
    if method is None:
        audit.record("mfa_failed", address=address, user_id=user.pk, session_id=session_id)
        raise InvalidCode()
    check.succeeded()
    audit.record(
        "mfa_succeeded", address=address, user_id=user.pk, session_id=session_id, method=method
    )
    if method == RECOVERY_CODE:
        audit.record("recovery_code_used", address=address, user_id=user.pk, session_id=session_id)
    return method


def counted(user: User, *, address: str, session_id: str | None = None):
    """Count one code check under the login limits; raise TooManyRequests past them."""
    key = username_key(user.username)
    try:
        return limits.count_password_check(username_key=key, address=address)
    except TooManyRequests as refusal:
        audit.record(
            "login_limited",
            address=address,
            user_id=user.pk,
            session_id=session_id,
            username_key=key,
            limit=refusal.limit,
        )
        raise


def accepted(device: TotpDevice, code: str) -> str | None:
    if spend_step(device, totp.matching_step(encryption.decrypt(device.secret), code)):
        return OTP
    if recovery.looks_like_one(code) and _spend_recovery_code(device, code):
        return RECOVERY_CODE
    return None


def spend_step(device: TotpDevice, step: int | None) -> bool:
    """Mark the step used, if it is later than any used before; of two racing uses, one wins."""
    if step is None or step <= device.last_used_step:
        return False
    spent = TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
        last_used_step=step
    )
    return spent == 1


def _spend_recovery_code(device: TotpDevice, code: str) -> bool:
    digest = recovery.hashed(code, user_id=device.pk)
    with transaction.atomic():
        row = TotpDevice.objects.select_for_update().filter(pk=device.pk).first()
        if row is None or digest not in row.recovery_code_hashes:
            return False
        row.recovery_code_hashes = [h for h in row.recovery_code_hashes if h != digest]
        row.save(update_fields=["recovery_code_hashes"])
        remaining = len(row.recovery_code_hashes)
        write_summary(row.pk, recovery_codes=remaining)
        signals.recovery_code_used.send(sender=TotpDevice, user_id=row.pk, remaining=remaining)
    return True
