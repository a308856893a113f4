"""The outbox: a mail is a row written in the transaction of the change that causes it.

After that transaction commits (and after the response, inside a request), the mail
is sent; a mail the server refused or could not take waits, and `manage.py
deliver_mail` (a timer on EC2) sends what is due, retrying with a doubling delay.
A sender first claims a mail by moving its next attempt past the claim's end, in one
conditional update, so two senders never send one mail; a sender that dies holding
a claim only delays the mail until the claim ends. A sent mail's row is deleted:
nothing stays to be sent twice, and the codes in its text leave the database.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import audit
from recovery.after_response import after_response
from recovery.backends import mail_connection
from recovery.mails import Rendered
from recovery.models import Mail

log = logging.getLogger("recovery.outbox")

# How long a sender holds a mail it is sending: far longer than EMAIL_TIMEOUT.
CLAIM = timedelta(minutes=5)
FIRST_RETRY = 60  # seconds; doubled after each failure
LAST_RETRY = 60 * 60
BATCH = 100


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    dropped: int = 0


def enqueue(
    *, to: str, rendered: Rendered, kind: str, user_id: int | None, lifetime: int | None = None
) -> Mail:
    """Write a mail to the outbox in the caller's transaction; it is sent after the commit."""
    now = timezone.now()
    mail = Mail.objects.create(
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        kind=kind,
        user_id=user_id,
        created_at=now,
        next_attempt_at=now,
        expires_at=now + timedelta(seconds=lifetime) if lifetime else None,
    )
    transaction.on_commit(lambda: after_response(lambda: deliver(ids=[mail.pk])))
    return mail


def deliver(*, ids: list[int] | None = None) -> Delivery:
    """Send the mails that are due (only `ids`, if given); drop those whose code has expired."""
    now = timezone.now()
    delivery = Delivery(dropped=Mail.objects.filter(expires_at__lte=now).delete()[0])
    due = Mail.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at")
    if ids is not None:
        due = due.filter(pk__in=ids)
    for pk in list(due.values_list("pk", flat=True)[:BATCH]):
        mail = _claimed(pk, now)
        if mail is None:
            continue
        if _sent(mail):
            Mail.objects.filter(pk=pk).delete()
            audit.record("notification_sent", address="", user_id=mail.user_id, kind=mail.kind)
            delivery.sent += 1
        else:
            retry = min(FIRST_RETRY * 2 ** (mail.attempts - 1), LAST_RETRY)
            Mail.objects.filter(pk=pk).update(next_attempt_at=now + timedelta(seconds=retry))
            delivery.failed += 1
    return delivery


def _claimed(pk: int, now) -> Mail | None:
    claimed = Mail.objects.filter(pk=pk, next_attempt_at__lte=now).update(
        next_attempt_at=now + CLAIM, attempts=F("attempts") + 1
    )
    return Mail.objects.filter(pk=pk).first() if claimed else None


def _sent(mail: Mail) -> bool:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        # RFC 3834: no out-of-office replies to a machine's mail.
        headers={"Auto-Submitted": "auto-generated"},
        connection=mail_connection(),
    )
    message.attach_alternative(mail.html, "text/html")
    try:
        message.send()
    except Exception as exc:  # any failure of the mail server leaves the mail waiting
        Mail.objects.filter(pk=mail.pk).update(last_error=type(exc).__name__[:200])
        log.warning("mail not sent", extra={"mail_id": mail.pk, "error": type(exc).__name__})
        return False
    return True
