"""Encrypt every stored TOTP secret again with the current MFA_SECRET_KEY (the rotation's last step)."""

from django.core.management.base import BaseCommand

from mfa import encryption
from mfa.models import TotpDevice


class Command(BaseCommand):
    help = (
        "Encrypt every TOTP secret with MFA_SECRET_KEY; afterwards the keys in "
        "MFA_PREVIOUS_SECRET_KEYS are no longer needed."
    )

    def handle(self, *args, **options):
        changed = 0
        for device in TotpDevice.objects.only("pk", "secret").iterator():
            secret = encryption.reencrypt(device.secret)
            if secret != device.secret:
                # Only if no one changed it meanwhile (a new enrolment): never overwrite that.
                changed += TotpDevice.objects.filter(pk=device.pk, secret=device.secret).update(
                    secret=secret
                )
        self.stdout.write(f"re-encrypted {changed} secret(s)")
