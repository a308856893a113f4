"""Saving a new session within the cap on sessions per member.

A member holds at most MAX_SESSIONS_PER_MEMBER sessions; a login past that ends the
ones used least recently. The member's row is locked first: of two logins of one
member arriving together, the second waits for the first to commit, so both cannot
see room for one more. (SQLite locks the whole database instead.)
"""

from django.conf import settings
from django.db import connection, transaction

from accounts.measured_sql import save_within_cap_in_one_round_trip
from accounts.models import Session, User


def save_within_cap(session: Session) -> list:
    """Insert a new session, ending the member's least recently used ones beyond the cap; returns their ids."""
    cap = settings.MAX_SESSIONS_PER_MEMBER
    if cap and connection.vendor == "postgresql":
        return save_within_cap_in_one_round_trip(session, keep=cap - 1)
    with transaction.atomic():
        evicted = _make_room(session.user_id, keep=cap - 1) if cap else []
        session.save(force_insert=True)
    return evicted


def _make_room(user_id: int, *, keep: int) -> list:
    """Lock the member's row, then end their sessions past the `keep` most recently used."""
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk"))
    newest_first = Session.objects.filter(user_id=user_id).order_by("-last_used_at", "-created_at")
    evicted = list(newest_first.values_list("pk", flat=True)[keep:])
    if evicted:
        Session.objects.filter(pk__in=evicted).delete()
    return evicted
