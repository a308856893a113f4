from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rest_framework import exceptions as drf

        # schema registers the OpenAPI auth extension; audit and throttling list their
        # metrics at zero, so that they are there before the first request.
        from accounts import audit, schema, throttling  # noqa: F401
        from accounts.exceptions import InvalidToken, TokenNotFound
        from api.envelope import translate

        # DRF says "no credentials" and "bad credentials"; the contract says which token problem.
        translate(drf.NotAuthenticated, TokenNotFound)
        translate(drf.AuthenticationFailed, InvalidToken)

        # Read and check the key files now, so an unusable one stops start-up with its
        # setting named, rather than failing the first login. gunicorn preloads the app,
        # so its workers inherit the parsed keys.
        from accounts.keys import key_ring

        key_ring()

        from django.core.signals import setting_changed

        from accounts.verified_tokens import forget_on_jwt_settings_change

        setting_changed.connect(forget_on_jwt_settings_change)
