"""Sessions and refresh-token rotation, below the API."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from accounts import sessions
from accounts.exceptions import InvalidToken
from accounts.models import Session, User
from accounts.tokens import read_refresh_token
from accounts.usernames import username_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return User.objects.create_user("jinho", "12341234", nickname="J")


def test_only_a_hash_of_the_refresh_token_is_stored(member):
    pair = sessions.start_session(member)
    row = Session.objects.get(user=member)
    assert len(row.refresh_token_hash) == 64
    assert read_refresh_token(pair.refresh_token).token_id not in row.refresh_token_hash


def test_rotation_spends_the_old_token(member):
    first = sessions.start_session(member)
    second = sessions.refresh_session(first.refresh_token)
    assert second.refresh_token != first.refresh_token
    with pytest.raises(InvalidToken):
        sessions.refresh_session(first.refresh_token)


def test_reuse_ends_the_whole_family(member):
    first = sessions.start_session(member)
    second = sessions.refresh_session(first.refresh_token)
    with pytest.raises(InvalidToken):
        sessions.refresh_session(first.refresh_token)
    assert not Session.objects.filter(user=member).exists()
    with pytest.raises(InvalidToken):
        sessions.refresh_session(second.refresh_token)


def test_an_inactive_member_cannot_refresh(member):
    pair = sessions.start_session(member)
    User.objects.filter(pk=member.pk).update(is_active=False)
    with pytest.raises(InvalidToken):
        sessions.refresh_session(pair.refresh_token)


def test_logout_also_ends_the_session_of_a_presented_refresh_token(member):
    here, there = sessions.start_session(member), sessions.start_session(member)
    here_id = read_refresh_token(here.refresh_token).session_id
    ended = sessions.end_session(user=member, session_id=here_id, refresh_token=there.refresh_token)
    assert ended == 2


def test_logout_ignores_a_refresh_token_of_another_member(member):
    other = User.objects.create_user("other", "12341234", nickname="O")
    theirs = sessions.start_session(other)
    mine = sessions.start_session(member)
    mine_id = read_refresh_token(mine.refresh_token).session_id
    sessions.end_session(user=member, session_id=mine_id, refresh_token=theirs.refresh_token)
    assert Session.objects.filter(user=other).count() == 1


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
    from django.core.management import CommandError

    monkeypatch.setenv("ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError):
        call_command("createadmin", username="root", stdout=StringIO())
    assert not User.objects.exists()
