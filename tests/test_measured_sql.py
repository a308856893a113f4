"""The hand-written statements (accounts/measured_sql.py), run wherever the database can run them.

The session's insert and the authentication lookup run on SQLite too. The lock and the
eviction around the insert, and the prepared form of the lookup, are PostgreSQL's: they run
in test_sessions.py and test_prepared.py on PostgreSQL, and only their text is checked here.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from accounts.measured_sql import (
    LIVE_SESSION_MEMBER,
    LOCK_MEMBER,
    insert_parameters,
    insert_select_sql,
    insert_sql,
    save_within_cap_statement,
)
from accounts.models import Session, User

pytestmark = pytest.mark.django_db

A_MOMENT = datetime(2026, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def member():
    return User.objects.create_user("measured", "12341234", nickname="M")


def test_the_session_insert_names_every_column_of_the_table():
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, Session._meta.db_table)
    named = insert_sql(Session).split("(", 1)[1].split(")", 1)[0]
    assert sorted(column.strip().strip('"') for column in named.split(",")) == sorted(
        column.name for column in table
    )


def test_the_session_insert_writes_every_field_as_the_orm_reads_it(member):
    session = Session(
        user=member,
        refresh_token_hash="f" * 64,
        refresh_expires_at=A_MOMENT + timedelta(days=14),
        created_at=A_MOMENT,
        ends_at=A_MOMENT + timedelta(days=30),
        last_used_at=A_MOMENT + timedelta(seconds=1),
    )
    with connection.cursor() as cursor:
        cursor.execute(insert_sql(Session), insert_parameters(session))
    saved = Session.objects.get(pk=session.pk)
    for field in Session._meta.concrete_fields:
        assert getattr(saved, field.attname) == getattr(session, field.attname), field.name


def test_the_lookup_finds_an_active_member_only_while_their_session_lives(member):
    session = Session.objects.create(
        user=member, refresh_token_hash="f" * 64, refresh_expires_at=A_MOMENT, ends_at=A_MOMENT
    )

    session_id = str(session.pk)

    def lookup():
        return User.objects.get_by_live_session(user_id=member.pk, session_id=session_id)

    found = lookup()
    assert (found.pk, found.username, found.nickname, found.roles) == (
        member.pk,
        "measured",
        "M",
        ["USER"],
    )
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert lookup() is None
    User.objects.filter(pk=member.pk).update(is_active=True)
    session.delete()
    assert lookup() is None


def test_the_lookup_is_prepared_with_the_parameters_it_is_sent_with_as_text():
    prepare = LIVE_SESSION_MEMBER._prepare
    assert prepare.startswith("PREPARE accounts_live_session_member (bigint, uuid) AS")
    assert "$1" in prepare and "$2" in prepare and "%s" not in prepare
    assert LIVE_SESSION_MEMBER._execute == "EXECUTE accounts_live_session_member (%s, %s)"


def test_the_session_is_inserted_after_the_lock_and_only_for_the_password_checked():
    assert "FOR UPDATE" in LOCK_MEMBER
    save = save_within_cap_statement(Session).sql
    assert insert_select_sql(Session) in save
    assert "password = %s" in save  # only for the password the login checked
    assert ";" not in save  # one statement, so that it can be prepared


def test_the_session_save_is_prepared_with_a_type_for_each_parameter():
    statement = save_within_cap_statement(Session)
    parameters = len(Session._meta.concrete_fields) + 3  # the member, their password, the cap
    assert f"${parameters}" in statement._prepare
    assert f"${parameters + 1}" not in statement._prepare and "%s" not in statement._prepare
