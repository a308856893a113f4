""" "My devices": a member's own live sessions, and ending one of them by its id.

A session's id is the `sid` its tokens carry, never a token's `jti`: it names the
login, not a token, and proves nothing by itself (only its own member, with a live
token, can list or end it). `last_used_at` is the login or the latest refresh, not
the latest request: writing on every request would cost more than it tells.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from accounts import audit
from accounts.exceptions import SessionNotFound
from accounts.models import Session, User


@dataclass(frozen=True)
class SessionView:
    id: str
    created_at: datetime
    last_used_at: datetime
    address: str
    device: str
    current: bool


def list_sessions(*, user: User, current_session_id: str) -> list[SessionView]:
    """Every live session of the member, the most recently used first."""
    now = timezone.now()
    live = (
        Session.objects.filter(user=user, ends_at__gt=now, refresh_expires_at__gt=now)
        .order_by("-last_used_at", "-created_at")
        .values_list("pk", "created_at", "last_used_at", "address", "device")
    )
    return [
        SessionView(str(pk), created, used, address, device, str(pk) == str(current_session_id))
        for pk, created, used, address, device in live
    ]


def end_session_by_id(
    *, user: User, session_id: str, current_session_id: str | None = None, address: str = ""
) -> int:
    """End one of the member's sessions at once; another member's is as unknown as no session."""
    try:
        key = uuid.UUID(session_id)
    except ValueError:
        raise SessionNotFound() from None
    ended = Session.objects.filter(Q(pk=key) & Q(user=user)).delete()[0]
    if not ended:
        raise SessionNotFound()
    audit.record(
        "session_revoked",
        address=address,
        user_id=user.pk,
        session_id=current_session_id,
        revoked_session_id=str(key),
    )
    return ended
