"""Signing up and logging in. No HTTP here: views call these and serialize the result."""

from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from accounts.exceptions import InvalidCredentials, UserAlreadyExists
from accounts.models import User
from accounts.tokens import issue_access_token


def signup(*, username: str, password: str, nickname: str) -> User:
    """Create a member. A name taken in any letter case raises UserAlreadyExists.

    The database's unique index decides, not a lookup beforehand: two identical
    sign-ups arriving together give one member and one UserAlreadyExists.
    """
    user = User(username=username, nickname=nickname)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise UserAlreadyExists() from exc
    return user


def login(*, username: str, password: str, request=None) -> str:
    """Return an access token for valid credentials; raise InvalidCredentials otherwise.

    `authenticate()` runs the password hasher even for an unknown username
    (Django ticket #20760), so unknown user, wrong password and inactive account
    cannot be told apart by the answer or its timing.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise InvalidCredentials()
    return issue_access_token(user_id=user.pk)
