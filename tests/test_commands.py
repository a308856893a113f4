"""The operators' management commands: purge_sessions and createadmin."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts import sessions
from accounts.models import Session, User
from accounts.usernames import username_key
from tokens.tokens import read_refresh_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return User.objects.create_user("jinho", "12341234", nickname="J")


def test_purge_removes_only_expired_sessions(member):
    sessions.start_session(member)
    stale = sessions.start_session(member)
    stale_id = read_refresh_token(stale.refresh_token).session_id
    Session.objects.filter(pk=stale_id).update(
        refresh_expires_at=datetime.now(tz=UTC) - timedelta(seconds=1)
    )
    out = StringIO()
    call_command("purge_sessions", stdout=out)
    assert "Removed 1 expired session" in out.getvalue()
    assert Session.objects.filter(user=member).count() == 1


def test_createadmin_creates_an_administrator(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    call_command("createadmin", username="root", stdout=StringIO())
    admin = User.objects.get(username_key=username_key("root"))
    assert admin.roles == ["USER", "ADMIN"]
    assert admin.check_password("admin-password-1")


def test_createadmin_promotes_an_existing_member_only_when_told_to(member):
    out = StringIO()
    call_command("createadmin", username="JINHO", promote_existing=True, stdout=out)
    member.refresh_from_db()
    assert member.is_admin
    assert f"existing member 'jinho' (id {member.pk})" in out.getvalue()


def test_createadmin_says_what_it_would_do_to_a_look_alike_and_does_nothing(monkeypatch):
    """A stranger registered the full-width look-alike of the name first: it is not quietly promoted."""
    look_alike = User.objects.create_user("ｒｏｏｔ", "12341234", nickname="S")
    monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    with pytest.raises(CommandError) as refused:
        call_command("createadmin", username="root", stdout=StringIO())
    message = str(refused.value)
    assert f"'ｒｏｏｔ' (id {look_alike.pk})" in message
    assert "not exactly 'root'" in message and "--promote-existing" in message
    look_alike.refresh_from_db()
    assert not look_alike.is_admin and User.objects.count() == 1


def test_createadmin_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError):
        call_command("createadmin", username="root", stdout=StringIO())
    assert not User.objects.exists()
