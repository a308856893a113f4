"""The errors of turning a second factor on and off, one per contract code.

MFA_REQUIRED and INVALID_CODE belong to logging in and stepping up, so they live
in accounts.exceptions, beside the other login errors.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import status

from api.exceptions import ApiError


class MfaAlreadyEnabled(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "MFA_ALREADY_ENABLED"
    default_detail = _("2단계 인증이 이미 켜져 있습니다.")


class MfaNotEnabled(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "MFA_NOT_ENABLED"
    default_detail = _("2단계 인증이 켜져 있지 않습니다.")


class MfaEnrolmentNotStarted(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "MFA_ENROLMENT_NOT_STARTED"
    default_detail = _("2단계 인증 등록을 먼저 시작해 주세요.")
