from rest_framework import serializers


class PublicKeyOutputSerializer(serializers.Serializer):
    """One public key as a JWK (RFC 7517); never a secret or a private part."""

    kty = serializers.ChoiceField(choices=["EC", "OKP"], help_text="EC for P-256, OKP for Ed25519.")
    crv = serializers.ChoiceField(choices=["P-256", "Ed25519"])
    x = serializers.CharField(help_text="Public key coordinate, base64url.")
    y = serializers.CharField(required=False, help_text="EC keys only: the second coordinate.")
    kid = serializers.CharField(
        help_text="The key's RFC 7638 thumbprint; a token's header names it."
    )
    alg = serializers.ChoiceField(
        choices=["ES256", "EdDSA"], help_text="The one algorithm this key verifies."
    )
    use = serializers.ChoiceField(choices=["sig"])


class SigningKeysOutputSerializer(serializers.Serializer):
    keys = PublicKeyOutputSerializer(
        many=True, help_text="Empty while tokens are signed with HS256 only."
    )
