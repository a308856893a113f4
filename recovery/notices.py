"""Mails that tell a member what happened to their account."""

from django.db import transaction

from accounts.models import User
from recovery import mails, outbox


def password_replaced(*, user, **kwargs) -> None:
    """On accounts' signal, in its transaction: a changed or reset password is told by mail."""
    # Read again: the member at hand may have been loaded without the address.
    address = User.objects.filter(pk=user.pk).values_list("email", flat=True).first()
    if address:
        rendered = mails.password_changed(username=user.username)
        outbox.enqueue(to=address, rendered=rendered, kind="password_changed", user_id=user.pk)


def recovery_code_used(*, user_id: int, remaining: int, **kwargs) -> None:
    """On accounts' signal, in the spend's transaction: a used recovery code is told by mail.

    A member who did not use it learns that their codes are known to someone else.
    """
    member = User.objects.filter(pk=user_id).only("username", "email").first()
    if member is not None and member.email:
        rendered = mails.recovery_code_used(username=member.username, remaining=remaining)
        outbox.enqueue(
            to=member.email, rendered=rendered, kind="recovery_code_used", user_id=user_id
        )


def email_changed(*, user, old_address: str, new_address: str) -> None:
    assert transaction.get_connection().in_atomic_block, "written with the change it tells of"
    rendered = mails.email_changed(username=user.username, new_email=new_address)
    outbox.enqueue(to=old_address, rendered=rendered, kind="email_changed", user_id=user.pk)
