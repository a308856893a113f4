"""The authentication lookup and a login's session save as statements PostgreSQL prepares once
per connection.

Most tests here need a connection in
autocommit (`transaction=True`), as the API's requests have: inside pytest-django's
usual transaction, a failed statement would abort the test's own transaction.
"""

from contextlib import contextmanager, suppress

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.measured_sql import (
    LIVE_SESSION_MEMBER,
    WITHOUT_WAITING_FOR_DISK,
    save_within_cap_statement,
)
from accounts.models import Session, User
from accounts.prepared import PreparedStatement
from accounts.sessions import start_session

pytestmark = pytest.mark.postgres  # prepared statements are PostgreSQL's
autocommit = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member():
    user = User.objects.create_user("prepared", "12341234", nickname="P")
    start_session(user)
    return user


def lookups(member) -> list[str]:
    """The statements that reading the member by their live session sent, by their first word."""
    session_id = str(member.sessions.get().pk)
    return statements_sent(
        lambda: User.objects.get_by_live_session(user_id=member.pk, session_id=session_id), member
    )


def statements_sent(lookup, member) -> list[str]:
    """The statements `lookup()` sent, by their first word; it must find `member`."""
    with CaptureQueriesContext(connection) as queries:
        assert lookup() == member
    return [query["sql"].split()[0] for query in queries.captured_queries]


def server(sql: str) -> None:
    """What the server or an operator does behind the application's back."""
    with connection.cursor() as cursor:
        cursor.execute(sql)


def forget_everything() -> None:
    server("DEALLOCATE ALL")
    for statement in (LIVE_SESSION_MEMBER, save_within_cap_statement(Session)):
        statement._prepared_on.discard(connection.connection)


@pytest.fixture(autouse=True)
def in_step_afterwards():
    """These tests make the server forget statements behind the connection's back: afterwards
    the connection forgets them too, so that tests elsewhere on it start in step."""
    yield
    forget_everything()


@contextmanager
def nickname_column_of_type(sql_type: str):
    """A migration that changes the type of a column the lookup returns, undone afterwards."""
    server(f"ALTER TABLE accounts_user ALTER COLUMN nickname TYPE {sql_type}")
    try:
        yield
    finally:
        server("ALTER TABLE accounts_user ALTER COLUMN nickname TYPE varchar(50)")


@pytest.mark.django_db
def test_each_connection_prepares_the_lookup_once(member):
    forget_everything()
    assert lookups(member) == ["PREPARE", "EXECUTE"]
    assert lookups(member) == ["EXECUTE"]


@autocommit
def test_a_new_connection_prepares_the_lookup_again(member):
    lookups(member)
    connection.close()  # as after a database restart: the next query opens a new connection
    assert lookups(member) == ["PREPARE", "EXECUTE"]


@autocommit
def test_the_prepared_lookup_outlives_a_rolled_back_transaction(member):
    forget_everything()
    with suppress(RuntimeError), transaction.atomic():
        assert lookups(member) == ["PREPARE", "EXECUTE"]
        raise RuntimeError("rolled back")
    assert lookups(member) == ["EXECUTE"]


@autocommit
def test_a_lookup_the_server_forgot_is_prepared_again(member):
    lookups(member)
    server("DEALLOCATE ALL")  # what DISCARD ALL also does
    assert lookups(member) == ["EXECUTE", "PREPARE", "EXECUTE"]
    assert lookups(member) == ["EXECUTE"]


@autocommit
def test_a_lookup_whose_columns_changed_type_is_prepared_again(member):
    lookups(member)
    with nickname_column_of_type("varchar(80)"):
        assert lookups(member) == ["EXECUTE", "DEALLOCATE", "PREPARE", "EXECUTE"]
        assert lookups(member) == ["EXECUTE"]


@autocommit
def test_a_lookup_the_server_holds_unbeknown_to_the_connection_is_prepared_again(member):
    lookups(member)
    LIVE_SESSION_MEMBER._prepared_on.discard(connection.connection)
    assert lookups(member) == ["PREPARE", "DEALLOCATE", "PREPARE", "EXECUTE"]


@autocommit
def test_inside_a_transaction_a_lost_lookup_fails_and_is_prepared_on_its_next_run(member):
    lookups(member)
    server("DEALLOCATE ALL")
    with pytest.raises(DatabaseError), transaction.atomic():
        lookups(member)
    assert lookups(member) == ["PREPARE", "EXECUTE"]


@pytest.mark.django_db
def test_with_prepared_statements_off_the_lookup_is_sent_as_text(member, settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    assert lookups(member) == ["SELECT"]


def session_saves(member) -> list[str]:
    """The statements that starting a session of the member sent, by their first word."""
    with CaptureQueriesContext(connection) as queries:
        start_session(member)
    return [query["sql"].split()[0] for query in queries.captured_queries]


@autocommit
def test_each_connection_prepares_the_session_save_once(member):
    forget_everything()
    # SET: the lock and the save go with it, in one round trip (accounts/measured_sql.py).
    assert session_saves(member) == ["PREPARE", "SET"]
    assert session_saves(member) == ["SET"]
    assert member.sessions.count() == 3


@autocommit
def test_a_session_save_the_server_forgot_is_prepared_again_and_saves_once(member):
    session_saves(member)
    server("DEALLOCATE ALL")
    assert session_saves(member) == ["SET", "PREPARE", "SET"]
    assert member.sessions.count() == 3


@autocommit
def test_a_login_commits_without_waiting_for_the_disk_and_only_its_own_transaction(member):
    """The statements sent before a prepared one run in its transaction, and no further."""
    setting = PreparedStatement("test_setting", "SELECT current_setting(%s)", ("text",))
    synchronous_commit = ["synchronous_commit"]
    assert setting.fetchall(connection, synchronous_commit, before=WITHOUT_WAITING_FOR_DISK) == [
        ("off",)
    ]
    assert setting.fetchall(connection, synchronous_commit) == [("on",)]
    session_saves(member)
    assert setting.fetchall(connection, synchronous_commit) == [("on",)]


@autocommit
def test_inside_a_callers_transaction_the_session_save_leaves_its_commit_alone(member):
    with transaction.atomic():
        assert session_saves(member)[-1] == "SELECT"  # the lock first: no SET
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)
