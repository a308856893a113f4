from django.db import models
from django.utils import timezone

from accounts.models import User


class TotpDevice(models.Model):
    """A member's authenticator: on once `confirmed_at` is set, pending before.

    `secret` is the TOTP secret encrypted (mfa/encryption.py), never in clear.
    `last_used_step` is the 30-second step of the latest code accepted: a code of
    that step or an earlier one is refused, so no code works twice. The recovery
    codes are kept as SHA-256 hashes on the same row, so a profile reads how many
    remain and a use spends one in a single row update.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="totp_device"
    )
    secret = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)
    recovery_code_hashes = models.JSONField(default=list)

    class Meta:
        db_table = "mfa_totp_device"


class HalfLogin(models.Model):
    """A right password from a member with a second factor, waiting for the code.

    The client holds the `mfa_token`; only its SHA-256 is kept. It is bound to the
    member and to the password hash that was checked: a password changed meanwhile
    voids it. It is deleted when used, and after too many wrong codes.
    """

    token_hash = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    password_fingerprint = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "mfa_half_login"
