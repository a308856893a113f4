"""Recovery's events reach the audit trail, with no code, token, password or address in clear."""

import pytest

from tests.recovery_helpers import (  # noqa: F401 (mail_server is a fixture)
    JSON,
    RECOVERY_EVENTS,
    code_in,
    mail_server,
    sign_up,
)

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "Audited.Member@Example.com"
NEW_PASSWORD = "a-new-password-1"


def test_every_recovery_event_is_written_without_a_secret(client, log, mail_server):  # noqa: F811
    assert sign_up(client, email=ADDRESS).status_code == 201
    verification = code_in(mail_server.sink.messages()[-1])
    assert client.post("/email/verify", {"code": verification}, **JSON).status_code == 200
    assert client.post("/password/forgot", {"email": ADDRESS}, **JSON).status_code == 202
    reset = code_in(mail_server.sink.messages()[-1])
    body = {"code": reset, "password": NEW_PASSWORD}
    assert client.post("/password/reset", body, **JSON).status_code == 200

    assert {line["event"] for line in log.events()} >= RECOVERY_EVENTS
    text = log.text.lower()
    for secret in (verification, reset, NEW_PASSWORD, ADDRESS, "audited.member@"):
        assert secret.lower() not in text
    [requested] = log.events("password_reset_requested")
    assert requested["outcome"] == "found" and requested["user_id"]
    assert log.one("password_reset")["sessions_ended"] == 0
