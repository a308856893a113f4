"""Project-wide request middleware."""

import logging
import time

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
    # Any 5xx but the response to an outage is a bug.
    level = (
        logging.ERROR
        if status >= 500 and status != logs.OUTAGE_RESPONSE_STATUS
        else logging.WARNING
        if status >= 400
        else logging.INFO
    )
    if not request_log.isEnabledFor(level):
        return
    fields = {
        "request_id": request.request_id,
        "method": request.method,
        "path": request.path,
        "status": status,
        "duration_ms": duration_ms,
        "user_id": _user_id(request),
        # Set by api.envelope.error_response on every error envelope.
        "error_code": getattr(response, "error_code", None),
    }
    # What Logger.log() does, minus its walk up the stack for a source line that
    # the JSON lines never show: a fifth of the cost of a line.
    record = request_log.makeRecord(
        request_log.name,
        level,
        "",
        0,
        "%s %s %s",
        (request.method, request.path, status),
        None,
        extra=fields,
    )
    request_log.handle(record)


def _user_id(request) -> int | None:
    # DRF copies the authenticated user onto the Django request; anonymous is None here.
    user = getattr(request, "user", None)
    return user.pk if getattr(user, "is_authenticated", False) else None


class LanguageMiddleware:
    """Speak the client's language (Accept-Language) while this request is served.

    What Django's LocaleMiddleware does for URLs without language prefixes, which
    this API never has: skipping the prefix checks halves its cost. `Vary` and
    `Content-Language` say which language the response is in. Django would leave
    the language active in the thread afterwards, so code running outside any
    request there (a management command, a test) would speak the last client's
    language; the default is restored once the response is ready. Error bodies are
    rendered before that.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        patch_vary_headers(response, ["Accept-Language"])
        response.headers.setdefault("Content-Language", language)
        return response


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


class PrivateResponsesMiddleware:
    """Keep API responses out of shared caches.

    Responses carry tokens and personal data and depend on the Authorization header;
    `no-store` keeps them out of proxies and browser caches (RFC 6749 §5.1 asks it
    of token responses; the rest is defence in depth). Static files are served by
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
