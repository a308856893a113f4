"""The operators' management commands: purge_sessions and createadmin."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts import sessions
from accounts.models import Session, User
from accounts.tokens import read_refresh_token
from accounts.usernames import username_key

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


def test_createadmin_promotes_an_existing_member(member):
    call_command("createadmin", username="JINHO", stdout=StringIO())
    member.refresh_from_db()
    assert member.is_admin


def test_createadmin_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError):
        call_command("createadmin", username="root", stdout=StringIO())
    assert not User.objects.exists()
