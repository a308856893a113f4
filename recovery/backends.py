"""Where mail goes: an SMTP server when EMAIL_HOST is set, else one .eml file per mail."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


def mail_connection():
    """Chosen here, from EMAIL_HOST, not from EMAIL_BACKEND, which test runners replace."""
    if settings.EMAIL_HOST:
        return get_connection("django.core.mail.backends.smtp.EmailBackend", fail_silently=False)
    return get_connection("recovery.backends.EmlFileBackend", folder=settings.MAIL_DIR)


class EmlFileBackend(BaseEmailBackend):
    """Writes each mail as `<time>-<id>.eml` in a folder: any mail program opens it.

    Django's own file backend appends every mail of a process to one .log file.
    """

    def __init__(self, *, folder: Path, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(folder)

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (self.folder / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
        return len(email_messages)
