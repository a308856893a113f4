from django.conf import settings
from django.db import models
from django.utils import timezone


class Purpose(models.TextChoices):
    RESET = "reset"
    VERIFY = "verify"


class OneTimeCode(models.Model):
    """A code sent by mail, kept only as its SHA-256; deleted when spent or voided."""

    digest = models.CharField(max_length=64, primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    # A verification code proves this address; it verifies no other.
    email = models.EmailField(blank=True)
    # A reset code: the fingerprint of the password it was sent for. Once the password
    # changes, by any path, the code no longer matches it and is void.
    password_stamp = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "recovery_one_time_code"
        indexes = [models.Index(fields=["user", "purpose"], name="recovery_code_user_purpose")]


class Mail(models.Model):
    """One mail in the outbox: written with the change that causes it, deleted once sent."""

    to = models.EmailField()
    subject = models.CharField(max_length=255)
    text = models.TextField()
    html = models.TextField()
    kind = models.CharField(max_length=32)
    user_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A mail carrying a code is useless once the code has expired: it is dropped then, unsent.
    expires_at = models.DateTimeField(null=True)
    attempts = models.PositiveIntegerField(default=0)
    # Due from then: the next retry, or the end of a sender's claim on it.
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "recovery_mail"
