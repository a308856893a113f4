from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import tokens
from features.steps.members import Member, refresh_member

scenarios("my_devices.feature")

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
NO_SUCH_SESSION = "00000000-0000-4000-8000-000000000000"


def sessions_of(api, member: Member) -> list[dict]:
    response = api.get("/me/sessions", token=member.token)
    assert response.status == 200, response.raw
    return response.body["sessions"]


def end_session(api, member: Member, session_id: str):
    return api.delete(f"/me/sessions/{session_id}", None, token=member.token)


## Given


@given(parsers.parse("{name} has logged in on an iPhone"))
def logged_in_on_iphone(api, cast, name):
    """The member logged in again, from Safari on an iPhone."""
    member = cast[name]
    body = {"username": member.username, "password": member.password}
    response = api.post("/login", body, headers={"User-Agent": IPHONE})
    assert response.status == 200, response.raw


@given(parsers.parse("{name} has refreshed the tokens of the first device"))
def refreshed_first_device(api, cast, name):
    """The first session was used after the other device logged in."""
    assert refresh_member(api, cast[name]).status == 200


@given(parsers.parse("{name} has ended the session of the other device"))
def ended_other_device(api, cast, name):
    """The member ended the other device's session from the one in use."""
    member = cast[name]
    other = next(s["id"] for s in sessions_of(api, member) if not s["current"])
    assert end_session(api, member, other).status == 200


## When


@when(parsers.parse("{name} lists their sessions"), target_fixture="response")
def lists_sessions(api, cast, name):
    """The member asks for their sessions."""
    return api.get("/me/sessions", token=cast[name].token)


@when(parsers.parse("{name} ends {other}'s session"), target_fixture="response")
def ends_others_session(api, cast, name, other):
    """The member names another member's session (its id is in that member's token)."""
    session_id = tokens.claims_of(cast[other].token)["sid"]
    return end_session(api, cast[name], session_id)


ABSENT_SESSIONS = {
    "a session that does not exist": NO_SUCH_SESSION,
    "a session named by nonsense": "not-a-session",
}


@when(parsers.parse("{name} ends {a_session}"), target_fixture="response")
def ends_absent_session(api, cast, name, a_session):
    """The member names a session that is nobody's."""
    return end_session(api, cast[name], ABSENT_SESSIONS[a_session])


@when(parsers.parse("someone {action} without a token"), target_fixture="response")
def without_token(api, action):
    """The request comes with no Authorization header."""
    if action == "asks for the list of sessions":
        return api.get("/me/sessions")
    return api.delete(f"/me/sessions/{NO_SUCH_SESSION}", None)


## Then


@then(parsers.parse("they see {count:d} sessions, the one in use marked as current"))
def sees_sessions(response, cast, count):
    """Every live session is listed, once, with the current one marked."""
    assert response.status == 200, response.raw
    found = response.body["sessions"]
    assert len(found) == count
    current = [s for s in found if s["current"]]
    assert [s["id"] for s in current] == [tokens.claims_of(cast.only().token)["sid"]]
    for session in found:
        assert set(session) == {"id", "created_at", "last_used_at", "address", "device", "current"}


@then("the session in use comes first")
def in_use_first(response):
    """Sessions come newest use first."""
    assert response.body["sessions"][0]["current"] is True


@then(parsers.parse('one session is labelled "{label}"'))
def labelled(response, label):
    """The device label comes from the user agent."""
    assert label in [s["device"] for s in response.body["sessions"]]


@then(parsers.parse("no session's id is the id of {name}'s token"))
def not_the_jti(response, cast, name):
    """A session is named by its own id, never by a token's jti."""
    jti = tokens.claims_of(cast[name].token)["jti"]
    assert jti not in [s["id"] for s in response.body["sessions"]]


@then(parsers.parse("{name}'s session still works"))
def still_works(api, cast, name):
    """The other member was not logged out."""
    assert api.get("/me", token=cast[name].token).status == 200
