"""Turning TOTP on and off, and replacing recovery codes. No HTTP here: views call these."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import audit, services
from accounts.exceptions import InvalidCode, MfaRequired
from accounts.models import User
from mfa import codes, encryption, recovery, totp
from mfa.exceptions import MfaAlreadyEnabled, MfaEnrolmentNotStarted, MfaNotEnabled
from mfa.models import TotpDevice


@dataclass(frozen=True)
class Enrolment:
    secret: str
    otpauth_uri: str


def start_enrolment(
    *, user: User, password: str, address: str = "", session_id: str | None = None
) -> Enrolment:
    """A new secret for the member's authenticator; nothing is on until it is confirmed.

    Starting again before confirming replaces the secret: only the latest QR code works.
    """
    services.check_password(user=user, password=password, address=address, session_id=session_id)
    if codes.confirmed_device(user):
        raise MfaAlreadyEnabled()
    secret = totp.new_secret()
    TotpDevice.objects.update_or_create(
        user=user,
        defaults={
            "secret": encryption.encrypt(secret),
            "confirmed_at": None,
            "last_used_step": 0,
            "recovery_code_hashes": [],
        },
    )
    uri = totp.provisioning_uri(secret, account=user.username, issuer=settings.MFA_ISSUER)
    return Enrolment(secret=secret, otpauth_uri=uri)


def confirm_enrolment(
    *, user: User, code: str, address: str = "", session_id: str | None = None
) -> list[str]:
    """Turn TOTP on with a code from the new secret; the recovery codes, shown this once."""
    device = TotpDevice.objects.filter(user=user).first()
    if device is None:
        raise MfaEnrolmentNotStarted()
    if device.confirmed_at is not None:
        raise MfaAlreadyEnabled()
    check = codes.counted(user, address=address, session_id=session_id)
    step = totp.matching_step(encryption.decrypt(device.secret), code)
    if not codes.spend_step(device, step):
        audit.record("mfa_failed", address=address, user_id=user.pk, session_id=session_id)
        raise InvalidCode()
    check.succeeded()
    new_codes = recovery.new_codes()
    device.confirmed_at = timezone.now()
    device.recovery_code_hashes = [recovery.hashed(c, user_id=user.pk) for c in new_codes]
    with transaction.atomic():  # the profile's summary changes with the device, never apart
        device.save(update_fields=["confirmed_at", "recovery_code_hashes"])
        codes.write_summary(user.pk, recovery_codes=len(new_codes))
    audit.record("mfa_enrolled", address=address, user_id=user.pk, session_id=session_id)
    return new_codes


def disable(
    *,
    user: User,
    password: str,
    code: str | None = None,
    address: str = "",
    session_id: str | None = None,
) -> None:
    """Turn TOTP off, with the password and a code (TOTP or recovery); the recovery codes go too."""
    if codes.confirmed_device(user) is None:
        raise MfaNotEnabled()
    services.check_password(user=user, password=password, address=address, session_id=session_id)
    _check_step_up(user, code, address, session_id)
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        codes.write_summary(user.pk, recovery_codes=None)
    audit.record("mfa_disabled", address=address, user_id=user.pk, session_id=session_id)


def replace_recovery_codes(
    *, user: User, code: str | None = None, address: str = "", session_id: str | None = None
) -> list[str]:
    """A whole new set of recovery codes; every earlier one stops working."""
    if codes.confirmed_device(user) is None:
        raise MfaNotEnabled()
    _check_step_up(user, code, address, session_id)
    new_codes = recovery.new_codes()
    hashes = [recovery.hashed(c, user_id=user.pk) for c in new_codes]
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).update(recovery_code_hashes=hashes)
        codes.write_summary(user.pk, recovery_codes=len(hashes))
    audit.record("recovery_codes_replaced", address=address, user_id=user.pk, session_id=session_id)
    return new_codes


def _check_step_up(user: User, code: str | None, address: str, session_id: str | None) -> None:
    if not code:
        raise MfaRequired()
    codes.check_code(user=user, code=code, address=address, session_id=session_id)
