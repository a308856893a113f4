"""What an attacker can do with a token: read its payload and forge new ones.

Scenarios use these to build untrustworthy tokens; they never use the API's
own token module, and they never know the API's signing key.
"""

import base64
import json
import time

import jwt

ANOTHER_KEY = "a-key-that-is-not-the-servers-own-key-0123456789"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def claims_of(token: str) -> dict:
    return json.loads(_unb64(token.split(".")[1]))


def signed_with_another_key(token: str, **changes) -> str:
    return jwt.encode({**claims_of(token), **changes}, ANOTHER_KEY, algorithm="HS256")


def unsigned(token: str) -> str:
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{token.split('.')[1]}."


def altered(token: str) -> str:
    header, _, signature = token.split(".")
    payload = _b64(json.dumps({**claims_of(token), "sub": "1" + claims_of(token)["sub"]}).encode())
    return f"{header}.{payload}.{signature}"


def without_signature(token: str) -> str:
    header, payload, _ = token.split(".")
    return f"{header}.{payload}."


def expired_and_forged(token: str) -> str:
    an_hour_ago = int(time.time()) - 3600
    return signed_with_another_key(token, iat=an_hour_ago - 60, exp=an_hour_ago)
