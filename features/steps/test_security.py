import base64
import re
import time
import uuid

from pytest_bdd import parsers, scenarios, when

from features.steps import tokens
from features.steps.signing_keys import published_keys

scenarios("security.feature")

# The largest id a 64-bit primary key can hold: no member of a test server has it.
NO_SUCH_MEMBER = str(2**63 - 1)
SCHEME = re.compile(r'their token under the scheme "(?P<scheme>[^"]+)"')


def seconds_from_now(seconds: int):
    """A time that many seconds after the forgery is made (before it, if negative)."""
    return lambda: int(time.time()) + seconds


def inserted(token: str, text: str) -> str:
    return token[:20] + text + token[20:]


def server_signed(**changes):
    """The member's token with `changes`, signed again with the server's own key.

    A change given as a function is worked out when the forgery is made.
    """

    def forge(token: str, key: str) -> str:
        made = {name: value() if callable(value) else value for name, value in changes.items()}
        return tokens.resigned(token, key, **made)

    return forge


# What goes after "Bearer ", made from the member's token and, for a genuine
# signature, the server's key.
TOKENS = {
    'a token whose algorithm is "none"': lambda token, key: tokens.unsigned(token),
    'a token whose algorithm is "None"': lambda token, key: tokens.unsigned(token, alg="None"),
    "a token signed with another key": lambda token, key: tokens.signed_with_another_key(token),
    "a token altered after signing": lambda token, key: tokens.altered(token),
    "a token without its signature": lambda token, key: tokens.without_signature(token),
    "an expired token signed with another key": lambda token, key: tokens.expired_and_forged(token),
    "a token signed with a public key as its secret": lambda token, key: tokens.resigned(
        token, tokens.A_PUBLIC_KEY
    ),
    "a token relabelled RS256 and signed with the server's key": server_signed(alg="RS256"),
    "a token relabelled ES256 and signed with the server's key": server_signed(alg="ES256"),
    "a token signed with the server's key using HS512": server_signed(alg="HS512"),
    "a token naming a member who does not exist": server_signed(sub=NO_SUCH_MEMBER),
    "a token naming its member by a number instead of text": lambda token, key: tokens.resigned(
        token, key, sub=int(tokens.claims_of(token)["sub"])
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
    "a 16 KB token": lambda token, key: tokens.signed_with_another_key(token, pad="x" * 16 * 1024),
    "a 16 KB token signed with the server's key": server_signed(pad="x" * 16 * 1024),
    "a token with Korean letters in it": lambda token, key: inserted(token, "토큰"),
    "a token with a tab in it": lambda token, key: inserted(token, "\t"),
    "a token with an escape character in it": lambda token, key: inserted(token, "\x1b"),
    "a token with a NUL character in it": lambda token, key: inserted(token, "\x00"),
}

# Credentials that are not the member's access token after "Bearer".
OTHER_HEADERS = {
    "their refresh token": lambda member: f"Bearer {member.refresh_token}",
    "two tokens in one header": lambda member: f"Bearer {member.token} {member.token}",
    "two tokens joined by a comma": lambda member: f"Bearer {member.token}, Bearer {member.token}",
    'their username and password under the scheme "Basic"': lambda member: "Basic "
    + base64.b64encode(f"{member.username}:{member.password}".encode()).decode(),
}


# Key confusion: HS256 tokens "signed" with the service's own published key as the secret.
PUBLISHED_KEY_FORGERIES = {
    "a token signed with the service's public key in PEM form as its secret": dict(form="PEM"),
    "a token signed with the service's public key in JWK form as its secret": dict(form="JWK"),
    "a token signed with the service's public key as its secret, naming no key": dict(
        form="PEM", naming_it=False
    ),
}


def authorization(credential: str, member, key: str | None, api) -> str:
    if scheme := SCHEME.fullmatch(credential):
        return f"{scheme['scheme']} {member.token}"
    if credential in OTHER_HEADERS:
        return OTHER_HEADERS[credential](member)
    if credential in PUBLISHED_KEY_FORGERIES:
        jwk = published_keys(api)[0]
        return f"Bearer {tokens.signed_with_published_key(member.token, jwk, **PUBLISHED_KEY_FORGERIES[credential])}"
    return f"Bearer {TOKENS[credential](member.token, key)}"


## When


@when(parsers.parse("{name} asks for their profile with {credential}"), target_fixture="answer")
def ask_with_credential(api, member, server_key, credential):
    """The member calls the profile endpoint presenting a forged or malformed credential."""
    return api.call("GET", "/me", authorization=authorization(credential, member, server_key, api))
