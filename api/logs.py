"""Structured logs: one JSON object per line on stdout, tagged with the request id.

The standard library's logging does the work; this module adds a formatter that
writes JSON and the request id of the request being served. Only the fields named
in `FIELDS` leave a log record, so an `extra={...}` holding a request object, a
body or a header can never spill into the logs by accident.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

# What a log line may carry besides time, level, logger and message: the request log's
# fields, then the audit trail's (accounts/audit.py).
FIELDS = (
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "user_id",
    "error_code",
    "status_code",
    "part",
    "event",
    "address",
    "session_id",
    "username_key",
    "limit",
    "actor_id",
    "roles_before",
    "roles_after",
    # Recovery by mail (recovery/): an address only as its fingerprint, never in clear.
    "email_key",
    "outcome",
    "kind",
    "sessions_ended",
    "mail_id",
    "error",
)

# An incoming X-Request-ID is kept only if it is short and made of characters that
# need no escaping anywhere it is echoed: a response header, a log line, a query.
# UUIDs, hex ids and AWS-style "Root=1-abc-def" ids pass; anything else is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/-]{1,128}")

# Made once: json.dumps() with options builds a new encoder for every line.
ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)

# A 503 is the response to an outage, given on purpose and logged once as a warning where it was seen:
# neither the request log nor Django logs it as an error.
OUTAGE_RESPONSE_STATUS = 503

_current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def request_id_from(incoming: str | None) -> str:
    """The client's request id if it is sane, else a fresh one."""
    if incoming and SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return _current_request_id.get()


def bind_request_id(request_id: str):
    """Tag every log record made while serving this request; returns a reset token."""
    return _current_request_id.set(request_id)


def unbind_request_id(token) -> None:
    _current_request_id.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on a single line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        entry.setdefault("request_id", current_request_id())
        if entry["request_id"] is None:
            del entry["request_id"]
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return ENCODER.encode(entry)


class SkipOutageResponses(logging.Filter):
    """Drop Django's own ERROR line for a 503: an outage is logged once, as a warning, where it is seen."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != OUTAGE_RESPONSE_STATUS
