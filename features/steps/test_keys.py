import jwt
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import tokens

scenarios("keys.feature")

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


@when(
    parsers.parse("another service checks {name}'s token with the keys the service publishes"),
    target_fixture="checked_claims",
)
def another_service_checks(api, cast, name):
    """What docs/verify-tokens.md tells another service to do, with PyJWT."""
    token = cast[name].token
    key = jwt.PyJWK.from_dict(tokens.published_key_of(api, token))
    return jwt.decode(
        token,
        key.key,
        algorithms=[key.algorithm_name],
        options={"require": ["exp", "sub"], "verify_aud": False},
    )


## Then


@then(parsers.parse("it finds that the token belongs to {name}"))
def token_belongs_to(api, cast, name, checked_claims):
    """The verified subject is the member's own id, and it is an access token."""
    profile = api.get("/me", token=cast[name].token)
    assert profile.status == 200, profile.raw
    assert checked_claims["sub"] == str(profile.body["id"])
    assert checked_claims["type"] == "access"


@then(parsers.parse("{name} receives tokens signed with the new key"))
def signed_with_the_new_key(response, cast, name, service_keys):
    """Both refreshed tokens carry the new key's signature, and name a key other than before."""
    assert response.status == 200, response.raw
    for token in (response.body["token"], response.body["refresh_token"]):
        assert service_keys.current.has_signed(token)
        assert tokens.header_of(token)["kid"] != tokens.header_of(cast[name].token)["kid"]
