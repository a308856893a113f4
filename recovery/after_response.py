"""Work a request leaves for after its response has gone out.

Sending mail takes as long as the mail server does, and a password reset request
must take the same time whether or not the member exists. So, inside a request,
such work waits until the WSGI server closes the response (Django's
`request_finished`), when the client already has every byte. Outside a request
(a management command, a test calling a service) it runs at once.
"""

import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.db import close_old_connections

log = logging.getLogger("recovery.after_response")

_waiting: ContextVar[list[Callable[[], None]] | None] = ContextVar(
    "recovery_after_response", default=None
)


def after_response(task: Callable[[], None]) -> None:
    waiting = _waiting.get()
    if waiting is None:
        task()
    else:
        waiting.append(task)


def request_started(**kwargs) -> None:
    _waiting.set([])


def request_finished(**kwargs) -> None:
    waiting = _waiting.get()
    _waiting.set(None)  # what these tasks leave in turn runs at once
    if not waiting:
        return
    for task in waiting:
        try:
            task()
        except Exception:
            # The response is gone and whatever failed waits for `deliver_mail`; never
            # let it reach the server, which would log it as a failed request.
            log.exception("work after the response failed")
    close_old_connections()
