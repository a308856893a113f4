from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import tokens
from features.steps.members import refresh, refresh_member

scenarios("sessions.feature")

# What a member might present when refreshing, by name.
PRESENTED = {
    "the refresh token already spent": lambda member: {"refresh_token": member.spent_refresh_token},
    "the newest refresh token": lambda member: {"refresh_token": member.refresh_token},
    "their access token": lambda member: {"refresh_token": member.token},
    "no refresh token": lambda member: {},
    "garbage": lambda member: {"refresh_token": "not-a-token"},
    "a refresh token forged with another key": lambda member: {
        "refresh_token": tokens.signed_with_another_key(member.refresh_token)
    },
}


## Given


@given(parsers.parse("{name} has refreshed their tokens"))
def has_refreshed(api, cast, name):
    """The member refreshed once; the first refresh token is now spent."""
    response = refresh_member(api, cast[name])
    assert response.status == 200, response.raw


@given(parsers.parse("someone has replayed {name}'s spent refresh token"))
def replayed(api, cast, name):
    """An attacker presents the refresh token the member already spent."""
    assert refresh(api, cast[name].spent_refresh_token).status == 401


@given(parsers.parse("{name} has logged out"))
def has_logged_out(api, cast, name):
    """The member ended the session they are using."""
    member = cast[name]
    response = api.post("/logout", {"refresh_token": member.refresh_token}, token=member.token)
    assert response.status == 200, response.raw


@given(parsers.parse("{name} has logged out everywhere"))
def has_logged_out_everywhere(api, cast, name):
    """The member ended every one of their sessions."""
    response = api.post("/logout/all", token=cast[name].token)
    assert response.status == 200, response.raw


@given(parsers.parse("{name} has not used their session for {days:d} days"))
def idle_for(clock, name, days):
    """That many days pass without a refresh: the session's idle time, whatever the settings say."""
    clock.advance(days * 24 * 3600)


## When


@when(parsers.parse("{name} refreshes their tokens on the other device"), target_fixture="response")
def refreshes_elsewhere(api, cast, name):
    """The member presents the other session's refresh token."""
    return refresh(api, cast[name].other_device.refresh_token)


@when(parsers.parse("{name} refreshes their tokens with {presented}"), target_fixture="response")
def refreshes_with(api, cast, name, presented):
    """The member presents something in place of their current refresh token."""
    return api.post("/token/refresh", PRESENTED[presented](cast[name]))


@when("someone logs out without a token", target_fixture="response")
def logs_out_without_token(api):
    """A logout arrives with no Authorization header."""
    return api.post("/logout", {})


@when(
    parsers.parse("{name} logs out presenting a number as the refresh token"),
    target_fixture="response",
)
def logs_out_with_a_number(api, cast, name):
    """The member logs out and sends a number where a refresh token belongs."""
    return api.post("/logout", {"refresh_token": 12345}, token=cast[name].token)


@when("someone logs out everywhere without a token", target_fixture="response")
def logs_out_everywhere_without_token(api):
    """A logout from every session arrives with no Authorization header."""
    return api.post("/logout/all")


## Then


@then("the response offers a Bearer access token, its lifetime and a refresh token")
def login_response_shape(response):
    """The login response carries everything a client needs to keep a session."""
    assert response.status == 200, response.raw
    body = response.body
    assert body["token_type"] == "Bearer"
    assert (
        body["expires_in"]
        == tokens.claims_of(body["token"])["exp"] - tokens.claims_of(body["token"])["iat"]
    )
    assert body["refresh_token"] != body["token"]


@then("they receive a new access token and a new refresh token", target_fixture="refreshed")
def new_pair(response, cast):
    """The refresh returned a fresh pair, different from the one the scenario's member holds."""
    member = cast.only()
    assert response.status == 200, response.raw
    assert "no-store" in response.headers["Cache-Control"]
    assert response.body["token"] != member.token
    assert response.body["refresh_token"] != member.refresh_token
    return response.body


@then(parsers.parse('the new access token opens the profile of "{username}"'))
def new_token_works(api, names, refreshed, username):
    """The refreshed access token is accepted."""
    response = api.get("/me", token=refreshed["token"])
    assert response.status == 200 and response.body["username"] == names.of(username)
