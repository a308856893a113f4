"""What the unit tests of recovery by mail share: a real SMTP server and the API calls."""

import re

import pytest

from features.steps.mail_sink import MailServer

JSON = {"content_type": "application/json"}
CODE_LINE = re.compile(r"[A-Za-z0-9_-]{22,}")
# The audit events of recovery by mail, written in tests/test_recovery_audit.py.
RECOVERY_EVENTS = {
    "email_added",
    "email_verified",
    "password_reset_requested",
    "password_reset",
    "notification_sent",
}


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on a free port, the service pointed at it; down after the test."""
    server = MailServer().start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    yield server
    server.stop()


def code_in(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    [code] = [line for line in text.splitlines() if CODE_LINE.fullmatch(line)]
    return code


def sign_up(client, username="jinho", email=None, password="12341234"):
    body = {"username": username, "password": password, "nickname": "N"}
    if email:
        body["email"] = email
    return client.post("/signup", body, **JSON)
