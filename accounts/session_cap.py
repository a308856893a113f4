"""Saving a new session: within the cap on sessions per member, and only for the password checked.

A member holds at most MAX_SESSIONS_PER_MEMBER sessions; a login past that ends the
ones used least recently. The member's row is locked first: of two logins of one
member arriving together, the second waits for the first to commit, so both cannot
see room for one more. (SQLite locks the whole database instead.)

Under the same lock, the session is saved only if the member still exists and still
has the password hash the login verified. Changing a password (accounts/credentials.py)
and deleting an account lock the row too, so whatever the order of events, no session
started with an old password outlives the change, and none is left behind by a deletion.
"""

from django.conf import settings
from django.db import connection, transaction

from accounts.exceptions import InvalidCredentials
from accounts.measured_sql import save_within_cap_in_one_round_trip
from accounts.models import Session, User


def save_within_cap(session: Session) -> list:
    """Insert a new session, ending the member's least recently used ones beyond the cap; returns their ids.

    Raises InvalidCredentials if the member is gone, or their password is no longer the
    one `session.user` was verified with.
    """
    cap = settings.MAX_SESSIONS_PER_MEMBER
    if cap and connection.vendor == "postgresql":
        return save_within_cap_in_one_round_trip(session, keep=cap - 1)
    with transaction.atomic():
        _lock_if_unchanged(session.user)
        evicted = _make_room(session.user_id, keep=cap - 1) if cap else []
        session.save(force_insert=True)
    return evicted


def _lock_if_unchanged(member: User) -> None:
    """Lock the member's row if they still have the password hash they were verified with."""
    # PostgreSQL re-reads a row it waited for, so a password changed meanwhile matches nothing.
    unchanged = User.objects.select_for_update().filter(pk=member.pk, password=member.password)
    if not list(unchanged.values_list("pk")):
        raise InvalidCredentials()


def _make_room(user_id: int, *, keep: int) -> list:
    """End the member's sessions past the `keep` most recently used (their row is locked)."""
    newest_first = Session.objects.filter(user_id=user_id).order_by("-last_used_at", "-created_at")
    evicted = list(newest_first.values_list("pk", flat=True)[keep:])
    if evicted:
        Session.objects.filter(pk__in=evicted).delete()
    return evicted
