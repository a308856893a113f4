"""The base of every error in the API contract, and the protocol-level errors.

Each class carries its HTTP status, its contract code (`default_code`) and its
message (`default_detail`). Domain errors live beside their domain
(`accounts.exceptions`, `tokens.exceptions`); they subclass `ApiError` too.

Messages are written in Korean, the contract's default language, and marked for
translation: the Korean text is the msgid, so an absent or unknown language (or a
missing catalogue) still gives the exact Korean words. `locale/en` holds English.
They are lazy, and DRF turns them into text when an exception is made, that is
in the language of the request being answered.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

# The challenge of every 401 (RFC 6750 §3); the envelope adds error="..." when a token
# was presented (`ApiError.bearer_error`).
BEARER_CHALLENGE = 'Bearer realm="api"'


class ApiError(APIException):
    """An error the API answers on purpose, in the `{"error": {...}}` envelope."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "BAD_REQUEST"
    default_detail = _("잘못된 요청입니다.")
    # The RFC 6750 `error` attribute of the WWW-Authenticate challenge, for 401s.
    bearer_error: str | None = None

    @property
    def code(self) -> str:
        return self.detail.code

    @property
    def message(self) -> str:
        return str(self.detail)

    def extra_body(self) -> dict:
        """Top-level fields that go beside `error` in the body; none by default."""
        return {}

    def error_fields(self) -> dict:
        """Fields that go inside `error`, beside its code and message; none by default."""
        return {}


class BadRequest(ApiError):
    """A request the API cannot read at all (for example a Host it does not serve)."""

    default_code = "BAD_REQUEST"
    default_detail = _("잘못된 요청입니다.")


class ValidationError(ApiError):
    default_code = "VALIDATION_ERROR"
    default_detail = _("입력값이 올바르지 않습니다.")


class NotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "NOT_FOUND"
    default_detail = _("요청한 경로를 찾을 수 없습니다.")


class MethodNotAllowed(ApiError):
    status_code = status.HTTP_405_METHOD_NOT_ALLOWED
    default_code = "METHOD_NOT_ALLOWED"
    default_detail = _("허용되지 않은 메서드입니다.")


class UnsupportedMediaType(ApiError):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    default_code = "UNSUPPORTED_MEDIA_TYPE"
    default_detail = _("지원하지 않는 콘텐츠 형식입니다. application/json으로 보내 주세요.")


class PayloadTooLarge(ApiError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "PAYLOAD_TOO_LARGE"
    default_detail = _("요청 본문이 너무 큽니다.")


class HttpsRequired(ApiError):
    # 403, not a redirect: by the time a client followed one, its password or token would
    # already have crossed in the clear, and a client that is refused notices at once.
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "HTTPS_REQUIRED"
    default_detail = _("HTTPS로 요청해 주세요. 암호화되지 않은 HTTP 요청은 받지 않습니다.")


class AccessDenied(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "ACCESS_DENIED"
    default_detail = _("관리자 권한이 필요한 요청입니다. 접근 권한이 없습니다.")


class TooManyRequests(ApiError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "TOO_MANY_REQUESTS"
    default_detail = _("요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.")

    def __init__(self, *, wait: int | None = None, limit: str | None = None):
        super().__init__()
        # Read by DRF's exception handler, which turns it into `Retry-After`.
        self.wait = max(1, wait) if wait is not None else None
        self.limit = limit  # the name of the limit that refused the request


class ServiceUnavailable(ApiError):
    """A part the request needs (the database, Redis) cannot be reached just now."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "SERVICE_UNAVAILABLE"
    default_detail = _("서비스를 일시적으로 사용할 수 없습니다.")
    # Seconds a client should wait before trying again: outages seen here are restarts.
    retry_after = 5

    def __init__(self, *, part: str | None = None, checks: dict[str, str] | None = None):
        super().__init__()
        self.part = part
        self.checks = checks
        self.wait = self.retry_after  # DRF's handler turns it into `Retry-After`

    def extra_body(self) -> dict:
        # The health check names each part and its state beside the envelope.
        return {"status": "unavailable", "checks": self.checks} if self.checks else {}


class InternalError(ApiError):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    default_code = "INTERNAL_ERROR"
    default_detail = _("서버 내부 오류가 발생했습니다.")
