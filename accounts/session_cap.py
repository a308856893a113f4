"""Saving a new session within the cap on sessions per member.

A member holds at most MAX_SESSIONS_PER_MEMBER sessions; a login past that ends the
ones used least recently. The member's row is locked first: of two logins of one
member arriving together, the second waits for the first to commit, so both cannot
see room for one more. (SQLite locks the whole database instead.)
"""

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.postgresql.psycopg_any import is_psycopg3

from accounts.models import Session, User

# Sent together, the two statements run as one transaction (PostgreSQL's simple query
# protocol). Under READ COMMITTED, Django's default and this project's, each takes its
# own snapshot: the second starts once the first holds the member's lock, so it sees
# every session that a login holding the lock before it committed. In one statement,
# with the lock in a CTE, both would share a snapshot and two logins could see room.
SAVE_WITHIN_CAP = """
SELECT 1 FROM accounts_user WHERE id = %(user_id)s FOR UPDATE;
WITH evicted AS (
    DELETE FROM accounts_session WHERE id IN (
        SELECT id FROM accounts_session WHERE user_id = %(user_id)s
        ORDER BY last_used_at DESC, created_at DESC OFFSET %(keep)s
    )
    RETURNING id
), saved AS (
    INSERT INTO accounts_session
        (id, user_id, refresh_token_hash, refresh_expires_at, created_at, ends_at, last_used_at,
         amr, address, device)
    VALUES (%(id)s, %(user_id)s, %(refresh_token_hash)s, %(refresh_expires_at)s, %(created_at)s,
            %(ends_at)s, %(last_used_at)s, %(amr)s, %(address)s, %(device)s)
)
SELECT id FROM evicted
"""


def save_within_cap(session: Session) -> list:
    """Insert a new session, ending the member's least recently used ones beyond the cap; returns their ids."""
    cap = settings.MAX_SESSIONS_PER_MEMBER
    if cap and connection.vendor == "postgresql":
        return _save_in_one_round_trip(session, keep=cap - 1)
    with transaction.atomic():
        evicted = _make_room(session.user_id, keep=cap - 1) if cap else []
        session.save(force_insert=True)
    return evicted


def _save_in_one_round_trip(session: Session, *, keep: int) -> list:
    # Instead of six round trips, each statement built by the ORM: that was most of a
    # login's work besides its password hash.
    row = {
        field.attname: field.get_db_prep_save(getattr(session, field.attname), connection)
        for field in Session._meta.concrete_fields
    }
    with connection.cursor() as cursor:
        cursor.execute(SAVE_WITHIN_CAP, {**row, "keep": keep})
        if is_psycopg3:
            cursor.nextset()  # psycopg 3 gives the first statement's rows first; psycopg2 only the last's
        return [session_id for (session_id,) in cursor.fetchall()]


def _make_room(user_id: int, *, keep: int) -> list:
    """Lock the member's row, then end their sessions past the `keep` most recently used."""
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk"))
    newest_first = Session.objects.filter(user_id=user_id).order_by("-last_used_at", "-created_at")
    evicted = list(newest_first.values_list("pk", flat=True)[keep:])
    if evicted:
        Session.objects.filter(pk__in=evicted).delete()
    return evicted
