"""The one place where exceptions become the `{"error": {...}}` envelope.

`api_exception_handler` serves DRF views; the `handler*` views below serve what
Django answers before or outside DRF (unknown paths, crashes). Both build the
body with `error_body`, so the envelope has a single definition.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf
from rest_framework.views import exception_handler as drf_exception_handler

from api import exceptions

availability_log = logging.getLogger("api.availability")

MALFORMED_JSON = _("요청 본문이 올바른 JSON 형식이 아닙니다.")

# DRF's and Django's own exceptions, translated to the contract's codes. An app whose
# errors stand for one of them registers the translation with `translate` (accounts
# does, for its token errors), so this layer never imports the apps built on it.
TRANSLATIONS: dict[type[Exception], type[exceptions.ApiError]] = {
    drf.NotFound: exceptions.NotFound,
    Http404: exceptions.NotFound,
    drf.MethodNotAllowed: exceptions.MethodNotAllowed,
    drf.UnsupportedMediaType: exceptions.UnsupportedMediaType,
    drf.PermissionDenied: exceptions.AccessDenied,
    DjangoPermissionDenied: exceptions.AccessDenied,
    drf.Throttled: exceptions.TooManyRequests,
    drf.ValidationError: exceptions.ValidationError,
    drf.ParseError: exceptions.ValidationError,
}


def translate(source: type[Exception], target: type[exceptions.ApiError]) -> None:
    """Answer `source`, raised by DRF or Django, as the contract error `target`."""
    TRANSLATIONS[source] = target


def api_exception_handler(exc, context):
    """DRF's exception handler, reshaped into the envelope.

    DRF's default runs first: it rolls back the transaction and works out
    `Retry-After`. The response is a plain JsonResponse, so it is JSON even from a
    view whose own renderer is HTML (Swagger UI). Unexpected exceptions return
    None, so that Django logs them and answers through `server_error`.
    """
    if isinstance(exc, RequestDataTooBig):
        # DRF reads `request.body` for JSON, where Django enforces the size limit;
        # an oversized body is the client's mistake, not a security event to log.
        exc = exceptions.PayloadTooLarge()
    elif isinstance(exc, OperationalError | InterfaceError):
        # The database cannot be reached (a restart, a failover, SQLite busy past its
        # timeout): the client may retry, and nothing is wrong with the code.
        exc = exceptions.ServiceUnavailable(part="database")
    if isinstance(exc, exceptions.ServiceUnavailable):
        # One line, no traceback: an outage is an operator's event, not a bug.
        availability_log.warning("%s unavailable", exc.part or "a part", extra={"part": exc.part})
    default = drf_exception_handler(exc, context)
    if default is None:
        return None
    response = error_response(as_api_error(exc), details=validation_details(exc))
    if "Retry-After" in default:
        response["Retry-After"] = default["Retry-After"]
    return response


def as_api_error(exc: Exception) -> exceptions.ApiError:
    if isinstance(exc, exceptions.ApiError):
        return exc
    for source, target in TRANSLATIONS.items():
        if isinstance(exc, source):
            return target()
    status_code = getattr(exc, "status_code", 500)
    if 400 <= status_code < 500:
        error = exceptions.BadRequest()
        error.status_code = status_code
        return error
    return exceptions.InternalError()


def validation_details(exc: Exception) -> dict[str, list[str]] | None:
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return {field: _as_messages(messages) for field, messages in detail.items()}
    if isinstance(exc, drf.ParseError):
        # The parser's own words can quote Python internals; clients get a plain reason.
        return {"non_field_errors": [str(MALFORMED_JSON)]}
    return None


def _as_messages(messages) -> list[str]:
    if isinstance(messages, dict):
        return [f"{key}: {text}" for key, value in messages.items() for text in _as_messages(value)]
    if isinstance(messages, list):
        return [text for item in messages for text in _as_messages(item)]
    return [str(messages)]


def error_body(error: exceptions.ApiError, *, details: dict | None = None) -> dict:
    body = {"code": error.code, "message": error.message, **error.error_fields()}
    if details:
        body["details"] = details
    return {**error.extra_body(), "error": body}


def bearer_challenge(error: exceptions.ApiError) -> str:
    """The RFC 6750 §3 challenge; `error` only when a token was presented."""
    if error.bearer_error:
        return f'{exceptions.BEARER_CHALLENGE}, error="{error.bearer_error}"'
    return exceptions.BEARER_CHALLENGE


def error_response(error: exceptions.ApiError, *, details: dict | None = None) -> JsonResponse:
    response = JsonResponse(
        error_body(error, details=details),
        status=error.status_code,
        json_dumps_params={"ensure_ascii": False},
    )
    if error.status_code == 401:
        response["WWW-Authenticate"] = bearer_challenge(error)
    # For the request log (api.middleware), which records the code, never the body.
    response.error_code = error.code
    return response


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return error_response(exceptions.PayloadTooLarge())
    return error_response(exceptions.BadRequest())


def permission_denied(request, exception=None):
    return error_response(exceptions.AccessDenied())


def page_not_found(request, exception=None):
    return error_response(exceptions.NotFound())


def server_error(request):
    # Django has already logged the exception with its traceback; none goes to the client.
    return error_response(exceptions.InternalError())
