from rest_framework import serializers

from accounts.serializers import MfaCodeField, PasswordField
from api.fields import StrictCharField


class TotpEnrolmentInputSerializer(serializers.Serializer):
    password = PasswordField()


class TotpEnrolmentOutputSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The TOTP secret, base32: shown this once.")
    otpauth_uri = serializers.CharField(help_text="The same secret as an otpauth:// URI (QR code).")


class TotpConfirmInputSerializer(serializers.Serializer):
    code = MfaCodeField(help_text="The 6-digit code the authenticator app shows now.")


class RecoveryCodesOutputSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Ten single-use codes for when the authenticator is lost: shown this once.",
    )


class TotpDisableInputSerializer(serializers.Serializer):
    password = PasswordField()
    # Optional here so that its absence is answered MFA_REQUIRED, like every step-up.
    code = MfaCodeField(required=False)


class RecoveryCodesReplaceInputSerializer(serializers.Serializer):
    code = MfaCodeField(required=False)


class LoginMfaInputSerializer(serializers.Serializer):
    mfa_token = StrictCharField(
        max_length=256, trim_whitespace=False, help_text="From the MFA_REQUIRED response."
    )
    code = MfaCodeField()
