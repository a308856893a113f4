"""security.feature: the credentials it presents are catalogued in tokens.CREDENTIALS."""

from pytest_bdd import parsers, scenarios, when

from features.steps import tokens

scenarios("security.feature")

NESTED_HEADER = "a token whose header is nested 2,500 levels deep"

# Where a member may present a token, and how: the method, the path, whether it goes in the
# Authorization header (else in the body as the refresh token).
PLACES = {
    "asks for their profile": ("GET", "/me", "header"),
    "refreshes their tokens": ("POST", "/token/refresh", "body"),
    "logs out": ("POST", "/logout", "header"),
}


## When


@when(
    parsers.re(rf"(?P<name>\w+) (?P<place>{'|'.join(PLACES)}) with {NESTED_HEADER}"),
    target_fixture="response",
)
def presents_nested_token(api, cast, name, place):
    """The member presents a forged token whose header is thousands of nested JSON arrays."""
    member, (method, path, where) = cast[name], PLACES[place]
    forged = tokens.nested_header(member.token)
    if where == "header":
        return api.call(method, path, authorization=f"Bearer {forged}", json_body={})
    return api.post(path, {"refresh_token": forged}, token=member.token)
