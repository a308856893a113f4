"""Recovery by mail: an address on the account, its verification, password resets.

No HTTP here: views call these. A limit is counted before its transaction opens,
so a refused attempt's count is not rolled back with it.
"""

import hashlib

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import translation

from accounts import audit, second_factor
from accounts import services as accounts
from accounts.models import User
from accounts.usernames import username_key
from recovery import codes, limits, mails, notices, outbox
from recovery.after_response import after_response
from recovery.exceptions import EmailAlreadyInUse
from recovery.models import Purpose


def signup(*, email: str | None = None, address: str = "", **member) -> User:
    """Sign up (accounts.services.signup), then ask to verify the address, if one was given."""
    user = accounts.signup(**member, address=address)
    if email:
        with transaction.atomic():
            _ask_to_verify(user, email, address)
    return user


def change_email(
    *,
    user: User,
    email: str,
    password: str,
    session_id: str,
    address: str = "",
    mfa_code: str | None = None,
) -> None:
    """Ask to verify a new address; the verified one stays until the new one is verified."""
    accounts.confirm_password(
        user=user,
        password=password,
        session_id=session_id,
        address=address,
        step_up=True,
        mfa_code=mfa_code,
    )
    limits.count_email_change(user_id=user.pk)
    with transaction.atomic():
        _ask_to_verify(user, email, address)


def verify_email(*, code: str, address: str = "") -> str:
    """Make the address a code proves the member's, and return it; the old one is told."""
    limits.count_code_attempt(address=address)
    with transaction.atomic():
        record = codes.redeem(code=code, purpose=Purpose.VERIFY)
        _make_verified(record.user, record.email)
    limits.code_attempt_succeeded(address=address)
    audit.record(
        "email_verified", address=address, user_id=record.user_id, email_key=email_key(record.email)
    )
    return record.email


def request_reset(
    *, email: str | None = None, username: str | None = None, address: str = ""
) -> None:
    """Mail a reset code to the member's verified address, if there is such a member.

    Only the client's limit is counted before the response; looking for the member and
    writing the mail wait until after it (recovery.after_response), so the response is
    the same, in content and in time, for a member, a stranger and a member without an
    address (OWASP Forgot Password Cheat Sheet).
    """
    limits.count_reset_request(address=address)
    _ensure_database_answers()
    language = translation.get_language()
    after_response(
        lambda: _mail_reset_code(email=email, username=username, address=address, language=language)
    )


def _ensure_database_answers() -> None:
    """Raise (503) now if the database is down, rather than accept a request nobody can carry out.

    The same statement for a member, a stranger and a member without an address: it shows
    nothing about them.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def reset_password(
    *, code: str, new_password: str, mfa_code: str | None = None, address: str = ""
) -> int:
    """Set a new password with a reset code and end every session; returns how many ended.

    A mail proves the mailbox, not the member: one with a second factor shows it too, or
    a stolen mailbox would undo it. The mailed code is only looked at until the second
    factor is shown, so a refusal leaves it to be used again.
    """
    limits.count_code_attempt(address=address)
    member = codes.peek(code=code, purpose=Purpose.RESET).user
    second_factor.policy().check_step_up(member, code=mfa_code, address=address, session_id=None)
    with transaction.atomic():
        record = codes.redeem(code=code, purpose=Purpose.RESET)
        ended = _replace_password(record.user, new_password)
    limits.code_attempt_succeeded(address=address)
    audit.record("password_reset", address=address, user_id=record.user_id, sessions_ended=ended)
    return ended


def _replace_password(user: User, new_password: str) -> int:
    """The one call of accounts' password change: the same path as POST /me/password."""
    return accounts.replace_password(user=user, new_password=new_password, keep_session_id=None)


def _ask_to_verify(user: User, email: str, address: str) -> None:
    User.objects.filter(pk=user.pk).update(email_pending=email)
    lifetime = settings.EMAIL_VERIFY_CODE_LIFETIME
    # A new code voids the member's older ones, so an address given before proves nothing now.
    code = codes.issue(user=user, purpose=Purpose.VERIFY, lifetime=lifetime, email=email)
    rendered = mails.verification(username=user.username, code=code)
    outbox.enqueue(to=email, rendered=rendered, kind="verify", user_id=user.pk, lifetime=lifetime)
    audit.record("email_added", address=address, user_id=user.pk, email_key=email_key(email))


def _make_verified(user: User, email: str) -> None:
    member = User.objects.select_for_update().only("email", "email_pending").get(pk=user.pk)
    old = member.email
    member.email = email
    if member.email_pending and member.email_pending.lower() == email.lower():
        member.email_pending = None
    try:
        with transaction.atomic():
            member.save(update_fields=["email", "email_pending"])
    except IntegrityError as exc:
        # The unique index decides, so two members verifying one address at once cannot both win.
        raise EmailAlreadyInUse() from exc
    if old and old.lower() != email.lower():
        notices.email_changed(user=user, old_address=old, new_address=email)


def _mail_reset_code(*, email, username, address: str, language: str) -> None:
    with translation.override(language):
        user, to, outcome = _member_to_reset(email, username)
        if outcome == "found" and not limits.reset_mail_allowed(user_id=user.pk):
            outcome = "limited"
        audit.record(
            "password_reset_requested",
            address=address,
            user_id=user.pk if user else None,
            outcome=outcome,
        )
        if outcome != "found":
            return
        lifetime = settings.PASSWORD_RESET_CODE_LIFETIME
        with transaction.atomic():
            code = codes.issue(user=user, purpose=Purpose.RESET, lifetime=lifetime)
            rendered = mails.reset(username=user.username, code=code)
            outbox.enqueue(
                to=to, rendered=rendered, kind="reset", user_id=user.pk, lifetime=lifetime
            )


def _member_to_reset(email, username) -> tuple[User | None, str | None, str]:
    """The member, their verified address, and what was found: found, no_member or no_address."""
    members = User.objects.filter(is_active=True)
    if email:
        # Lower(), as the unique index is on it: one index look-up.
        user = members.alias(key=Lower("email")).filter(key=email.lower()).first()
    else:
        user = members.filter(username_key=username_key(username)).first()
    if user is None:
        return None, None, "no_member"
    return user, user.email, "found" if user.email else "no_address"


def email_key(email: str) -> str:
    """An address's fingerprint for the audit trail: attempts on one address correlate, unread."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:32]
