import unicodedata

from django.contrib.auth.base_user import BaseUserManager
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.serializers import (
    PASSWORD_MIN_LENGTH,
    PasswordField,
    SignupInputSerializer,
    StepUpField,
    UsernameField,
)
from api.fields import CONTROL_CATEGORIES, StrictCharField

CODE_MAX_LENGTH = 256
LOCAL_PART_MAX_LENGTH = 64


class EmailField(serializers.EmailField):
    """An address as typed, its domain lower-cased (domains know no letter case).

    Refused besides what Django's validator refuses: control and format characters (a
    right-to-left override can make an address read as another), and a local part over
    the 64 characters RFC 5321 allows.
    """

    def __init__(self, **kwargs):
        super().__init__(max_length=254, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if any(unicodedata.category(char) in CONTROL_CATEGORIES for char in data):
            self.fail("invalid")
        if len(data.rpartition("@")[0]) > LOCAL_PART_MAX_LENGTH:
            self.fail("invalid")
        return BaseUserManager.normalize_email(super().to_internal_value(data))


class CodeField(StrictCharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=CODE_MAX_LENGTH, help_text="The code from the mail.", **kwargs)


class SignupWithEmailInputSerializer(SignupInputSerializer):
    email = EmailField(
        required=False, help_text="Optional: a verification mail is sent to this address."
    )


class EmailChangeInputSerializer(serializers.Serializer):
    email = EmailField()
    password = PasswordField()
    mfa_code = StepUpField()


class EmailVerifyInputSerializer(serializers.Serializer):
    code = CodeField()


class PasswordForgotInputSerializer(serializers.Serializer):
    email = EmailField(required=False)
    username = UsernameField(required=False)

    def validate(self, data):
        if len(data) != 1:
            raise serializers.ValidationError(
                {"email": [self.error_messages["one_of"]]}, code="one_of"
            )
        return data

    default_error_messages = {"one_of": _("email과 username 중 하나만 보내 주세요.")}


class PasswordResetInputSerializer(serializers.Serializer):
    code = CodeField()
    password = PasswordField(min_length=PASSWORD_MIN_LENGTH, help_text="8–128 characters.")
    mfa_code = StepUpField()


class EmailVerifiedOutputSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The member's address from now on.")


class AcceptedOutputSerializer(serializers.Serializer):
    accepted = serializers.BooleanField(help_text="Always true: the request was taken.")
