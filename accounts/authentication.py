"""DRF authentication by `Authorization: Bearer <JWT>`."""

from django.contrib.auth import get_user_model
from rest_framework.authentication import BaseAuthentication

from api.exceptions import BEARER_CHALLENGE
from tokens.exceptions import InvalidToken, TokenNotFound
from tokens.tokens import Token, read_access_token

SCHEME = "bearer"
# Far above any token this API issues; refusing longer ones early bounds the work.
MAX_TOKEN_LENGTH = 4096


class JWTAuthentication(BaseAuthentication):
    """Authenticate a request by its access token.

    No `Authorization` header returns None (anonymous); the view's permission then
    answers TOKEN_NOT_FOUND. A header that is present but unusable raises at once.
    """

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        token = read_access_token(self.get_raw_token(header))
        return self.get_user(token), token

    def authenticate_header(self, request):
        # Without this, DRF would turn every 401 into a 403. The header a client receives
        # is the envelope's (api.envelope.bearer_challenge), which adds the error.
        return BEARER_CHALLENGE

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

    def get_user(self, token: Token):
        """The token's user, in one indexed query that also proves the session is live.

        Logging out deletes the session row, so the join finds nothing and the
        token stops working at once, not at its expiry. Roles come with the row,
        so a change of role applies to the very next request.
        """
        user = get_user_model().objects.get_by_live_session(
            user_id=token.user_id, session_id=token.session_id
        )
        if user is None:
            raise InvalidToken()
        return user
