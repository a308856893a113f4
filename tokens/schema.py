"""How GET /.well-known/jwks.json appears in the OpenAPI document and Swagger UI."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from tokens import serializers

signing_keys = extend_schema(
    operation_id="jwks_retrieve",
    summary="The public keys that verify tokens (JWK Set)",
    description=(
        "For services that verify access tokens themselves (docs/verify-tokens.md): a token's "
        "`kid` header names its key here, and the key's `alg` is the only algorithm to accept. "
        "Retired keys stay listed until their tokens have expired. Empty while the service "
        "signs with an HS256 secret only, which is never published."
    ),
    parameters=[
        OpenApiParameter(
            "Cache-Control",
            {"type": "string", "pattern": "public"},
            OpenApiParameter.HEADER,
            response=[200],
            required=True,
            description="public, max-age=300: the keys may be cached for five minutes.",
        )
    ],
    tags=["keys"],
    responses={200: serializers.SigningKeysOutputSerializer},
    examples=[
        OpenApiExample(
            "An EC P-256 key",
            value={
                "keys": [
                    {
                        "kty": "EC",
                        "crv": "P-256",
                        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
                        "kid": "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U",
                        "alg": "ES256",
                        "use": "sig",
                    }
                ]
            },
            response_only=True,
            status_codes=["200"],
        ),
        OpenApiExample("HS256 only", value={"keys": []}, response_only=True, status_codes=["200"]),
    ],
)
