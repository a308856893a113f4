"""How the second-factor endpoints appear in the OpenAPI document and Swagger UI."""

from drf_spectacular.utils import extend_schema

from accounts.exceptions import InvalidCode, InvalidCredentials, MfaRequired
from accounts.schema import (
    BAD_BODY,
    CACHE_CONTROL,
    CHALLENGE,
    EXAMPLE_TOKENS,
    GOT_TOKENS,
    OUTAGE,
    RETRY_AFTER,
    invalid,
    request_example,
    response_example,
)
from accounts.serializers import LoginOutputSerializer, SecondFactorOutputSerializer
from api.exceptions import TooManyRequests
from api.schema import documented_errors
from mfa import serializers
from mfa.exceptions import MfaAlreadyEnabled, MfaEnrolmentNotStarted, MfaNotEnabled
from tokens.exceptions import InvalidToken, TokenExpired, TokenNotFound

EXAMPLE_CODES = {
    "recovery_codes": [
        "k7q2-mx4d-9p3f-wz6r",
        "b3nt-7yqe-2hcv-m5ka",
        "…eight more…",
    ]
}
BAD_TOKEN_OR_CODE = documented_errors(TokenNotFound, TokenExpired, InvalidToken, InvalidCode)
LIMITED = documented_errors(TooManyRequests)

login_mfa = extend_schema(
    summary="Log in, second step: the code for the mfa_token of MFA_REQUIRED",
    description=(
        "After POST /login answered 403 MFA_REQUIRED, send its `mfa_token` with a code from the "
        "authenticator app (or a recovery code). The mfa_token works once, for 5 minutes, and "
        "dies after 5 wrong codes; wrong codes count under the login limits. The tokens' `amr` "
        'claim is then ["pwd", "otp"].'
    ),
    parameters=[CACHE_CONTROL, CHALLENGE, RETRY_AFTER],
    extensions={"x-links": {200: GOT_TOKENS}},
    tags=["sessions"],
    request=serializers.LoginMfaInputSerializer,
    responses={
        200: LoginOutputSerializer,
        400: invalid("code"),
        401: documented_errors(InvalidToken, TokenExpired, InvalidCode),
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example(
            "A TOTP code", {"mfa_token": "Xq3v0b6d2mPpH2q6x0nE1rY8c5kJ4t", "code": "492039"}
        ),
        response_example("Tokens", EXAMPLE_TOKENS),
    ],
)

start_totp = extend_schema(
    summary="Second factor: start TOTP enrolment",
    description=(
        "Answers a new secret and its otpauth:// URI for an authenticator app. Nothing is on "
        "until POST /me/mfa/totp/confirm; starting again replaces the secret."
    ),
    parameters=[CHALLENGE],
    tags=["second factor"],
    request=serializers.TotpEnrolmentInputSerializer,
    responses={
        201: serializers.TotpEnrolmentOutputSerializer,
        400: invalid("password"),
        401: documented_errors(TokenNotFound, TokenExpired, InvalidToken, InvalidCredentials),
        409: documented_errors(MfaAlreadyEnabled),
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Password", {"password": "12341234"}),
        response_example(
            "A new secret",
            {
                "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                "otpauth_uri": "otpauth://totp/JWT%20Authentication%20API:JIN%20HO"
                "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=JWT%20Authentication%20API",
            },
            201,
        ),
    ],
)

confirm_totp = extend_schema(
    summary="Second factor: turn TOTP on with a first code",
    description="Answers ten recovery codes, shown this once.",
    parameters=[CHALLENGE],
    tags=["second factor"],
    request=serializers.TotpConfirmInputSerializer,
    responses={
        200: serializers.RecoveryCodesOutputSerializer,
        400: invalid("code"),
        401: BAD_TOKEN_OR_CODE,
        409: documented_errors(MfaEnrolmentNotStarted, MfaAlreadyEnabled),
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("A code", {"code": "492039"}),
        response_example("Codes", EXAMPLE_CODES),
    ],
)

disable_totp = extend_schema(
    summary="Second factor: turn TOTP off (password and code)",
    description="The recovery codes stop working too.",
    parameters=[CHALLENGE],
    tags=["second factor"],
    request=serializers.TotpDisableInputSerializer,
    responses={
        200: SecondFactorOutputSerializer,
        400: invalid("code"),
        401: documented_errors(
            TokenNotFound, TokenExpired, InvalidToken, InvalidCredentials, InvalidCode
        ),
        403: documented_errors(MfaRequired),
        409: documented_errors(MfaNotEnabled),
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Password and code", {"password": "12341234", "code": "492039"}),
        response_example("Off", {"totp": False, "recovery_codes_remaining": 0}),
    ],
)

replace_recovery_codes = extend_schema(
    summary="Second factor: replace every recovery code",
    parameters=[CHALLENGE],
    tags=["second factor"],
    request=serializers.RecoveryCodesReplaceInputSerializer,
    responses={
        200: serializers.RecoveryCodesOutputSerializer,
        400: invalid("code"),
        401: BAD_TOKEN_OR_CODE,
        403: documented_errors(MfaRequired),
        409: documented_errors(MfaNotEnabled),
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("A code", {"code": "492039"}),
        response_example("Codes", EXAMPLE_CODES),
    ],
)
