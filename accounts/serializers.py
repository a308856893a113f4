from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.models import NICKNAME_MAX_LENGTH, USERNAME_MAX_LENGTH
from accounts.passwords import check_new_password
from accounts.roles import Role
from api.fields import StrictCharField

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128


def judged_password(password: str, *, username: str, field: str) -> None:
    """The password rules beyond length (accounts.passwords), as a refusal naming `field`."""
    try:
        check_new_password(password=password, username=username)
    except DjangoValidationError as exc:
        raise serializers.ValidationError({field: exc.messages}) from exc


class UsernameField(StrictCharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=USERNAME_MAX_LENGTH, **kwargs)


class PasswordField(StrictCharField):
    def __init__(self, **kwargs):
        # Spaces at either end are part of a password; they are never trimmed.
        super().__init__(
            trim_whitespace=False,
            allow_control_characters=True,
            max_length=PASSWORD_MAX_LENGTH,
            style={"input_type": "password"},
            write_only=True,
            **kwargs,
        )


class SignupInputSerializer(serializers.Serializer):
    username = UsernameField(help_text="1–150 characters; spaces allowed, case-insensitive.")
    password = PasswordField(
        min_length=PASSWORD_MIN_LENGTH,
        help_text="8–128 characters; not the username, nor containing it.",
    )
    nickname = StrictCharField(max_length=NICKNAME_MAX_LENGTH, help_text="1–50 characters.")

    def validate(self, attrs):
        judged_password(attrs["password"], username=attrs["username"], field="password")
        return attrs


class SignupOutputSerializer(serializers.Serializer):
    username = serializers.CharField()
    nickname = serializers.CharField()


class LoginInputSerializer(serializers.Serializer):
    username = UsernameField()
    # No minimum here: a login only checks a password, it never judges one.
    password = PasswordField()


class LoginOutputSerializer(serializers.Serializer):
    token = serializers.CharField(
        source="access_token", help_text="Access token (JWT): `Authorization: Bearer <token>`."
    )
    refresh_token = serializers.CharField(help_text="Presented once to POST /token/refresh.")
    token_type = serializers.CharField(help_text='Always "Bearer".')
    expires_in = serializers.IntegerField(
        help_text="Seconds until the access token expires: its lifetime, or less near the end of the session."
    )


class TokenRefreshInputSerializer(serializers.Serializer):
    refresh_token = StrictCharField(max_length=4096, trim_whitespace=False)


class TokenRefreshOutputSerializer(LoginOutputSerializer):
    pass


class LogoutInputSerializer(serializers.Serializer):
    refresh_token = StrictCharField(max_length=4096, trim_whitespace=False, required=False)


class SessionsEndedOutputSerializer(serializers.Serializer):
    sessions_ended = serializers.IntegerField(help_text="How many sessions this ended.")


class MfaCodeField(StrictCharField):
    """A code from the member's authenticator app, or one of their recovery codes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A TOTP code (6 digits) or a recovery code.")
        super().__init__(max_length=64, **kwargs)


class StepUpField(MfaCodeField):
    def __init__(self):
        super().__init__(
            required=False,
            help_text="Members with a second factor only: a TOTP code or a recovery code.",
        )


class PasswordChangeInputSerializer(serializers.Serializer):
    current_password = PasswordField()
    new_password = PasswordField(
        min_length=PASSWORD_MIN_LENGTH,
        help_text="8–128 characters; not the username, nor containing it.",
    )

    mfa_code = StepUpField()

    def validate(self, attrs):
        # The view passes the member as context: their username is what the password may not hold.
        username = self.context["user"].username
        judged_password(attrs["new_password"], username=username, field="new_password")
        return attrs


class AccountDeleteInputSerializer(serializers.Serializer):
    password = PasswordField()
    mfa_code = StepUpField()


class AccountDeletedOutputSerializer(serializers.Serializer):
    deleted = serializers.BooleanField()


class SecondFactorOutputSerializer(serializers.Serializer):
    totp = serializers.BooleanField(
        required=False, help_text="Whether logging in needs a TOTP code."
    )
    recovery_codes_remaining = serializers.IntegerField(
        required=False, help_text="Unused recovery codes."
    )


class MeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    nickname = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    email = serializers.EmailField(
        allow_null=True, help_text="The verified address, or null: password resets are mailed here."
    )
    email_pending = serializers.EmailField(
        allow_null=True, help_text="An address waiting for its verification code, or null."
    )
    mfa = SecondFactorOutputSerializer(
        source="second_factor",
        required=False,
        help_text="Only for a member with a second factor on.",
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not data.get("mfa"):
            data.pop("mfa", None)
        return data


class SessionOutputSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The session's id, for DELETE /me/sessions/{id}.")
    created_at = serializers.DateTimeField(help_text="The login that started it.")
    last_used_at = serializers.DateTimeField(help_text="The login or the latest refresh.")
    address = serializers.CharField(help_text="The client address of the login.")
    device = serializers.CharField(help_text='From the user agent: "Chrome 120 on Windows".')
    current = serializers.BooleanField(help_text="True for the session of the calling token.")


class SessionListOutputSerializer(serializers.Serializer):
    sessions = SessionOutputSerializer(many=True)


def me_output(user) -> dict:
    """What `MeOutputSerializer(user).data` gives, built by hand.

    GET /me is the busiest response, and instantiating the serializer cost more
    than the database query behind it. The serializer still documents the shape;
    a test keeps the two the same.
    """
    profile = {
        "id": user.pk,
        "username": user.username,
        "nickname": user.nickname,
        "roles": user.roles,
        "email": user.email,
        "email_pending": user.email_pending,
    }
    if user.second_factor:
        profile["mfa"] = user.second_factor
    return profile


class RolesInputSerializer(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), allow_empty=False, max_length=10
    )


class UserRolesOutputSerializer(serializers.Serializer):
    username = serializers.CharField()
    nickname = serializers.CharField()
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
