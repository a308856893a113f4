"""Replacing a member's password or deleting the member, and ending what either leaves behind.

One path for every way a password is replaced (a change today, a reset tomorrow). The
member's row is locked while the hash is replaced and their sessions end, as a login
locks it to save its session after checking that the hash it verified is still the
member's (accounts/session_cap.py). So whatever the order of events, once this returns
no session started with the old password works, and no login with it can succeed: a
login that saved its session first has it ended here; one that saves after finds the
hash changed and is refused.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts import signals
from accounts.models import Session, User


def replace_password(*, user: User, new_password: str, keep_session_id: str | None = None) -> int:
    """Give the member `new_password` and end every session but `keep_session_id`; returns how many ended."""
    password_hash = make_password(new_password)  # the slow part, before taking the lock
    with transaction.atomic():
        # The UPDATE takes the row lock that a login's `SELECT ... FOR UPDATE` waits for.
        User.objects.filter(pk=user.pk).update(password=password_hash)
        ended = Session.objects.filter(user_id=user.pk).exclude(pk=keep_session_id).delete()[0]
        user.password = password_hash
        # Inside the transaction, so that what other apps do on it (recovery's notice) commits with it.
        signals.password_replaced.send(sender=User, user=user)
    return ended


def delete_member(*, user: User) -> None:
    """Delete the member and every session of theirs, whatever else they are doing.

    Their row is locked first: a login saving a session waits, then finds no member
    (accounts/session_cap.py). Without the lock, a session saved between the deletion
    of the sessions and of the member failed the foreign key at commit, and the
    account survived.
    """
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        user.delete()
