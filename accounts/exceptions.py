"""The errors of signing up, logging in and managing members, one per contract code.

The errors of presenting a token are the tokens app's (tokens/exceptions.py).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from api.exceptions import ApiError


class UserAlreadyExists(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "USER_ALREADY_EXISTS"
    default_detail = _("이미 가입된 사용자입니다.")


class InvalidCredentials(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "INVALID_CREDENTIALS"
    default_detail = _("아이디 또는 비밀번호가 올바르지 않습니다.")


class UserNotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "USER_NOT_FOUND"
    default_detail = _("사용자를 찾을 수 없습니다.")
