"""The scenarios' one catalogue of tokens: a member's own, and what an attacker makes of them.

Scenarios build untrustworthy tokens here, never with the API's own token module.
A forgery that takes a `key` re-signs a member's real claims with one thing changed.
Given the server's own key (a privilege of the test harness, never an attacker's),
it shows that a claim is refused on its own merits, not merely for a bad signature.
`CREDENTIALS` names, in the words of the feature files, every Authorization header
a member may present; `OWN` names the member's own tokens.
"""

import base64
import hashlib
import hmac
import json
import re
import time
import uuid

import jwt  # the library, as any attacker has it; never the API's own token module
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from features.steps.signing_keys import published_keys

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
    token: str,
    key: str | bytes,
    *,
    alg: str = "HS256",
    kid: str | None = None,
    without: tuple = (),
    **changes,
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
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def signed_with_published_key(token: str, jwk: dict, *, form: str, naming_it: bool = True) -> str:
    """Key confusion: HS256 "signed" with the service's own public key, as PEM or JWK text."""
    secret = public_key_pem(jwk) if form == "PEM" else json.dumps(jwk).encode()
    return resigned(token, secret, kid=jwk["kid"] if naming_it else None)


def signed_with_own_key(token: str, **header) -> str:
    """The token's claims signed with an attacker's own key pair, which the header offers.

    A service that trusted a key from the token itself (`jwk`), or fetched one from an
    address it names (`jku`, `x5u`), would let anyone sign for anyone.
    """
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = jwt.algorithms.ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    offered = {name: jwk if value == "own key" else value for name, value in header.items()}
    return jwt.encode(claims_of(token), private, algorithm="ES256", headers=offered)


## The catalogue


# Which of the member's own tokens a step speaks of.
OWN = {"token": lambda member: member.token, "refresh token": lambda member: member.refresh_token}

# The largest id a 64-bit primary key can hold: no member of a test server has it.
NO_SUCH_MEMBER = str(2**63 - 1)
SCHEME = re.compile(r'their token under the scheme "(?P<scheme>[^"]+)"')


def seconds_from_now(seconds: int):
    """A time that many seconds after the forgery is made (before it, if negative)."""
    return lambda: int(time.time()) + seconds


def inserted(token: str, text: str) -> str:
    return token[:20] + text + token[20:]


def bearer(make):
    """A credential that is "Bearer " and a token made from the member's access token."""
    return lambda member, key: f"Bearer {make(member.token)}"


def server_signed(**changes):
    """The member's token with `changes`, signed again with the server's own key.

    A change given as a function is worked out when the forgery is made.
    """

    def forge(member, key: str) -> str:
        made = {name: value() if callable(value) else value for name, value in changes.items()}
        return f"Bearer {resigned(member.token, key, **made)}"

    return forge


