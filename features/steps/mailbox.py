"""The mail the scenarios read, as a member would: by address, subject and text.

In-process the mail comes from the SMTP server the scenarios started
(features/steps/mail_sink.py); live, from the folder where the SMTP sink beside the
server writes it (API_MAIL_DIR). Live mail arrives a moment after the response, so
the mailbox waits for it, a few seconds at most.
"""

import re
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import getaddresses

# Each kind of mail by the title its subject ends with, in Korean and in English: the steps'
# own copy, never read from the code.
KINDS = {
    "verification": ("이메일 주소를 확인해 주세요", "Confirm your email address"),
    "reset": ("비밀번호 재설정", "Reset your password"),
    "password changed": ("비밀번호가 변경되었습니다", "Your password was changed"),
    "address changed": ("이메일 주소가 변경되었습니다", "Your email address was changed"),
    "recovery code used": ("복구 코드가 사용되었습니다", "A recovery code was used"),
}
# A code: at least 128 bits of URL-safe base64 (22 characters), alone on its line.
CODE_LINE = re.compile(r"[A-Za-z0-9_-]{22,}")
LIVE_WAIT = 15.0  # seconds for a mail to arrive from a live server
QUIET_WAIT = 3.0  # seconds a live mailbox is watched before saying no mail came


class Mailbox:
    def __init__(self, read: Callable[[], list[EmailMessage]], *, live: bool):
        self._read = read
        self._live = live

    def mails(self, address: str, kind: str | None = None) -> list[EmailMessage]:
        """The mails to `address` (in any letter case), oldest first; only of `kind`, if given."""
        return [
            mail
            for mail in self._read()
            if address.lower() in {to.lower() for _name, to in getaddresses([mail["To"]])}
            and (kind is None or kind_of(mail) == kind)
        ]

    def wait_for(self, address: str, kind: str, count: int = 1) -> list[EmailMessage]:
        """At least `count` mails of `kind` to `address`, waiting for them when live."""
        deadline = time.monotonic() + (LIVE_WAIT if self._live else 0)
        while len(found := self.mails(address, kind)) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(found) >= count, f"{count} {kind} mail(s) to {address}: {len(found)} came"
        return found

    def settled(self, address: str, kind: str | None = None) -> list[EmailMessage]:
        """The mails to `address` once any still on their way (live) have had time to arrive."""
        if self._live:
            time.sleep(QUIET_WAIT)
        return self.mails(address, kind)


def kind_of(mail: EmailMessage) -> str | None:
    subject = str(mail["Subject"])
    for kind, titles in KINDS.items():
        if any(subject.endswith(f"] {title}") for title in titles):
            return kind
    return None


def text_of(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def html_of(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("html",)).get_content()


def code_in(mail: EmailMessage) -> str:
    """The one code of the mail: a line of its plain text holding nothing else."""
    codes = [line for line in text_of(mail).splitlines() if CODE_LINE.fullmatch(line)]
    assert len(codes) == 1, f"one code alone on its line, found {len(codes)}"
    return codes[0]


def address_of(names, address: str) -> str:
    """A feature's address as the scenario uses it: live, each scenario's own (names.of)."""
    local, at, domain = address.rpartition("@")
    return f"{names.of(local)}@{domain}" if at else names.of(address)
