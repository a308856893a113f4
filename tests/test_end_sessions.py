"""Ending every session of one member: the operator's command and the audit trail."""

import io
import logging

import pytest
from django.core.management import CommandError, call_command

from accounts import services, sessions
from accounts.models import Session, User

pytestmark = pytest.mark.django_db


def member(username: str) -> User:
    user = User.objects.create_user(username, "correct horse battery", nickname="N")
    sessions.start_session(user)
    sessions.start_session(user)
    return user


def test_the_command_ends_every_session_of_the_member_named_in_any_case():
    jinho, mina = member("JIN HO"), member("mina")
    out = io.StringIO()
    call_command("endsessions", username="jin ho", stdout=out)
    assert not Session.objects.filter(user=jinho).exists()
    assert Session.objects.filter(user=mina).count() == 2
    assert f"Ended 2 session(s) of member {jinho.pk}." in out.getvalue()


def test_the_command_refuses_an_unknown_member():
    with pytest.raises(CommandError, match="No member is called 'nobody'"):
        call_command("endsessions", username="nobody", stdout=io.StringIO())


def test_ending_sessions_is_audited_with_who_did_it(caplog):
    admin, jinho = member("root"), member("jinho")
    with caplog.at_level(logging.INFO, logger="api.audit"):
        ended = services.end_member_sessions(
            user_id=jinho.pk, actor=admin, session_id=None, address="192.0.2.1"
        )
    (line,) = [r for r in caplog.records if r.getMessage() == "sessions_ended_by_administrator"]
    assert ended == 2
    assert (line.levelno, line.user_id, line.actor_id, line.sessions_ended, line.address) == (
        logging.WARNING,
        jinho.pk,
        admin.pk,
        2,
        "192.0.2.1",
    )


def test_an_operator_is_audited_as_no_member(caplog):
    jinho = member("jinho")
    with caplog.at_level(logging.INFO, logger="api.audit"):
        call_command("endsessions", username="jinho", stdout=io.StringIO())
    (line,) = [r for r in caplog.records if r.getMessage() == "sessions_ended_by_administrator"]
    assert (line.user_id, line.actor_id) == (jinho.pk, None)
