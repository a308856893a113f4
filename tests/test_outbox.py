"""The outbox: mail written with its change, sent after it, kept while the mail server is down.

Against a real SMTP server (aiosmtpd) that the tests take down and bring back.
"""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from recovery import outbox
from recovery.backends import EmlFileBackend, mail_connection
from recovery.mails import Rendered
from recovery.models import Mail
from tests.recovery_helpers import JSON, mail_server, sign_up  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

RENDERED = Rendered(subject="[Test] Hello", text="Hello\n", html="<p>Hello</p>")
ADDRESS = "jinho@example.com"


def enqueue(**kwargs) -> Mail:
    with transaction.atomic():
        return outbox.enqueue(to=ADDRESS, rendered=RENDERED, kind="test", user_id=None, **kwargs)


def deliver_mail() -> str:
    out = StringIO()
    call_command("deliver_mail", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_mail_is_sent_once_its_transaction_commits(mail_server):  # noqa: F811
    with transaction.atomic():
        outbox.enqueue(to=ADDRESS, rendered=RENDERED, kind="test", user_id=None)
        assert mail_server.sink.messages() == []  # not before the commit
    [message] = mail_server.sink.messages()
    assert message["To"] == ADDRESS and message["Auto-Submitted"] == "auto-generated"
    assert Mail.objects.count() == 0  # a sent mail leaves the outbox, codes and all


def test_a_rolled_back_change_sends_nothing(mail_server):  # noqa: F811
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(to=ADDRESS, rendered=RENDERED, kind="test", user_id=None)
        raise RuntimeError("the change failed")
    assert mail_server.sink.messages() == [] and Mail.objects.count() == 0


def test_while_the_server_is_down_requests_succeed_and_mail_waits(client, mail_server):  # noqa: F811
    mail_server.stop()
    assert sign_up(client, email=ADDRESS).status_code == 201
    assert client.get("/health").status_code == 200  # mail is no part of health
    [waiting] = Mail.objects.all()
    assert (waiting.attempts, waiting.last_error) == (1, "ConnectionRefusedError")

    mail_server.start()
    assert deliver_mail().startswith("0 sent")  # not before its retry is due
    with freeze_time(timezone.now() + timedelta(seconds=61)):
        assert deliver_mail().startswith("1 sent")
        assert deliver_mail().startswith("0 sent")  # nothing twice
    [message] = mail_server.sink.messages()
    assert message["To"] == ADDRESS


def test_retries_wait_twice_as_long_each_time_up_to_an_hour(mail_server):  # noqa: F811
    mail_server.stop()
    mail = enqueue()
    now = timezone.now()
    waits = []
    for _ in range(9):
        now = Mail.objects.get(pk=mail.pk).next_attempt_at
        with freeze_time(now):
            assert outbox.deliver().failed == 1
        waits.append((Mail.objects.get(pk=mail.pk).next_attempt_at - now).total_seconds())
    assert waits == [120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]


def test_mail_left_by_a_worker_that_died_after_the_commit_is_sent_by_the_command(mail_server):  # noqa: F811
    with mock.patch("recovery.outbox.transaction.on_commit"):  # the worker dies: no send
        enqueue()
    assert mail_server.sink.messages() == []
    assert deliver_mail().startswith("1 sent")
    assert len(mail_server.sink.messages()) == 1


def test_a_mail_another_sender_holds_is_not_sent_again(mail_server):  # noqa: F811
    with mock.patch("recovery.outbox.transaction.on_commit"):
        mail = enqueue()
    assert outbox._claimed(mail.pk, timezone.now()) is not None  # another sender has it
    assert outbox.deliver().sent == 0
    assert mail_server.sink.messages() == []


def test_a_mail_whose_code_has_expired_is_dropped_unsent(mail_server):  # noqa: F811
    mail_server.stop()
    enqueue(lifetime=1800)
    mail_server.start()
    with freeze_time(timezone.now() + timedelta(minutes=30)):
        assert deliver_mail().startswith("0 sent, 0 failed (will retry), 1 dropped")
    assert Mail.objects.count() == 0 and mail_server.sink.messages() == []


def test_metrics_show_the_outbox_size_and_its_oldest_mails_age(client, mail_server):  # noqa: F811
    mail_server.stop()
    with freeze_time(timezone.now() - timedelta(seconds=90)):
        enqueue()
    enqueue()
    text = client.get("/metrics").content.decode()
    assert "authapi_mail_outbox_size 2.0" in text
    [age] = [line for line in text.splitlines() if line.startswith("authapi_mail_outbox_oldest")]
    assert 90 <= float(age.split()[1]) < 120


def test_without_a_mail_server_each_mail_is_an_eml_file(settings, tmp_path):
    settings.EMAIL_HOST, settings.MAIL_DIR = "", tmp_path / "mail"
    assert isinstance(mail_connection(), EmlFileBackend)
    enqueue()
    enqueue()
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    assert b"To: jinho@example.com" in files[0].read_bytes()


def test_a_reset_request_does_the_same_before_its_response_for_anyone(client, mail_server):  # noqa: F811
    """Looking for the member waits until after the response: the same work for all."""
    assert sign_up(client, "jinho", email=ADDRESS).status_code == 201
    statements = []
    for body in ({"email": ADDRESS}, {"email": "stranger@example.com"}, {"username": "jinho"}):
        with mock.patch("recovery.services.after_response"):  # what comes after is left out
            with CaptureQueriesContext(connection) as queries:
                assert client.post("/password/forgot", body, **JSON).status_code == 202
        statements.append([query["sql"] for query in queries.captured_queries])
    assert statements[0] == statements[1] == statements[2]
    assert not any("accounts_user" in sql for sql in statements[0])
