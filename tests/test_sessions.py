"""Sessions and refresh-token rotation, below the API."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from accounts import credentials, sessions
from accounts.exceptions import InvalidCredentials
from accounts.models import Session, User
from tests.together import at_once
from tokens.exceptions import InvalidToken, TokenExpired
from tokens.tokens import read_access_token, read_refresh_token

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


DAY = timedelta(days=1)


class TestAbsoluteLifetime:
    """However often it is renewed, a session ends JWT_SESSION_MAX_LIFETIME after its login."""

    def test_refreshes_never_reach_past_the_end(self, member, settings):
        with freeze_time("2030-01-01") as clock:
            pair = sessions.start_session(member)
            end = (
                int(datetime(2030, 1, 1, tzinfo=UTC).timestamp())
                + settings.JWT_SESSION_MAX_LIFETIME
            )
            for _ in range(settings.JWT_SESSION_MAX_LIFETIME // 86400 - 1):
                clock.tick(DAY)
                pair = sessions.refresh_session(pair.refresh_token)
                assert read_refresh_token(pair.refresh_token).expires_at <= end
                assert read_access_token(pair.access_token).expires_at <= end
            clock.move_to(datetime.fromtimestamp(end, tz=UTC))
            with pytest.raises(TokenExpired):
                sessions.refresh_session(pair.refresh_token)
            with pytest.raises(TokenExpired):
                read_access_token(pair.access_token)

    def test_tokens_near_the_end_expire_with_the_session(self, member, settings):
        settings.JWT_SESSION_MAX_LIFETIME = 600
        pair = sessions.start_session(member)
        access, refresh = (
            read_access_token(pair.access_token),
            read_refresh_token(pair.refresh_token),
        )
        assert access.expires_at == refresh.expires_at == access.issued_at + 600
        assert pair.expires_in == 600
        row = Session.objects.get(pk=access.session_id)
        assert (
            int(row.ends_at.timestamp())
            == int(row.refresh_expires_at.timestamp())
            == access.expires_at
        )

    def test_a_session_past_its_end_is_refused_whatever_its_token_says(self, member):
        # As for a token issued before sessions had an end: its own expiry is later.
        pair = sessions.start_session(member)
        Session.objects.filter(user=member).update(
            ends_at=datetime.now(tz=UTC) - timedelta(seconds=1)
        )
        with pytest.raises(TokenExpired):
            sessions.refresh_session(pair.refresh_token)

    def test_purge_removes_sessions_past_their_end(self, member):
        sessions.start_session(member)
        ended = sessions.start_session(member)
        Session.objects.filter(pk=ended.session_id).update(
            ends_at=datetime.now(tz=UTC) - timedelta(seconds=1)
        )
        assert sessions.purge_expired_sessions() == 1
        assert not Session.objects.filter(pk=ended.session_id).exists()


class TestSessionCap:
    """A login past MAX_SESSIONS_PER_MEMBER ends the least recently used session."""

    def start_in_turn(self, member, count: int, clock) -> list:
        started = []
        for _ in range(count):
            clock.tick(timedelta(minutes=1))
            started.append(sessions.start_session(member))
        return started

    def test_the_least_recently_used_session_ends(self, member, settings):
        settings.MAX_SESSIONS_PER_MEMBER = 3
        with freeze_time("2030-01-01") as clock:
            first, second, third = self.start_in_turn(member, 3, clock)
            clock.tick(timedelta(minutes=1))
            first = sessions.refresh_session(first.refresh_token)
            [fourth] = self.start_in_turn(member, 1, clock)
        live = set(Session.objects.filter(user=member).values_list("pk", flat=True))
        assert {str(pk) for pk in live} == {first.session_id, third.session_id, fourth.session_id}
        with pytest.raises(InvalidToken):
            sessions.refresh_session(second.refresh_token)

    def test_a_lowered_cap_applies_at_the_next_login(self, member, settings):
        with freeze_time("2030-01-01") as clock:
            started = self.start_in_turn(member, 5, clock)
            settings.MAX_SESSIONS_PER_MEMBER = 2
            [newest] = self.start_in_turn(member, 1, clock)
        live = {str(pk) for pk in Session.objects.filter(user=member).values_list("pk", flat=True)}
        assert live == {started[-1].session_id, newest.session_id}

    def test_zero_means_no_cap(self, member, settings):
        settings.MAX_SESSIONS_PER_MEMBER = 0
        for _ in range(12):
            sessions.start_session(member)
        assert Session.objects.filter(user=member).count() == 12

    def test_other_members_sessions_are_not_counted(self, member, settings):
        settings.MAX_SESSIONS_PER_MEMBER = 1
        other = User.objects.create_user("other", "12341234", nickname="O")
        theirs = sessions.start_session(other)
        sessions.start_session(member)
        assert Session.objects.filter(pk=theirs.session_id).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_logins_of_one_member_keep_to_the_cap(settings):
    settings.MAX_SESSIONS_PER_MEMBER = 2
    member = User.objects.create_user("racer", "12341234", nickname="R")
    outcomes = at_once(lambda: sessions.start_session(member), 8)
    assert [
        outcome for outcome in outcomes if isinstance(outcome, Exception)
    ] == []  # every login succeeds
    assert Session.objects.filter(user=member).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_member_deleted_while_logging_in_gets_no_session():
    """Their account deleted between the password check and the session's start: refused, not a 500."""
    member = User.objects.create_user("leaving", "12341234", nickname="L")
    User.objects.filter(pk=member.pk).delete()
    with pytest.raises(InvalidCredentials):
        sessions.start_session(member)
    assert not Session.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_login_verified_against_a_password_since_replaced_gets_no_session():
    """The password checked, then changed before the session is saved: refused, whatever the store."""
    checked = User.objects.create_user("changing", "12341234", nickname="C")
    credentials.replace_password(user=User.objects.get(pk=checked.pk), new_password="new-one-1")
    with pytest.raises(InvalidCredentials):
        sessions.start_session(checked)
    assert not Session.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_replacing_a_password_ends_every_session_but_the_one_kept():
    member = User.objects.create_user("changing", "12341234", nickname="C")
    kept = sessions.start_session(member)
    sessions.start_session(member)  # the other device
    assert (
        credentials.replace_password(
            user=member, new_password="new-one-1", keep_session_id=kept.session_id
        )
        == 1
    )
    assert list(Session.objects.values_list("pk", flat=True)) == [uuid.UUID(kept.session_id)]
    assert User.objects.get(pk=member.pk).check_password("new-one-1")


def test_a_new_session_is_last_used_when_it_starts():
    member = User.objects.create_user("fresh", "12341234", nickname="F")
    pair = sessions.start_session(member)
    session = Session.objects.get(pk=read_access_token(pair.access_token).session_id)
    assert session.last_used_at == session.created_at
