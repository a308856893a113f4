from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import tokens

scenarios("sessions.feature")

# What a member might present when renewing, by name.
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


def renew(api, refresh_token):
    return api.post("/token/refresh", {"refresh_token": refresh_token})


## Given


@given(parsers.parse("{name} has renewed their tokens"))
def has_renewed(api, member):
    """The member renewed once; the first refresh token is now spent."""
    answer = renew(api, member.refresh_token)
    assert answer.status == 200, answer.raw
    member.spent_refresh_token = member.refresh_token
    member.token, member.refresh_token = answer.body["token"], answer.body["refresh_token"]


@given(parsers.parse("someone has replayed {name}'s spent refresh token"))
def replayed(api, member):
    """An attacker presents the refresh token the member already spent."""
    assert renew(api, member.spent_refresh_token).status == 401


@given(parsers.parse("{name} has logged out"))
def has_logged_out(api, member):
    """The member ended the session they are using."""
    answer = api.post("/logout", {"refresh_token": member.refresh_token}, token=member.token)
    assert answer.status == 200, answer.raw


@given(parsers.parse("{name} has logged out everywhere"))
def has_logged_out_everywhere(api, member):
    """The member ended every one of their sessions."""
    answer = api.post("/logout/all", token=member.token)
    assert answer.status == 200, answer.raw


## When


@when(parsers.parse("{name} renews their tokens on the other device"), target_fixture="answer")
def renews_elsewhere(api, other_device):
    """The member presents the other session's refresh token."""
    return renew(api, other_device.refresh_token)


@when(parsers.parse("{name} renews their tokens with {presented}"), target_fixture="answer")
def renews_with(api, member, presented):
    """The member presents something in place of their current refresh token."""
    return api.post("/token/refresh", PRESENTED[presented](member))


@when(parsers.parse("{name} asks for their profile with their refresh token"), target_fixture="answer")
def profile_with_refresh_token(api, member):
    """The member presents the refresh token where an access token belongs."""
    return api.get("/me", token=member.refresh_token)


@when("someone logs out without a token", target_fixture="answer")
def logs_out_without_token(api):
    """A logout arrives with no Authorization header."""
    return api.post("/logout", {})


## Then


@then("the login answer offers a Bearer access token, its lifetime and a refresh token")
def login_answer_shape(member):
    """The login answer carries everything a client needs to keep a session."""
    body = member.login_answer
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == tokens.claims_of(body["token"])["exp"] - tokens.claims_of(body["token"])["iat"]
    assert body["refresh_token"] != body["token"]


@then("they receive a new access token and a new refresh token", target_fixture="renewed")
def new_pair(answer, member):
    """The renewal answered a fresh pair, different from the one presented."""
    assert answer.status == 200, answer.raw
    assert "no-store" in answer.headers["Cache-Control"]
    assert answer.body["token"] != member.token
    assert answer.body["refresh_token"] != member.refresh_token
    return answer.body


@then(parsers.parse('the new access token opens the profile of "{username}"'))
def new_token_works(api, names, renewed, username):
    """The renewed access token is accepted."""
    answer = api.get("/me", token=renewed["token"])
    assert answer.status == 200 and answer.body["username"] == names.of(username)
