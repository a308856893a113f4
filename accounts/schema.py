"""How the accounts endpoints appear in the OpenAPI document and Swagger UI."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiExample, extend_schema

from accounts.exceptions import (
    InvalidCredentials,
    InvalidToken,
    TokenExpired,
    TokenNotFound,
    UserAlreadyExists,
)
from accounts.serializers import (
    LoginInputSerializer,
    LoginOutputSerializer,
    MeOutputSerializer,
    SignupInputSerializer,
    SignupOutputSerializer,
)
from config.exceptions import PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from config.schema import error_response

EXAMPLE_MEMBER = {"username": "JIN HO", "nickname": "Mentos"}
EXAMPLE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.signature"
INVALID_BODY = {
    415: error_response(UnsupportedMediaType),
    413: error_response(PayloadTooLarge),
}


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.JWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


signup = extend_schema(
    summary="Sign up",
    tags=["accounts"],
    request=SignupInputSerializer,
    responses={
        201: SignupOutputSerializer,
        400: error_response(ValidationFailed, details={"password": ["이 필드의 글자 수가 적어도 8 이상인지 확인하십시오."]}),
        409: error_response(UserAlreadyExists),
        **INVALID_BODY,
    },
    examples=[
        OpenApiExample(
            "The seed's example",
            value={"username": "JIN HO", "password": "12341234", "nickname": "Mentos"},
            request_only=True,
        ),
        OpenApiExample("Signed up", value=EXAMPLE_MEMBER, response_only=True, status_codes=["201"]),
    ],
)

login = extend_schema(
    summary="Log in for an access token",
    tags=["accounts"],
    request=LoginInputSerializer,
    responses={
        200: LoginOutputSerializer,
        400: error_response(ValidationFailed, details={"username": ["이 필드는 필수 항목입니다."]}),
        401: error_response(InvalidCredentials),
        **INVALID_BODY,
    },
    examples=[
        OpenApiExample(
            "Credentials", value={"username": "JIN HO", "password": "12341234"}, request_only=True
        ),
        OpenApiExample("Token", value={"token": EXAMPLE_TOKEN}, response_only=True, status_codes=["200"]),
    ],
)

me = extend_schema(
    summary="The member the token belongs to",
    tags=["accounts"],
    responses={
        200: MeOutputSerializer,
        401: error_response(TokenNotFound, TokenExpired, InvalidToken),
    },
    examples=[OpenApiExample("Profile", value=EXAMPLE_MEMBER, response_only=True, status_codes=["200"])],
)
