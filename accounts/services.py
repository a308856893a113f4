"""What members and administrators can do. No HTTP here: views call these."""

from contextlib import suppress

from django.contrib.auth import authenticate
from django.db import DatabaseError, IntegrityError, transaction

from accounts import audit, credentials, limits, second_factor, sessions
from accounts.exceptions import InvalidCredentials, UserAlreadyExists, UserNotFound
from accounts.models import User
from accounts.roles import normalise_roles
from accounts.sessions import TokenPair
from accounts.usernames import username_fingerprint, username_key
from api.exceptions import ServiceUnavailable, TooManyRequests


def signup(*, username: str, password: str, nickname: str, address: str = "") -> User:
    """Create a member. A name taken in any letter case raises UserAlreadyExists.

    The database's unique index decides, not a lookup beforehand: two identical
    sign-ups arriving together give one member and one UserAlreadyExists.
    Every attempt counts against the address, as a 409 tells whether a name exists.
    """
    limits.count_signup(address=address)
    user = User(username=username, nickname=nickname)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise UserAlreadyExists() from exc
    audit.record("signup", address=address, user_id=user.pk)
    return user


def login(
    *, username: str, password: str, address: str = "", user_agent: str = "", request=None
) -> TokenPair:
    """Start a session for valid credentials; raise InvalidCredentials otherwise.

    `authenticate()` runs the password hasher even for an unknown username
    (Django ticket #20760), so unknown user, wrong password and inactive account
    cannot be told apart by the response or its timing. A member with a second
    factor gets MfaRequired instead of a session (accounts/second_factor.py).
    """
    user = _verified(username, password, address, request)
    second_factor.policy().check_login(user, address=address)
    return start_login(user=user, address=address, user_agent=user_agent)


def start_login(
    *, user: User, address: str = "", user_agent: str = "", amr: tuple[str, ...] = ("pwd",)
) -> TokenPair:
    """The session of a login whose every factor has been checked."""
    pair = sessions.start_session(user, address=address, user_agent=user_agent, amr=amr)
    audit.record("login_succeeded", address=address, user_id=user.pk, session_id=pair.session_id)
    return pair


def check_password(
    *, user: User, password: str, address: str = "", session_id: str | None = None
) -> None:
    """Raise InvalidCredentials unless `password` is the member's, under the guessing limits."""
    _verified(user.username, password, address, session_id=session_id)


def change_password(
    *,
    user: User,
    current_password: str,
    new_password: str,
    session_id: str,
    address: str = "",
    mfa_code: str | None = None,
) -> int:
    """Set a new password and end every other session; returns how many ended."""
    confirm_password(
        user=user,
        password=current_password,
        session_id=session_id,
        address=address,
        step_up=True,
        mfa_code=mfa_code,
    )
    ended = credentials.replace_password(
        user=user, new_password=new_password, keep_session_id=session_id
    )
    audit.record("password_changed", address=address, user_id=user.pk, session_id=session_id)
    return ended


def replace_password(*, user: User, new_password: str, keep_session_id: str | None = None) -> int:
    """Set a new password and end every session but `keep_session_id`; returns how many ended.

    The one path by which a password is replaced: a change, and a reset by mail (recovery).
    See accounts/credentials.py for why no login with the old password outlives it.
    """
    return credentials.replace_password(
        user=user, new_password=new_password, keep_session_id=keep_session_id
    )


def confirm_password(
    *,
    user: User,
    password: str,
    session_id: str | None,
    address: str = "",
    step_up: bool = False,
    mfa_code: str | None = None,
) -> None:
    """Check the member's own password, counted under the login limits; raise InvalidCredentials.

    With `step_up`, a member with a second factor must show it too (`mfa_code`). The
    password is checked first, so a mistyped password never spends a one-time code, and a
    stolen token without the password learns nothing about the member's codes.
    """
    _verified(user.username, password, address, session_id=session_id)
    if step_up:
        second_factor.policy().check_step_up(
            user, code=mfa_code, address=address, session_id=session_id
        )


def delete_account(
    *,
    user: User,
    password: str,
    session_id: str | None = None,
    address: str = "",
    mfa_code: str | None = None,
) -> None:
    """Delete the member and, with them, every session; the name becomes free."""
    confirm_password(
        user=user,
        password=password,
        session_id=session_id,
        address=address,
        step_up=True,
        mfa_code=mfa_code,
    )
    user_id = user.pk
    credentials.delete_member(user=user)
    audit.record("account_deleted", address=address, user_id=user_id, session_id=session_id)


def set_roles(
    *,
    user_id: int,
    roles: list[str],
    actor: User | None = None,
    session_id: str | None = None,
    address: str = "",
) -> User:
    user = _member(user_id)
    roles_before = user.roles
    user.roles = normalise_roles(roles)
    user.save(update_fields=["roles"])
    audit.record(
        "roles_changed",
        address=address,
        user_id=user.pk,
        session_id=session_id,
        actor_id=actor.pk if actor else None,
        roles_before=roles_before,
        roles_after=user.roles,
    )
    return user


def end_member_sessions(
    *,
    user_id: int,
    actor: User | None = None,
    session_id: str | None = None,
    address: str = "",
) -> int:
    """End every session of one member at once, for an administrator or an operator (ASVS V7.4.5).

    Their access tokens stop working on the next request, as each request joins its
    session; `actor` is None when an operator ran the management command.
    """
    user = _member(user_id)
    ended = sessions.end_all_sessions_of(user)
    audit.record(
        "sessions_ended_by_administrator",
        address=address,
        user_id=user.pk,
        session_id=session_id,
        actor_id=actor.pk if actor else None,
        sessions_ended=ended,
    )
    return ended


def _member(user_id: int) -> User:
    """The member with this id; UserNotFound if there is none."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise UserNotFound()
    return user


def _verified(
    username: str, password: str, address: str, request=None, session_id: str | None = None
) -> User:
    """Check a password under the guessing limits.

    The check is counted before the password is checked, so guesses sent together
    cannot all pass the limit; a success then takes its count back. Refusals and
    failures go to the audit trail under the username's keyed fingerprint, never
    the name as typed.
    """
    key = username_key(username)
    try:
        check = limits.count_password_check(username_key=key, address=address)
    except TooManyRequests as refusal:
        audit.record(
            "login_limited",
            address=address,
            session_id=session_id,
            username_key=username_fingerprint(username),
            limit=refusal.limit,
        )
        raise
    try:
        user = authenticate(request, username=username, password=password)
    except DatabaseError:
        # The password was never checked, so it is no failure: an outage must not lock
        # members out. Taking the count back may fail too, if the counters are down.
        with suppress(DatabaseError, ServiceUnavailable):
            check.cancel()
        raise
    if user is None:
        known = User.objects.filter(username_key=key).values_list("pk", flat=True).first()
        audit.record(
            "login_failed",
            address=address,
            user_id=known,
            session_id=session_id,
            username_key=username_fingerprint(username),
        )
        raise InvalidCredentials()
    check.succeeded()
    return user
