"""How the accounts endpoints appear in the OpenAPI document and Swagger UI."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers as fields

from accounts import serializers
from accounts.exceptions import (
    InvalidCode,
    InvalidCredentials,
    MfaRequired,
    SessionNotFound,
    UserAlreadyExists,
    UserNotFound,
)
from api.exceptions import (
    BEARER_CHALLENGE,
    AccessDenied,
    PayloadTooLarge,
    ServiceUnavailable,
    TooManyRequests,
    UnsupportedMediaType,
    ValidationError,
)
from api.schema import ErrorSerializer, documented_errors
from tokens.exceptions import InvalidToken, TokenExpired, TokenNotFound


class MfaRequiredErrorSerializer(ErrorSerializer):
    mfa_token = fields.CharField(
        help_text="Single use: send it with a code to POST /login/mfa to finish logging in."
    )
    expires_in = fields.IntegerField(help_text="Seconds the mfa_token stays usable.")


class MfaRequiredEnvelopeSerializer(fields.Serializer):
    error = MfaRequiredErrorSerializer()


EXAMPLE_MEMBER = {"username": "JIN HO", "nickname": "Mentos"}
EXAMPLE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.signature"
EXAMPLE_TOKENS = {
    "token": EXAMPLE_TOKEN,
    "refresh_token": EXAMPLE_TOKEN,
    "token_type": "Bearer",
    "expires_in": 3600,
}
BAD_BODY = {415: documented_errors(UnsupportedMediaType), 413: documented_errors(PayloadTooLarge)}
BAD_TOKEN = documented_errors(TokenNotFound, TokenExpired, InvalidToken)
# Every operation here reads the database (a token's session, a member), and some count
# attempts in Redis: either may be down for a moment.
OUTAGE = {503: documented_errors(ServiceUnavailable)}
STEP_UP = documented_errors(MfaRequired)
BAD_TOKEN_PASSWORD_OR_CODE = documented_errors(
    TokenNotFound, TokenExpired, InvalidToken, InvalidCredentials, InvalidCode
)


def response_header(
    name: str, schema, description: str, *, statuses: list[int]
) -> OpenApiParameter:
    """A header the API always sends with the given responses (checked by the fuzzer, too)."""
    return OpenApiParameter(
        name,
        schema,
        OpenApiParameter.HEADER,
        response=statuses,
        required=True,
        description=description,
    )


CHALLENGE = response_header(
    "WWW-Authenticate",
    str,
    f'{BEARER_CHALLENGE}, plus error="invalid_token" when a token was presented (RFC 6750 §3).',
    statuses=[401],
)
RETRY_AFTER = response_header(
    "Retry-After", int, "Seconds until the limit's window ends.", statuses=[429]
)
CACHE_CONTROL = response_header(
    "Cache-Control",
    {"type": "string", "pattern": "no-store"},
    "no-store: a token must not be kept by caches (RFC 6749 §5.1).",
    statuses=[200],
)

# What a client does next with a response (OpenAPI links): the fuzzer follows them too.
SIGNED_UP = {
    "LogIn": {
        "operationId": "login_create",
        "description": "Log in as the member just made.",
        "requestBody": {
            "username": "$request.body#/username",
            "password": "$request.body#/password",
        },
    }
}
GOT_TOKENS = {
    "RefreshTokens": {
        "operationId": "token_refresh_create",
        "description": "Spend the refresh token for a new pair.",
        "requestBody": {"refresh_token": "$response.body#/refresh_token"},
    },
}


def invalid(field: str, message: str = "이 필드는 필수 항목입니다."):
    return documented_errors(ValidationError, details={field: [message]})


def response_example(name: str, value: dict, status: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status)])


def request_example(name: str, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.JWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


signup = extend_schema(
    summary="Sign up",
    parameters=[RETRY_AFTER],
    extensions={"x-links": {201: SIGNED_UP}},
    tags=["accounts"],
    request=serializers.SignupInputSerializer,
    responses={
        201: serializers.SignupOutputSerializer,
        400: invalid("password", "이 필드의 글자 수가 적어도 8 이상인지 확인하세요."),
        409: documented_errors(UserAlreadyExists),
        429: documented_errors(TooManyRequests),
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example(
            "A new member",
            {"username": "JIN HO", "password": "12341234", "nickname": "Mentos"},
        ),
        response_example("Signed up", EXAMPLE_MEMBER, 201),
    ],
)

login = extend_schema(
    summary="Log in: start a session",
    description=(
        "A session lasts at most 30 days (JWT_SESSION_MAX_LIFETIME) from this login, however often it is "
        "refreshed. A member keeps at most 10 sessions (MAX_SESSIONS_PER_MEMBER): a login past that ends "
        "the session used least recently, whose tokens are then refused as INVALID_TOKEN."
    ),
    parameters=[CACHE_CONTROL, CHALLENGE, RETRY_AFTER],
    extensions={"x-links": {200: GOT_TOKENS}},
    tags=["sessions"],
    request=serializers.LoginInputSerializer,
    responses={
        200: serializers.LoginOutputSerializer,
        400: invalid("username"),
        401: documented_errors(InvalidCredentials),
        403: OpenApiResponse(
            response=MfaRequiredEnvelopeSerializer,
            description="MFA_REQUIRED: send `mfa_token` and a code to POST /login/mfa.",
        ),
        429: documented_errors(TooManyRequests),
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Credentials", {"username": "JIN HO", "password": "12341234"}),
        response_example("Tokens", EXAMPLE_TOKENS),
        response_example(
            "A second factor is needed",
            {
                "error": {
                    "code": "MFA_REQUIRED",
                    "message": "2단계 인증이 필요합니다.",
                    "mfa_token": "Xq3v0b6d2mPpH2q6x0nE1rY8c5kJ4tWzA9sLhUo7gFw",
                    "expires_in": 300,
                }
            },
            403,
        ),
    ],
)

token_refresh = extend_schema(
    summary="Refresh the tokens; the refresh token presented is spent",
    description=(
        "Presenting a spent refresh token again ends its whole session (theft detection). A refresh never "
        "extends a session past its end, 30 days after its login by default: no token expires later, "
        "and from then on both are refused as TOKEN_EXPIRED."
    ),
    parameters=[CACHE_CONTROL, CHALLENGE],
    extensions={"x-links": {200: GOT_TOKENS}},
    tags=["sessions"],
    request=serializers.TokenRefreshInputSerializer,
    responses={
        200: serializers.TokenRefreshOutputSerializer,
        400: invalid("refresh_token"),
        401: documented_errors(TokenExpired, InvalidToken),
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Refresh token", {"refresh_token": EXAMPLE_TOKEN}),
        response_example("Tokens", EXAMPLE_TOKENS),
    ],
)

logout = extend_schema(
    summary="Log out: end this session",
    parameters=[CHALLENGE],
    tags=["sessions"],
    request=serializers.LogoutInputSerializer,
    responses={
        200: serializers.SessionsEndedOutputSerializer,
        400: invalid("refresh_token"),
        401: BAD_TOKEN,
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[response_example("Ended", {"sessions_ended": 1})],
)

logout_all = extend_schema(
    summary="Log out everywhere: end every session of the member",
    parameters=[CHALLENGE],
    tags=["sessions"],
    request=None,
    responses={200: serializers.SessionsEndedOutputSerializer, 401: BAD_TOKEN, **OUTAGE},
    examples=[response_example("Ended", {"sessions_ended": 3})],
)

me = extend_schema(
    summary="The member the token belongs to",
    parameters=[CHALLENGE],
    tags=["accounts"],
    responses={200: serializers.MeOutputSerializer, 401: BAD_TOKEN, **OUTAGE},
    examples=[
        response_example(
            "Profile",
            {
                "id": 1,
                **EXAMPLE_MEMBER,
                "roles": ["USER"],
                "email": "jinho@example.com",
                "email_pending": None,
            },
        )
    ],
)

delete_me = extend_schema(
    summary="Delete the account (needs the password)",
    parameters=[CHALLENGE, RETRY_AFTER],
    tags=["accounts"],
    request=serializers.AccountDeleteInputSerializer,
    responses={
        200: serializers.AccountDeletedOutputSerializer,
        400: invalid("password"),
        401: BAD_TOKEN_PASSWORD_OR_CODE,
        403: STEP_UP,
        429: documented_errors(TooManyRequests),
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Password", {"password": "12341234"}),
        response_example("Deleted", {"deleted": True}),
    ],
)

change_password = extend_schema(
    summary="Change the password and end every other session",
    parameters=[CHALLENGE, RETRY_AFTER],
    tags=["accounts"],
    request=serializers.PasswordChangeInputSerializer,
    responses={
        200: serializers.SessionsEndedOutputSerializer,
        400: invalid("new_password"),
        401: BAD_TOKEN_PASSWORD_OR_CODE,
        403: STEP_UP,
        429: documented_errors(TooManyRequests),
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example(
            "Passwords", {"current_password": "12341234", "new_password": "a-better-one"}
        ),
        response_example("Changed", {"sessions_ended": 2}),
    ],
)

set_roles = extend_schema(
    summary="Set a member's roles (administrators only)",
    parameters=[CHALLENGE],
    tags=["administration"],
    request=serializers.RolesInputSerializer,
    responses={
        200: serializers.UserRolesOutputSerializer,
        400: invalid("roles", '0: "SUPERHERO"은 유효하지 않은 선택입니다.'),
        401: BAD_TOKEN,
        403: documented_errors(AccessDenied, MfaRequired),
        404: documented_errors(UserNotFound),
        **BAD_BODY,
        **OUTAGE,
    },
    examples=[
        request_example("Make an administrator", {"roles": ["ADMIN"]}),
        response_example("Roles set", {**EXAMPLE_MEMBER, "roles": ["ADMIN"]}),
    ],
)

my_sessions = extend_schema(
    summary="My devices: every live session of the member",
    description=(
        "The most recently used first. `last_used_at` is the login or the latest refresh; "
        "`current` marks the session of the token that asks."
    ),
    parameters=[CHALLENGE],
    extensions={
        "x-links": {
            200: {
                "EndASession": {
                    "operationId": "me_sessions_destroy",
                    "description": "End the session listed first.",
                    "parameters": {"id": "$response.body#/sessions/0/id"},
                }
            }
        }
    },
    tags=["sessions"],
    responses={200: serializers.SessionListOutputSerializer, 401: BAD_TOKEN, **OUTAGE},
    examples=[
        response_example(
            "Two devices",
            {
                "sessions": [
                    {
                        "id": "7d0f3a52-5a8e-4c1e-9a57-2f0b8c1d9e34",
                        "created_at": "2026-12-01T09:00:00Z",
                        "last_used_at": "2026-12-07T18:30:00Z",
                        "address": "203.0.113.7",
                        "device": "Mobile Safari 17 on iOS 17",
                        "current": True,
                    },
                    {
                        "id": "0b6e9d1c-3f4a-4b8e-8c2d-5e7f9a1b3c6d",
                        "created_at": "2026-11-20T21:14:00Z",
                        "last_used_at": "2026-11-28T07:02:00Z",
                        "address": "198.51.100.23",
                        "device": "Chrome 120 on Windows 10",
                        "current": False,
                    },
                ]
            },
        )
    ],
)

end_my_session = extend_schema(
    summary="End one of my sessions at once",
    description="Its tokens are refused from the next request on. Another member's id is 404.",
    parameters=[CHALLENGE],
    tags=["sessions"],
    request=None,
    responses={
        200: serializers.SessionsEndedOutputSerializer,
        401: BAD_TOKEN,
        404: documented_errors(SessionNotFound),
        **OUTAGE,
    },
    examples=[response_example("Ended", {"sessions_ended": 1})],
)

end_member_sessions = extend_schema(
    summary="End every session of a member (administrators only)",
    description=(
        "Ends all of the member's sessions at once: their refresh tokens stop working, and "
        "their access tokens are refused from the next request. Written to the audit trail "
        "with the administrator's id. The member can log in again; to keep them out, also "
        "change their password or roles."
    ),
    parameters=[CHALLENGE],
    tags=["administration"],
    request=None,
    responses={
        200: serializers.SessionsEndedOutputSerializer,
        401: BAD_TOKEN,
        403: documented_errors(AccessDenied),
        404: documented_errors(UserNotFound),
        **OUTAGE,
    },
    examples=[response_example("Ended", {"sessions_ended": 2})],
)
