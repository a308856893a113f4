from pytest_bdd import parsers, scenarios, when

from features.steps import tokens

scenarios("authentication.feature")

# How each kind of credential is written into the Authorization header.
CREDENTIALS = {
    "no token": lambda token: None,
    "the Bearer scheme and nothing after it": lambda token: "Bearer",
    "garbage instead of a token": lambda token: "Bearer not-a-jwt-at-all",
    "a token signed with another key": lambda token: f"Bearer {tokens.signed_with_another_key(token)}",
    'a token whose algorithm is "none"': lambda token: f"Bearer {tokens.unsigned(token)}",
    "their token under another scheme": lambda token: f"Token {token}",
}


@when(parsers.parse("{name} asks for their profile with {credential}"), target_fixture="response")
def ask_with_credential(api, member, credential):
    """The member calls the profile endpoint presenting a particular credential."""
    return api.call("GET", "/me", authorization=CREDENTIALS[credential](member.token))