# The whole Authorization header (None: no header), from the member and the server's key.
CREDENTIALS = {
    "no token": lambda member, key: None,
    "the Bearer scheme and nothing after it": lambda member, key: "Bearer",
    "garbage instead of a token": lambda member, key: "Bearer not-a-jwt-at-all",
    "their refresh token": lambda member, key: f"Bearer {member.refresh_token}",
    "their token under another scheme": lambda member, key: f"Token {member.token}",
    'a token whose algorithm is "none"': bearer(unsigned),
    'a token whose algorithm is "None"': bearer(lambda token: unsigned(token, alg="None")),
    "a token signed with another key": bearer(signed_with_another_key),
    "a token altered after signing": bearer(altered),
    "a token without its signature": bearer(without_signature),
    "an expired token signed with another key": bearer(expired_and_forged),
    "a token signed with a public key as its secret": bearer(
        lambda token: resigned(token, A_PUBLIC_KEY)
    ),
    "a token relabelled RS256 and signed with the server's key": server_signed(alg="RS256"),
    "a token relabelled ES256 and signed with the server's key": server_signed(alg="ES256"),
    "a token signed with the server's key using HS512": server_signed(alg="HS512"),
    "a token naming a member who does not exist": server_signed(sub=NO_SUCH_MEMBER),
    "a token naming its member by a number instead of text": lambda member, key: (
        "Bearer " + resigned(member.token, key, sub=int(claims_of(member.token)["sub"]))
    ),
    "a token naming a session that does not exist": server_signed(sid=lambda: str(uuid.uuid4())),
    "a token without an expiry": server_signed(without=("exp",)),
    "a token without a subject": server_signed(without=("sub",)),
    "a token without an id": server_signed(without=("jti",)),
    "a token without a session": server_signed(without=("sid",)),
    "a token not valid until a minute from now": server_signed(nbf=seconds_from_now(60)),
    "a token issued a minute from now": server_signed(iat=seconds_from_now(60)),
    "a genuine token that expired a minute ago": server_signed(
        iat=seconds_from_now(-3660), exp=seconds_from_now(-60)
    ),
    "a genuine token issued five seconds from now": server_signed(iat=seconds_from_now(5)),
    "a token carrying its own key in its header": bearer(
        lambda token: signed_with_own_key(token, jwk="own key")
    ),
    "a token naming an address to fetch its key from": bearer(
        lambda token: signed_with_own_key(token, jku="https://attacker.example/jwks.json")
    ),
    "a token naming an address to fetch its certificate from": bearer(
        lambda token: signed_with_own_key(token, x5u="https://attacker.example/cert.pem")
    ),
    "a 16 KB token": bearer(lambda token: signed_with_another_key(token, pad="x" * 16 * 1024)),
    "a 16 KB token signed with the server's key": server_signed(pad="x" * 16 * 1024),
    "a token with Korean letters in it": bearer(lambda token: inserted(token, "토큰")),
    "a token with a tab in it": bearer(lambda token: inserted(token, "\t")),
    "a token with an escape character in it": bearer(lambda token: inserted(token, "\x1b")),
    "a token with a NUL character in it": bearer(lambda token: inserted(token, "\x00")),
    "two tokens in one header": lambda member, key: f"Bearer {member.token} {member.token}",
    "two tokens joined by a comma": lambda member, key: (
        f"Bearer {member.token}, Bearer {member.token}"
    ),
    'their username and password under the scheme "Basic"': lambda member, key: (
        "Basic " + base64.b64encode(f"{member.username}:{member.password}".encode()).decode()
    ),
}


NO_SUCH_KEY = "a-key-the-service-does-not-have"


def published_key_of(api, token: str) -> dict:
    """The published key that a token names, else the first the service publishes."""
    kid, published = header_of(token).get("kid"), published_keys(api)
    return next((jwk for jwk in published if jwk["kid"] == kid), published[0])


def with_published_key(**options):
    """Key confusion: HS256 "signed" with the key the service publishes for the member's token."""
    return lambda member, api: (
        "Bearer "
        + signed_with_published_key(member.token, published_key_of(api, member.token), **options)
    )


# Forgeries made with what the service publishes (its JWK Set): they need the API to fetch it.
KEY_FORGERIES = {
    "a token signed with the service's public key in PEM form as its secret": with_published_key(
        form="PEM"
    ),
    "a token signed with the service's public key in JWK form as its secret": with_published_key(
        form="JWK"
    ),
    "a token signed with the service's public key as its secret, naming no key": with_published_key(
        form="PEM", naming_it=False
    ),
}
CREDENTIALS |= {
    "a token naming a key the service does not have": bearer(
        lambda token: resigned(token, ANOTHER_KEY, kid=NO_SUCH_KEY)
    ),
    "a token signed with the service's secret naming another key": server_signed(kid=NO_SUCH_KEY),
}


def authorization(credential: str, member, key: str | None, api) -> str | None:
    """The Authorization header a scenario's words stand for."""
    if scheme := SCHEME.fullmatch(credential):
        return f"{scheme['scheme']} {member.token}"
    if credential in KEY_FORGERIES:
        return KEY_FORGERIES[credential](member, api)
    return CREDENTIALS[credential](member, key)


def nested_header(token: str, depth: int = 2500) -> str:
    """The token under a header of `depth` opened JSON arrays: 3.3 KB, under the size limit."""
    _, payload, signature = token.split(".")
    return f"{_b64(b'[' * depth)}.{payload}.{signature}"


def nested_claims(token: str, key: str, depth: int = 2500) -> str:
    """The token's header over its claims and `depth` opened JSON arrays, signed with `key`."""
    nested = _unb64(token.split(".")[1])[:-1] + b',"pad":' + b"[" * depth
    signing_input = f"{token.split('.')[0]}.{_b64(nested)}"
    digest = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256)
    return f"{signing_input}.{_b64(digest.digest())}"


CREDENTIALS["a token whose claims are nested 2,500 levels deep"] = lambda member, key: (
    f"Bearer {nested_claims(member.token, key)}"
)
