"""How the recovery endpoints appear in the OpenAPI document and Swagger UI."""

from drf_spectacular.utils import extend_schema

from accounts import schema as accounts_schema
from accounts.exceptions import InvalidCode as InvalidSecondFactorCode
from accounts.exceptions import InvalidCredentials
from accounts.schema import (
    BAD_BODY,
    CHALLENGE,
    EXAMPLE_MEMBER,
    OUTAGE,
    RETRY_AFTER,
    STEP_UP,
    invalid,
    request_example,
    response_example,
)
from api.exceptions import TooManyRequests
from api.schema import documented_errors
from recovery import serializers
from recovery.exceptions import CodeExpired, EmailAlreadyInUse, InvalidCode
from tokens.exceptions import InvalidToken, TokenExpired, TokenNotFound

EXAMPLE_CODE = "r3Fq0b6yq1fZ2m9XyS7dH1kq8Vw4tN0c"
EXAMPLE_EMAIL = "jinho@example.com"
ACCEPTED = response_example("Accepted", {"accepted": True}, 202)
LIMITED = documented_errors(TooManyRequests)
BAD_CODE = documented_errors(InvalidCode, CodeExpired)


def signup(view_method):
    """accounts' sign-up, which also takes an address."""
    return extend_schema(
        description="With `email`, a verification mail goes to that address (POST /email/verify).",
        request=serializers.SignupWithEmailInputSerializer,
        examples=[
            request_example(
                "With an address",
                {
                    "username": "JIN HO",
                    "password": "12341234",
                    "nickname": "Mentos",
                    "email": EXAMPLE_EMAIL,
                },
            ),
            response_example("Signed up", EXAMPLE_MEMBER, 201),
        ],
    )(accounts_schema.signup(view_method))


change_email = extend_schema(
    summary="Give a new email address (needs the password); a verification mail goes to it",
    description=(
        "The verified address stays until the new one is verified; its owner is then told of the change. "
        "A member with a second factor also sends `mfa_code`."
    ),
    parameters=[CHALLENGE, RETRY_AFTER],
    tags=["accounts"],
    request=serializers.EmailChangeInputSerializer,
    responses={
        202: serializers.AcceptedOutputSerializer,
        400: invalid("email", "유효한 이메일 주소를 입력하십시오."),
        401: documented_errors(
            TokenNotFound, TokenExpired, InvalidToken, InvalidCredentials, InvalidSecondFactorCode
        ),
        403: STEP_UP,
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("New address", {"email": EXAMPLE_EMAIL, "password": "12341234"}),
        ACCEPTED,
    ],
)

verify_email = extend_schema(
    summary="Verify an email address with the code from the mail",
    description="No token needed: the mail may be opened on another device.",
    parameters=[RETRY_AFTER],
    tags=["recovery"],
    request=serializers.EmailVerifyInputSerializer,
    responses={
        200: serializers.EmailVerifiedOutputSerializer,
        400: BAD_CODE,
        409: documented_errors(EmailAlreadyInUse),
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Code", {"code": EXAMPLE_CODE}),
        response_example("Verified", {"email": EXAMPLE_EMAIL}),
    ],
)

forgot_password = extend_schema(
    summary="Ask for a password reset code by mail",
    description=(
        "Send `email` or `username`. The response is the same, in content and time, whether or not "
        "such a member exists and has a verified address; when they do, a reset code is mailed to it."
    ),
    parameters=[RETRY_AFTER],
    tags=["recovery"],
    request=serializers.PasswordForgotInputSerializer,
    responses={
        202: serializers.AcceptedOutputSerializer,
        400: invalid("email", "email과 username 중 하나만 보내 주세요."),
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("By address", {"email": EXAMPLE_EMAIL}),
        request_example("By username", {"username": "JIN HO"}),
        ACCEPTED,
    ],
)

reset_password = extend_schema(
    summary="Set a new password with the reset code from the mail; ends every session",
    description=(
        "Issues no tokens: the member logs in again with the new password. A member with a second "
        "factor also sends `mfa_code` (a TOTP or recovery code); refused, the mailed code stays unspent."
    ),
    parameters=[RETRY_AFTER],
    tags=["recovery"],
    request=serializers.PasswordResetInputSerializer,
    responses={
        200: accounts_schema.serializers.SessionsEndedOutputSerializer,
        400: BAD_CODE,
        401: documented_errors(InvalidSecondFactorCode),
        403: STEP_UP,
        429: LIMITED,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Code and password", {"code": EXAMPLE_CODE, "password": "a-better-one"}),
        response_example("Reset", {"sessions_ended": 2}),
    ],
)
