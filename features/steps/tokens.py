"""What an attacker can do with a token: read it, tamper with it, forge new ones.

Scenarios build untrustworthy tokens here, never with the API's own token module.
A forgery that takes a `key` re-signs a member's real claims with one thing changed.
Given the server's own key (a privilege of the test harness, never an attacker's),
it shows that a claim is refused on its own merits, not merely for a bad signature.
"""

import base64
import hashlib
import hmac
import json
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

ANOTHER_KEY = "a-key-that-is-not-the-servers-own-key-0123456789"

# Anyone's RSA public key: key-confusion attacks use one as an HMAC secret.
A_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4Ibwme0dw9KIknPlbnSs
ALluwSH1ALEMghOrIQqdvaz9LX4tIVanpocJpytq0RC3iwUX1q2YSUcjMthTsrqI
cmroBqdP5FLIc3iKBiNP242tEtFZ6mjDXiCQLOfGyBPNB3lj3X9j/X8m/xcQWclI
SQyg0nevYr5s3ARwiwq2fpeqEHz3UJ67WVitoL0Kibrk34yRAEo0fLxuV8zfWAUb
Q3jCAGagThkgrf9LcUJRwdblGl/+ziF3iaWJYwui1uvz/dG4BPeAzNIxwlZ5sT8U
lEeegm/JxyHp8mrZ9ZpznZ5SBn9ucf1Y3vwj8lB0SOCv+Xv9u1oXik6mwKmhQn6X
HQIDAQAB
-----END PUBLIC KEY-----
"""

# Any other `alg` in a forged header is a label only, over an HMAC-SHA256 signature.
HMAC_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _segment(value: dict) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def claims_of(token: str) -> dict:
    return json.loads(_unb64(token.split(".")[1]))


def header_of(token: str) -> dict:
    return json.loads(_unb64(token.split(".")[0]))


def signed(claims: dict, key: str | bytes, *, alg: str = "HS256", kid: str | None = None) -> str:
    """The claims HMAC-signed with `key`, under a header that says `alg` (and names `kid`)."""
    header = {"alg": alg, "typ": "JWT", **({"kid": kid} if kid is not None else {})}
    signing_input = f"{_segment(header)}.{_segment(claims)}"
    secret = key.encode() if isinstance(key, str) else key
    digest = hmac.new(secret, signing_input.encode(), HMAC_HASHES.get(alg, hashlib.sha256))
    return f"{signing_input}.{_b64(digest.digest())}"


def resigned(
    token: str, key: str | bytes, *, alg: str = "HS256", kid: str | None = None, without: tuple = (), **changes
) -> str:
    """The token's own claims, some changed or left out, signed again with `key`.

    The header names no key unless `kid` is given, like a token issued before keys were named.
    """
    claims = {**claims_of(token), **changes}
    kept = {name: value for name, value in claims.items() if name not in without}
    return signed(kept, key, alg=alg, kid=kid)


def signed_with_another_key(token: str, **changes) -> str:
    return resigned(token, ANOTHER_KEY, **changes)


def unsigned(token: str, alg: str = "none") -> str:
    return f"{_segment({'alg': alg, 'typ': 'JWT'})}.{token.split('.')[1]}."


def altered(token: str) -> str:
    header, _, signature = token.split(".")
    payload = _segment({**claims_of(token), "sub": "1" + claims_of(token)["sub"]})
    return f"{header}.{payload}.{signature}"


def without_signature(token: str) -> str:
    header, payload, _ = token.split(".")
    return f"{header}.{payload}."


def expired_and_forged(token: str) -> str:
    an_hour_ago = int(time.time()) - 3600
    return signed_with_another_key(token, iat=an_hour_ago - 60, exp=an_hour_ago)


def public_key_pem(jwk: dict) -> bytes:
    """A published key (JWK) as the PEM text an attacker would try as an HMAC secret."""
    raw_x = _unb64(jwk["x"])
    if jwk["kty"] == "OKP":
        public = ed25519.Ed25519PublicKey.from_public_bytes(raw_x)
    else:
        numbers = ec.EllipticCurvePublicNumbers(
            int.from_bytes(raw_x, "big"), int.from_bytes(_unb64(jwk["y"]), "big"), ec.SECP256R1()
        )
        public = numbers.public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def signed_with_published_key(token: str, jwk: dict, *, form: str, naming_it: bool = True) -> str:
    """Key confusion: HS256 "signed" with the service's own public key, as PEM or JWK text."""
    secret = public_key_pem(jwk) if form == "PEM" else json.dumps(jwk).encode()
    return resigned(token, secret, kid=jwk["kid"] if naming_it else None)
