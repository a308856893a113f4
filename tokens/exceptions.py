"""The errors of presenting a token, one per contract code."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from api.exceptions import ApiError


class TokenNotFound(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "TOKEN_NOT_FOUND"
    default_detail = _("토큰이 없습니다.")


class TokenExpired(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "TOKEN_EXPIRED"
    default_detail = _("토큰이 만료되었습니다.")
    bearer_error = "invalid_token"


class InvalidToken(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "INVALID_TOKEN"
    default_detail = _("토큰이 유효하지 않습니다.")
    bearer_error = "invalid_token"
