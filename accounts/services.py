"""What members and administrators can do. No HTTP here: views call these."""

from contextlib import suppress

from django.contrib.auth import authenticate
from django.db import DatabaseError, IntegrityError, transaction

from accounts import sessions, throttling
from accounts.exceptions import InvalidCredentials, UserAlreadyExists, UserNotFound
from accounts.models import User
from accounts.roles import normalise_roles
from accounts.sessions import TokenPair
from accounts.usernames import username_key
from api.exceptions import ServiceUnavailable


def signup(*, username: str, password: str, nickname: str, address: str = "") -> User:
    """Create a member. A name taken in any letter case raises UserAlreadyExists.

    The database's unique index decides, not a lookup beforehand: two identical
    sign-ups arriving together give one member and one UserAlreadyExists.
    Every attempt counts against the address, as a 409 tells whether a name exists.
    """
    throttling.count_signup(address=address)
    user = User(username=username, nickname=nickname)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise UserAlreadyExists() from exc
    return user


def login(*, username: str, password: str, address: str = "", request=None) -> TokenPair:
    """Start a session for valid credentials; raise InvalidCredentials otherwise.

    `authenticate()` runs the password hasher even for an unknown username
    (Django ticket #20760), so unknown user, wrong password and inactive account
    cannot be told apart by the answer or its timing.
    """
    user = _verified(username, password, address, request)
    return sessions.start_session(user)


def change_password(
    *, user: User, current_password: str, new_password: str, session_id: str, address: str = ""
) -> int:
    """Set a new password and end every other session; returns how many ended."""
    _verified(user.username, current_password, address)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return sessions.end_other_sessions(user=user, keep_session_id=session_id)


def delete_account(*, user: User, password: str, address: str = "") -> None:
    """Delete the member and, with them, every session; the name becomes free."""
    _verified(user.username, password, address)
    user.delete()


def set_roles(*, user_id: int, roles: list[str]) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise UserNotFound()
    user.roles = normalise_roles(roles)
    user.save(update_fields=["roles"])
    return user


def _verified(username: str, password: str, address: str, request=None) -> User:
    """Check a password under the guessing limits.

    The check is counted before the password is checked, so guesses sent together
    cannot all pass the limit; a success then takes its count back.
    """
    check = throttling.count_password_check(username_key=username_key(username), address=address)
    try:
        user = authenticate(request, username=username, password=password)
    except DatabaseError:
        # The password was never checked, so it is no failure: an outage must not lock
        # members out. Taking the count back may fail too, if the counters are down.
        with suppress(DatabaseError, ServiceUnavailable):
            check.cancel()
        raise
    if user is None:
        raise InvalidCredentials()
    check.succeeded()
    return user
