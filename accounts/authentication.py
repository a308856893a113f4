"""DRF authentication by `Authorization: Bearer <JWT>`."""

from django.contrib.auth import get_user_model
from rest_framework.authentication import BaseAuthentication

from accounts.exceptions import InvalidToken, TokenNotFound
from accounts.tokens import AccessToken, read_access_token

SCHEME = "bearer"
# Far above any token this API issues; refusing longer ones early bounds the work.
MAX_TOKEN_LENGTH = 4096
# A user id is a positive 64-bit integer: at most 19 digits.
MAX_USER_ID_DIGITS = 19


class JWTAuthentication(BaseAuthentication):
    """Authenticate a request by its access token.

    No `Authorization` header returns None (anonymous); the view's permission then
    answers TOKEN_NOT_FOUND. A header that is present but unusable raises at once.
    """

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        raw_token = self.get_raw_token(header)
        token = read_access_token(raw_token)
        return self.get_user(token), token

    def authenticate_header(self, request):
        # Without this, DRF would turn every 401 into a 403.
        return 'Bearer realm="api"'

    def get_raw_token(self, header: str) -> str:
        parts = header.split()
        if not parts:
            raise TokenNotFound()
        # Schemes are case-insensitive (RFC 7235 §2.1): "bearer" is as good as "Bearer".
        if parts[0].lower() != SCHEME:
            raise InvalidToken()
        if len(parts) == 1:
            raise TokenNotFound()
        if len(parts) > 2 or len(parts[1]) > MAX_TOKEN_LENGTH:
            raise InvalidToken()
        return parts[1]

    def get_user(self, token: AccessToken):
        user_id = token.user_id
        if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= MAX_USER_ID_DIGITS):
            raise InvalidToken()
        user_model = get_user_model()
        try:
            user = user_model.objects.get(pk=int(user_id))
        except user_model.DoesNotExist:
            raise InvalidToken() from None
        if not user.is_active:
            raise InvalidToken()
        return user
