"""Sessions: starting one at login, refreshing its tokens, and ending it.

A session row is a refresh-token family. Rotation replaces the stored hash;
presenting any other validly signed refresh token of the family means a spent
token was replayed, so the whole family is ended (OAuth 2.0 Security BCP §4.14).
A session ends JWT_SESSION_MAX_LIFETIME after its login, however often it is
refreshed, and a member holds at most MAX_SESSIONS_PER_MEMBER of them.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from accounts import audit
from accounts.devices import device_label
from accounts.exceptions import InvalidCredentials
from accounts.models import ADDRESS_MAX_LENGTH, Session, User
from accounts.session_cap import save_within_cap
from tokens.exceptions import InvalidToken, TokenExpired
from tokens.tokens import Token, issue_access_token, issue_refresh_token, read_refresh_token


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    session_id: str
    # How the access token is presented (RFC 6750): the one kind this API issues.
    token_type: ClassVar[str] = "Bearer"


def start_session(
    user: User, *, address: str = "", user_agent: str = "", amr: tuple[str, ...] = ("pwd",)
) -> TokenPair:
    """A new session, after ending the member's least recently used ones if they hold too many.

    It keeps how the member logged in (`amr`, for its tokens) and, for "my devices",
    the client's address and a label for its user agent.
    """
    ends_at = int(time.time()) + settings.JWT_SESSION_MAX_LIFETIME
    now = timezone.now()  # one instant: a session is never last used before it started
    session = Session(
        user=user,
        ends_at=_as_datetime(ends_at),
        created_at=now,
        last_used_at=now,
        amr=list(amr),
        address=address[:ADDRESS_MAX_LENGTH],
        device=device_label(user_agent),
    )
    refresh = issue_refresh_token(user_id=user.pk, session_id=session.pk, not_after=ends_at)
    session.refresh_token_hash, session.refresh_expires_at = _stored_form(refresh.token)
    try:
        evicted = save_within_cap(session)
    except IntegrityError as exc:
        # The member's account was deleted after their password was checked: they are no member now.
        raise InvalidCredentials() from exc
    for session_id in evicted:
        audit.record("session_evicted", address=address, user_id=user.pk, session_id=session_id)
    return _pair(session, refresh.raw, not_after=ends_at)


def refresh_session(raw_refresh_token: str, *, address: str = "") -> TokenPair:
    """Exchange a refresh token for a new pair; the presented one is spent."""
    presented = read_refresh_token(raw_refresh_token)
    session = (
        Session.objects.select_related("user")
        .filter(pk=presented.session_id, user_id=presented.user_id)
        .first()
    )
    if session is None or not session.user.is_active:
        raise InvalidToken()
    if session.ends_at <= timezone.now():  # a token issued before sessions had an end
        raise TokenExpired()
    ends_at = int(session.ends_at.timestamp())
    refresh = issue_refresh_token(user_id=session.user_id, session_id=session.pk, not_after=ends_at)
    new_hash, new_expiry = _stored_form(refresh.token)
    # Compare-and-swap: of two refreshes racing with the same token, only one matches.
    refreshed = Session.objects.filter(
        pk=session.pk, refresh_token_hash=fingerprint(presented.token_id)
    ).update(
        refresh_token_hash=new_hash, refresh_expires_at=new_expiry, last_used_at=timezone.now()
    )
    if not refreshed:
        Session.objects.filter(pk=session.pk).delete()
        audit.record(
            "refresh_token_reused", address=address, user_id=session.user_id, session_id=session.pk
        )
        raise InvalidToken()
    audit.record("token_refreshed", address=address, user_id=session.user_id, session_id=session.pk)
    return _pair(session, refresh.raw, not_after=ends_at)


def end_session(
    *, user: User, session_id: str, refresh_token: str | None = None, address: str = ""
) -> int:
    """End the session; also the one a presented refresh token belongs to, if it is the user's."""
    session_ids = {session_id}
    if refresh_token:
        try:
            session_ids.add(read_refresh_token(refresh_token).session_id)
        except (InvalidToken, TokenExpired):
            pass  # logging out must not fail because a stale refresh token came along
    ended = Session.objects.filter(user=user, pk__in=session_ids).delete()[0]
    audit.record("logout", address=address, user_id=user.pk, session_id=session_id)
    return ended


def end_all_sessions(*, user: User, session_id: str | None = None, address: str = "") -> int:
    ended = Session.objects.filter(user=user).delete()[0]
    audit.record("logout_all", address=address, user_id=user.pk, session_id=session_id)
    return ended


def end_all_sessions_of(user: User) -> int:
    """End the member's sessions without an audit line: the caller writes its own."""
    return Session.objects.filter(user=user).delete()[0]


def purge_expired_sessions(*, now: datetime | None = None) -> int:
    """Delete sessions whose refresh token has expired or that have reached their end."""
    now = now or datetime.now(tz=UTC)
    return Session.objects.filter(Q(refresh_expires_at__lte=now) | Q(ends_at__lte=now)).delete()[0]


def fingerprint(token_id: str) -> str:
    """What is stored of a refresh token: the SHA-256 of its unique id (`jti`).

    A fast hash is enough, as the id is 128 random bits, not a password; hashing
    the id rather than the text makes re-encodings of one token the same token.
    """
    return hashlib.sha256(token_id.encode()).hexdigest()


def _stored_form(refresh_token: Token) -> tuple[str, datetime]:
    """What a session row keeps of its refresh token: the hash of its id, and its expiry."""
    return fingerprint(refresh_token.token_id), _as_datetime(refresh_token.expires_at)


def _as_datetime(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _pair(session: Session, refresh_token: str, *, not_after: int) -> TokenPair:
    """The new access token beside `refresh_token`; neither outlives the session's end, `not_after`."""
    access = issue_access_token(
        user_id=session.user_id, session_id=session.pk, not_after=not_after, amr=session.amr
    )
    expires_in = access.token.expires_at - access.token.issued_at
    return TokenPair(access.raw, refresh_token, expires_in, str(session.pk))
