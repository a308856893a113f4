"""Sessions: starting one at login, refreshing its tokens, and ending it.

A session row is a refresh-token family. Rotation replaces the stored hash;
presenting any other validly signed refresh token of the family means a spent
token was replayed, so the whole family is ended (OAuth 2.0 Security BCP §4.14).
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

from accounts.exceptions import InvalidToken, TokenExpired
from accounts.models import Session, User
from accounts.tokens import Token, issue_access_token, issue_refresh_token, read_refresh_token


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def start_session(user: User) -> TokenPair:
    session = Session(user=user)
    refresh = issue_refresh_token(user_id=user.pk, session_id=session.pk)
    session.refresh_token_hash, session.refresh_expires_at = _stored_form(refresh.token)
    session.save(force_insert=True)
    return _pair(session, refresh.raw)


def refresh_session(raw_refresh_token: str) -> TokenPair:
    """Exchange a refresh token for a new pair; the presented one is spent."""
    presented = read_refresh_token(raw_refresh_token)
    session = (
        Session.objects.select_related("user")
        .filter(pk=presented.session_id, user_id=presented.user_id)
        .first()
    )
    if session is None or not session.user.is_active:
        raise InvalidToken()
    refresh = issue_refresh_token(user_id=session.user_id, session_id=session.pk)
    new_hash, new_expiry = _stored_form(refresh.token)
    # Compare-and-swap: of two refreshes racing with the same token, only one matches.
    renewed = Session.objects.filter(
        pk=session.pk, refresh_token_hash=fingerprint(presented.token_id)
    ).update(refresh_token_hash=new_hash, refresh_expires_at=new_expiry)
    if not renewed:
        Session.objects.filter(pk=session.pk).delete()
        raise InvalidToken()
    return _pair(session, refresh.raw)


def end_session(*, user: User, session_id: str, refresh_token: str | None = None) -> int:
    """End the session; also the one a presented refresh token belongs to, if it is the user's."""
    session_ids = {session_id}
    if refresh_token:
        try:
            session_ids.add(read_refresh_token(refresh_token).session_id)
        except (InvalidToken, TokenExpired):
            pass  # logging out must not fail because a stale refresh token came along
    return Session.objects.filter(user=user, pk__in=session_ids).delete()[0]


def end_all_sessions(*, user: User) -> int:
    return Session.objects.filter(user=user).delete()[0]


def end_other_sessions(*, user: User, keep_session_id: str) -> int:
    return Session.objects.filter(user=user).exclude(pk=keep_session_id).delete()[0]


def purge_expired_sessions(*, now: datetime | None = None) -> int:
    now = now or datetime.now(tz=UTC)
    return Session.objects.filter(refresh_expires_at__lte=now).delete()[0]


def fingerprint(token_id: str) -> str:
    """What is stored of a refresh token: the SHA-256 of its unique id (`jti`).

    A fast hash is enough, as the id is 128 random bits, not a password; hashing
    the id rather than the text makes re-encodings of one token the same token.
    """
    return hashlib.sha256(token_id.encode()).hexdigest()


def _stored_form(refresh_token: Token) -> tuple[str, datetime]:
    """What a session row keeps of its refresh token: the hash of its id, and its expiry."""
    return fingerprint(refresh_token.token_id), datetime.fromtimestamp(refresh_token.expires_at, tz=UTC)


def _pair(session: Session, refresh_token: str) -> TokenPair:
    access_token = issue_access_token(user_id=session.user_id, session_id=session.pk)
    return TokenPair(access_token, refresh_token, settings.JWT_ACCESS_TOKEN_LIFETIME)
