import jwt
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import tokens
from features.steps.signing_keys import published_keys

scenarios("keys.feature")

NO_SUCH_KEY = "a-key-the-service-does-not-have"


def published_key_of(api, token: str) -> dict:
    """The published key that a token names."""
    kid = tokens.header_of(token).get("kid")
    return next(jwk for jwk in published_keys(api) if jwk["kid"] == kid)


# What goes after "Bearer ", made from the member's token, the service's secret (a
# privilege of the harness) and, for key confusion, what the service publishes.
FORGERIES = {
    "a token naming a key the service does not have": lambda token, secret, api: tokens.resigned(
        token, tokens.ANOTHER_KEY, kid=NO_SUCH_KEY
    ),
    "a token signed with the service's secret naming another key": lambda token, secret, api: tokens.resigned(
        token, secret, kid=NO_SUCH_KEY
    ),
    "a token signed with the published key in PEM form as its secret": lambda token, secret, api: (
        tokens.signed_with_published_key(token, published_key_of(api, token), form="PEM")
    ),
    "a token signed with the published key in JWK form as its secret": lambda token, secret, api: (
        tokens.signed_with_published_key(token, published_key_of(api, token), form="JWK")
    ),
}


## Given


@given(parsers.parse("the service has since moved to {kind}, keeping the old one for checking"))
def moved_keeping_the_old_key(service_keys, kind):
    """An operator's rotation: a new key signs, the old one is listed as previous."""
    service_keys.move_to(kind, keep_old=True)


@given(parsers.parse("the service has since moved to {kind}, no longer keeping the old one"))
def moved_dropping_the_old_key(service_keys, kind):
    """The end of a rotation: the old key has been removed from the list."""
    service_keys.move_to(kind, keep_old=False)


## When


@when(parsers.parse("{name} asks for their profile with {credential}"), target_fixture="answer")
def ask_with_forgery(api, member, server_key, credential):
    """The member calls the profile endpoint presenting a token made to deceive."""
    return api.get("/me", token=FORGERIES[credential](member.token, server_key, api))


@when(
    parsers.parse("another service checks {name}'s token with the keys the service publishes"),
    target_fixture="checked_claims",
)
def another_service_checks(api, member):
    """What docs/verify-tokens.md tells another service to do, with PyJWT."""
    key = jwt.PyJWK.from_dict(published_key_of(api, member.token))
    return jwt.decode(
        member.token,
        key.key,
        algorithms=[key.algorithm_name],
        options={"require": ["exp", "sub"], "verify_aud": False},
    )


## Then


@then(parsers.parse("it finds that the token belongs to {name}"))
def token_belongs_to(api, member, checked_claims):
    """The verified subject is the member's own id, and it is an access token."""
    profile = api.get("/me", token=member.token)
    assert profile.status == 200, profile.raw
    assert checked_claims["sub"] == str(profile.body["id"])
    assert checked_claims["type"] == "access"


@then("they receive tokens signed with the new key")
def signed_with_the_new_key(answer, member, service_keys):
    """Both renewed tokens carry the new key's signature, and name a key other than before."""
    assert answer.status == 200, answer.raw
    for token in (answer.body["token"], answer.body["refresh_token"]):
        assert service_keys.current.has_signed(token)
        assert tokens.header_of(token)["kid"] != tokens.header_of(member.token)["kid"]
