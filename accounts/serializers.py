from rest_framework import serializers

from accounts.models import NICKNAME_MAX_LENGTH, USERNAME_MAX_LENGTH
from accounts.roles import Role
from api.fields import StrictCharField

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128


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
    password = PasswordField(min_length=PASSWORD_MIN_LENGTH, help_text="8–128 characters.")
    nickname = StrictCharField(max_length=NICKNAME_MAX_LENGTH, help_text="1–50 characters.")


class SignupOutputSerializer(serializers.Serializer):
    username = serializers.CharField()
    nickname = serializers.CharField()


def signup_output(user) -> dict:
    """What `SignupOutputSerializer(user).data` gives, built by hand like `me_output`."""
    return {"username": user.username, "nickname": user.nickname}


class LoginInputSerializer(serializers.Serializer):
    username = UsernameField()
    # No minimum here: a login only checks a password, it never judges one.
    password = PasswordField()


class LoginOutputSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Access token (JWT): `Authorization: Bearer <token>`.")
    refresh_token = serializers.CharField(help_text="Presented once to POST /token/refresh.")
    token_type = serializers.CharField(help_text='Always "Bearer".')
    expires_in = serializers.IntegerField(
        help_text="Seconds until the access token expires: its lifetime, or less near the end of the session."
    )


def token_output(pair) -> dict:
    """What `LoginOutputSerializer` gives for a `sessions.TokenPair`, built by hand like `me_output`."""
    return {
        "token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "token_type": "Bearer",
        "expires_in": pair.expires_in,
    }


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
    new_password = PasswordField(min_length=PASSWORD_MIN_LENGTH, help_text="8–128 characters.")
    mfa_code = StepUpField()


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
    a test keeps the two the same. The responses to a login and a sign-up are built
    the same way, for the same reason.
    """
    profile = {
        "id": user.pk,
        "username": user.username,
        "nickname": user.nickname,
        "roles": user.roles,
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


class PublicKeyOutputSerializer(serializers.Serializer):
    """One public key as a JWK (RFC 7517); never a secret or a private part."""

    kty = serializers.ChoiceField(choices=["EC", "OKP"], help_text="EC for P-256, OKP for Ed25519.")
    crv = serializers.ChoiceField(choices=["P-256", "Ed25519"])
    x = serializers.CharField(help_text="Public key coordinate, base64url.")
    y = serializers.CharField(required=False, help_text="EC keys only: the second coordinate.")
    kid = serializers.CharField(
        help_text="The key's RFC 7638 thumbprint; a token's header names it."
    )
    alg = serializers.ChoiceField(
        choices=["ES256", "EdDSA"], help_text="The one algorithm this key verifies."
    )
    use = serializers.ChoiceField(choices=["sig"])


class SigningKeysOutputSerializer(serializers.Serializer):
    keys = PublicKeyOutputSerializer(
        many=True, help_text="Empty while tokens are signed with HS256 only."
    )
