from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "mfa"
    verbose_name = "Second factors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import second_factor
        from mfa import schema  # noqa: F401  the OpenAPI descriptions load with the views
        from mfa.policy import TotpPolicy

        # From now on, logging in and the actions that matter ask this app about second factors.
        second_factor.use(TotpPolicy())
