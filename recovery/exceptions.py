"""The errors of addresses and one-time codes, one per contract code."""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from api.exceptions import ApiError


class InvalidCode(ApiError):
    """Wrong, spent, voided or meant for another purpose: all look the same."""

    default_code = "INVALID_CODE"
    default_detail = _("코드가 올바르지 않습니다.")


class CodeExpired(ApiError):
    default_code = "CODE_EXPIRED"
    default_detail = _("코드가 만료되었습니다. 새 코드를 요청해 주세요.")


class EmailAlreadyInUse(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "EMAIL_ALREADY_IN_USE"
    default_detail = _("다른 회원이 이미 사용하고 있는 이메일 주소입니다.")
