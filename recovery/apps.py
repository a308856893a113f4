from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    """Recovery by mail: an address on the account, its verification, password resets, notices."""

    name = "recovery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from accounts.signals import password_replaced, recovery_code_used
        from api.metrics import register_collector
        from recovery import after_response, notices
        from recovery.metrics import OutboxCollector

        request_started.connect(after_response.request_started, dispatch_uid="recovery.started")
        request_finished.connect(after_response.request_finished, dispatch_uid="recovery.finished")
        password_replaced.connect(notices.password_replaced, dispatch_uid="recovery.password")
        recovery_code_used.connect(notices.recovery_code_used, dispatch_uid="recovery.codes")
        register_collector(OutboxCollector())
