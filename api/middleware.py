"""Project-wide request middleware."""

import logging
import time

from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from api import logs

request_log = logging.getLogger("api.requests")

REQUEST_ID_HEADER = "X-Request-ID"


class RequestLogMiddleware:
    """Give each request an id and write one JSON log line when it is answered.

    It is the outermost middleware, so the line has the final status and the whole
    duration, whatever answered (a view, an error handler, CORS, a redirect). Only
    the method, the path without its query string, the status, the duration, the
    member's id and the error code are logged: never a header, a body or a token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = logs.request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        binding = logs.bind_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            log_request(request, response, duration_ms)
            return response
        finally:
            logs.unbind_request_id(binding)


def log_request(request, response, duration_ms: float) -> None:
    status = response.status_code
    # A 503 is an outage answered on purpose (logged once, as a warning, where it was
    # seen); any other 5xx is a bug.
    level = logging.ERROR if status >= 500 and status != 503 else logging.WARNING if status >= 400 else logging.INFO
    fields = {
        "request_id": request.request_id,
        "method": request.method,
        "path": request.path,
        "status": status,
        "duration_ms": duration_ms,
        "user_id": _member_id(request),
        # Set by api.envelope.error_response on every error envelope.
        "error_code": getattr(response, "error_code", None),
    }
    request_log.log(level, "%s %s %s", request.method, request.path, status, extra=fields)


def _member_id(request) -> int | None:
    # DRF copies the authenticated user onto the Django request; anonymous is None here.
    user = getattr(request, "user", None)
    return user.pk if getattr(user, "is_authenticated", False) else None


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (Accept-Language, `Vary`, `Content-Language`), scoped.

    Django leaves the request's language active in the thread afterwards, so code
    running outside any request there (a management command, a test) would speak
    the last client's language. The default language is restored when the answer
    is ready; error bodies are rendered before that, inside the view.
    """

    def __call__(self, request):
        try:
            return super().__call__(request)
        finally:
            translation.deactivate()


class OptionalTrailingSlashMiddleware:
    """Route `/signup/` exactly like `/signup`, without a redirect.

    A redirect would turn a client's POST into a GET on most HTTP libraries, so the
    slash is dropped before URL resolution instead. Routes are declared without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.path_info) > 1 and request.path_info.endswith("/"):
            request.path_info = request.path_info.rstrip("/") or "/"
        return self.get_response(request)


class PrivateAnswersMiddleware:
    """Keep API answers out of shared caches.

    Answers carry tokens and personal data and depend on the Authorization header;
    `no-store` keeps them out of proxies and browser caches (RFC 6749 §5.1 asks it
    of token answers; the rest is defence in depth). Static files are served by
    WhiteNoise before this middleware and keep their own caching headers.

    A view may declare its answer `public` (the same for everyone, like published
    keys): it keeps its own Cache-Control, and does not vary by Authorization,
    which would only split a shared cache's one copy per caller.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        if not _is_public(response):
            # Added to, not set: the language middleware has already put Accept-Language there.
            patch_vary_headers(response, ["Authorization"])
        return response


def _is_public(response) -> bool:
    directives = (directive.strip().lower() for directive in response["Cache-Control"].split(","))
    return "public" in directives
