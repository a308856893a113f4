from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "tokens"

    def ready(self):
        # Read and check the key files now, so an unusable one stops start-up with its
        # setting named, rather than failing the first login. gunicorn preloads the app,
        # so its workers inherit the parsed keys.
        from tokens.keys import key_ring

        key_ring()

        from django.core.signals import setting_changed

        from tokens.verified_tokens import forget_on_jwt_settings_change

        setting_changed.connect(forget_on_jwt_settings_change)
