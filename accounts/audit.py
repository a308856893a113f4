"""The security audit trail: one JSON line per security event, on the logger `api.audit`.

Each line names its event and carries the client address, and the member and
session where they are known; the request id comes from the request log's
context (api/logs.py). What a person typed never goes in: a username appears
only as its `username_key` fingerprint, so attacks on one name can still be
correlated, and a password typed into the username field leaves no trace.
Passwords and tokens are never passed here at all. Each event is also counted
in the metric `authapi_auth_events_total{event}`.
"""

import logging

from api import metrics

audit_log = logging.getLogger("api.audit")

# Every event, with the level it is written at: warnings are what an operator may act on.
EVENTS = {
    "signup": logging.INFO,
    "login_succeeded": logging.INFO,
    "login_failed": logging.WARNING,
    "login_limited": logging.WARNING,
    "token_refreshed": logging.INFO,
    "refresh_token_reused": logging.WARNING,
    "logout": logging.INFO,
    "logout_all": logging.INFO,
    "password_changed": logging.INFO,
    "account_deleted": logging.INFO,
    "roles_changed": logging.WARNING,
    "sessions_ended_by_administrator": logging.WARNING,
    "session_evicted": logging.INFO,
    # Recovery by mail (the recovery app): an address stands as its `email_key` fingerprint.
    "email_added": logging.INFO,
    "email_verified": logging.INFO,
    "password_reset_requested": logging.WARNING,
    "password_reset": logging.WARNING,
    "notification_sent": logging.INFO,
    "session_revoked": logging.INFO,
    # Second factors (the mfa app).
    "mfa_enrolled": logging.INFO,
    "mfa_disabled": logging.WARNING,
    "mfa_succeeded": logging.INFO,
    "mfa_failed": logging.WARNING,
    "recovery_code_used": logging.WARNING,
    "recovery_codes_replaced": logging.INFO,
}

metrics.list_at_zero(metrics.AUTH_EVENTS, EVENTS)


def record(
    event: str,
    *,
    address: str,
    user_id: int | None = None,
    session_id=None,
    **details,
) -> None:
    """Write one audit line; `details` are the event's own fields (limit, actor_id, roles...)."""
    metrics.count_auth_event(event)
    fields = {"event": event, "address": address, "user_id": user_id, **details}
    if session_id is not None:
        fields["session_id"] = str(session_id)
    audit_log.log(EVENTS[event], event, extra=fields)
