"""The hand-written SQL of this app: each statement is here because a measurement showed it pays.

Everything else goes through the ORM and Django's own contracts. The measurements (bench/README.md):

- LIVE_SESSION_MEMBER runs on every authenticated request (`UserManager.get_by_live_session`).
  Composed by the ORM it cost about 1060 µs of CPU per request, written out 170 µs; PostgreSQL
  planned it on every run (pgbench: 0.119 ms sent as text, 0.047 ms prepared), so it is prepared
  once per connection (accounts/prepared.py). With each token verified once per worker, this took
  `GET /me` from 0.27 to 0.82 of `GET /health`.
- `save_within_cap_in_one_round_trip` runs at every login on PostgreSQL (accounts/session_cap.py).
  The ORM's lock, list, delete and insert, in a transaction of their own, were six round trips and
  2.0 ms of a login; sent together they take 0.6 ms, and a login's work besides its hash fell from
  2.5 to 1.2 ms of CPU in-process. Prepared once per connection, and committed without waiting
  for the disk, its round trip takes about half the time: 1.4-1.7 ms before, 0.75-0.85 ms after,
  in-process on 7 December's machine.

The session's columns are read from the model, so a new field cannot be left out. `make test`
runs, on SQLite, every statement that SQLite can run: the lookup and the session's insert.
"""

from functools import cache

from django.db import connection

from accounts.exceptions import InvalidCredentials
from accounts.prepared import PreparedStatement

# A member's row, only while the named session exists: two primary-key lookups.
LIVE_SESSION_MEMBER = PreparedStatement(
    "accounts_live_session_member",
    """
    SELECT member.id, member.username, member.nickname, member.roles,
        member.email, member.email_pending, member.second_factor
    FROM accounts_user AS member
    JOIN accounts_session AS session ON session.user_id = member.id
    WHERE member.id = %s AND session.id = %s AND member.is_active
    """,
    ("bigint", "uuid"),
)
LIVE_SESSION_MEMBER_FIELDS = [
    "id",
    "username",
    "nickname",
    "roles",
    "email",
    "email_pending",
    "second_factor",
]

# The lock, sent in the same round trip as the statement that saves the session: in autocommit,
# PostgreSQL runs the two as one transaction. Under READ COMMITTED, Django's default and this
# project's, each takes its own snapshot: the save starts once the lock is held, so it sees
# every session that a login holding the lock before it committed, and the password as a
# change that held the lock before it committed it. In one statement, with the lock in a
# CTE, both would share a snapshot and two logins could see room.
LOCK_MEMBER = "SELECT 1 FROM accounts_user WHERE id = %s FOR UPDATE;"

# The session's commit does not wait for the disk. If PostgreSQL crashes in the moment after
# a login (at most three times wal_writer_delay, 0.6 s by default), the login's transaction is
# lost whole: the session is gone, so its tokens are refused and the member logs in again,
# and the sessions it ended are back, as if the login had not happened. A lost login fails
# closed. The write-ahead log keeps order, so any later change that did reach the disk (a
# password change, an ended session) carries the login with it. Waiting for the disk took
# about 0.4 ms of the save's round trip (1.6 against 1.2 ms in-process on 7 December). Only
# when the save is its own transaction: inside a caller's, it would stop the caller's writes
# from waiting too.
WITHOUT_WAITING_FOR_DISK = "SET LOCAL synchronous_commit TO off;"

# A member whose password is no longer the one the login verified matches nothing: no
# session is saved. Sent as text, PostgreSQL planned it on every login (about 0.3 ms by
# EXPLAIN ANALYZE); prepared, once per connection.
SAVE_WITHIN_CAP = """
WITH member AS (
    SELECT id FROM accounts_user WHERE id = %s AND password = %s
), evicted AS (
    DELETE FROM accounts_session WHERE id IN (
        SELECT id FROM accounts_session WHERE user_id IN (SELECT id FROM member)
        ORDER BY last_used_at DESC, created_at DESC OFFSET %s
    )
    RETURNING id
), saved AS (
{insert} FROM member
    RETURNING id
)
SELECT id, false FROM evicted UNION ALL SELECT id, true FROM saved
"""


@cache
def insert_sql(model) -> str:
    """An INSERT of every column of `model`, taking `insert_parameters` in order."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    values = ", ".join("%s" for _ in fields)
    return f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({values})"


@cache
def insert_select_sql(model) -> str:
    """`insert_sql` as an INSERT ... SELECT: each parameter cast to its column's type."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    values = ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in fields)
    return f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {values}"


@cache
def save_within_cap_statement(model) -> PreparedStatement:
    """SAVE_WITHIN_CAP for sessions of `model`: the member's id, password hash and how many
    sessions to keep, then `insert_parameters`."""
    password = model._meta.get_field("user").related_model._meta.get_field("password")
    field_types = [field.db_type(connection) for field in model._meta.concrete_fields]
    return PreparedStatement(
        "accounts_save_session_within_cap",
        SAVE_WITHIN_CAP.format(insert=insert_select_sql(model)),
        ("bigint", password.db_type(connection), "bigint", *field_types),
    )


def insert_parameters(instance) -> list:
    """The parameters of `insert_sql` for `instance`: each field's value as the database takes it."""
    return [
        field.get_db_prep_save(getattr(instance, field.attname), connection)
        for field in instance._meta.concrete_fields
    ]


def save_within_cap_in_one_round_trip(session, *, keep: int) -> list:
    """Lock the member, end their sessions past the `keep` newest and insert `session`; PostgreSQL only.

    Returns the ids of the sessions it ended. Raises InvalidCredentials if the member is gone, or
    their password is no longer the one `session.user` was verified with.
    """
    before = LOCK_MEMBER
    if not connection.in_atomic_block:
        before = WITHOUT_WAITING_FOR_DISK + before
    rows = save_within_cap_statement(type(session)).fetchall(
        connection,
        [
            session.user_id,
            session.user_id,
            session.user.password,
            keep,
            *insert_parameters(session),
        ],
        before=before,
    )
    if not any(saved for _, saved in rows):
        raise InvalidCredentials()
    return [session_id for (session_id, saved) in rows if not saved]
