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


class MfaRequired(ApiError):
    """The password alone is not enough: a second factor must be shown.

    At login it carries the half-login's `mfa_token` inside `error`, so a client
    written for the plain login sees an error code, never half a success.
    """

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "MFA_REQUIRED"
    default_detail = _("2단계 인증이 필요합니다.")

    def __init__(self, *, mfa_token: str | None = None, expires_in: int | None = None):
        super().__init__()
        self.mfa_token = mfa_token
        self.expires_in = expires_in

    def error_fields(self) -> dict:
        if self.mfa_token is None:
            return {}
        return {"mfa_token": self.mfa_token, "expires_in": self.expires_in}


class SessionNotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "SESSION_NOT_FOUND"
    default_detail = _("세션을 찾을 수 없습니다.")


class InvalidCode(ApiError):
    """A second-factor code that is wrong, already used, or from another time.

    The same code and words as recovery's mailed-code refusal, but 401: here the code is a
    credential, so the client is told to authenticate again (a mailed code is an input, 400).
    """

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "INVALID_CODE"
    default_detail = _("코드가 올바르지 않습니다.")
