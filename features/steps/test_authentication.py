"""authentication.feature: most steps are the shared vocabulary (conftest.py) and tokens.CREDENTIALS."""

from urllib.parse import urlencode

from pytest_bdd import parsers, scenarios, when

scenarios("authentication.feature")


@when(
    parsers.parse("{name} asks for their profile putting their token in the address"),
    target_fixture="response",
)
def asks_with_token_in_address(api, cast, name):
    """The token rides in the query string, as `access_token` (RFC 6750 §2.3), not in a header."""
    return api.get("/me?" + urlencode({"access_token": cast[name].token}))
