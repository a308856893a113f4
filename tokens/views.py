"""GET /.well-known/jwks.json: the public keys that verify our tokens."""

from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api.views import ApiView
from tokens import keys, schema, serializers

# Public keys are the same for everyone and change only with a rotation, which keeps the
# old key listed for far longer than this: other services may cache them.
PUBLIC_FOR_FIVE_MINUTES = {"Cache-Control": "public, max-age=300"}


class SigningKeysView(ApiView):
    # No authentication at all: whoever verifies our tokens needs no token of their own.
    authentication_classes = []
    permission_classes = [AllowAny]

    @schema.signing_keys
    def get(self, request):
        body = serializers.SigningKeysOutputSerializer(keys.published_keys()).data
        return Response(body, headers=PUBLIC_FOR_FIVE_MINUTES)
