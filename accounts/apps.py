from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rest_framework import exceptions as drf

        # schema registers the OpenAPI auth extension; audit and limits list their
        # metrics at zero, so that they are there before the first request.
        from accounts import audit, limits, schema  # noqa: F401
        from api.envelope import translate
        from tokens.exceptions import InvalidToken, TokenNotFound

        # DRF says "no credentials" and "bad credentials"; the contract says which token problem.
        translate(drf.NotAuthenticated, TokenNotFound)
        translate(drf.AuthenticationFailed, InvalidToken)
