from pytest_bdd import given, parsers, scenarios, then, when

from features.steps import tokens
from features.steps.contract import assert_refused
from features.steps.members import Member, log_in, logged_in, refresh, refresh_member, sign_up
from features.steps.together import sent_together

scenarios("session_limits.feature")

DAY = 24 * 3600
MINUTE = 60
# The session lifetime the feature speaks of: 30 days from the login.
SESSION_DAYS = 30


def login_time(member) -> int:
    return tokens.claims_of(member.login_token)["iat"]


def session_end(member) -> int:
    return login_time(member) + SESSION_DAYS * DAY


## Given


@given(parsers.parse("{name} has refreshed their tokens every day for {days:d} days"))
def refreshed_daily(api, clock, cast, name, days):
    """Day after day, the member refreshes before anything expires."""
    member = cast[name]
    for day in range(1, days + 1):
        clock.move_to(login_time(member) + day * DAY)
        response = refresh_member(api, member)
        assert response.status == 200, (day, response.raw)


@given(
    parsers.parse("{name} has refreshed their tokens once more, a minute before the session ends")
)
def refreshed_at_the_last_minute(api, clock, cast, name):
    """The last refresh of the session, a minute before its end."""
    member = cast[name]
    clock.move_to(session_end(member) - MINUTE)
    response = refresh_member(api, member)
    assert response.status == 200, response.raw


@given(
    parsers.parse(
        'a member "{username}" who has logged in on {count:d} devices, one after another'
    ),
    target_fixture="devices",
)
def logged_in_on_devices(api, names, cast, username, count):
    """One member, one session per device, started in this order."""
    member = cast.add(username, Member(username=names.of(username)))
    assert sign_up(api, member).status == 201
    return [logged_in(api, Member(member.username, member.password)) for _ in range(count)]


@given(parsers.parse("{name} has since refreshed their tokens on the first device"))
def refreshed_on_first_device(api, devices, name):
    """The oldest session is used again, so it is no longer the least recently used."""
    response = refresh_member(api, devices[0])
    assert response.status == 200, response.raw


## When


@when(
    parsers.parse("{name} refreshes their tokens {days:d} days after logging in"),
    target_fixture="response",
)
def refreshes_days_after_login(api, clock, cast, name, days):
    """The member presents their refresh token that many days after the login."""
    member = cast[name]
    clock.move_to(login_time(member) + days * DAY)
    return refresh_member(api, member)


@when(
    parsers.parse("{name} refreshes their tokens a minute before the session ends"),
    target_fixture="response",
)
def refreshes_before_the_end(api, clock, cast, name):
    """The member refreshes with a minute of the session left."""
    member = cast[name]
    clock.move_to(session_end(member) - MINUTE)
    return refresh_member(api, member)


@when(
    parsers.parse("{name} asks for their profile {days:d} days after logging in"),
    target_fixture="response",
)
def profile_days_after_login(api, clock, cast, name, days):
    """The member calls the profile endpoint that many days after the login."""
    member = cast[name]
    clock.move_to(login_time(member) + days * DAY)
    return api.get("/me", token=member.token)


@when(parsers.parse("{name} logs in on an eleventh device"), target_fixture="response")
def logs_in_on_another_device(api, devices, name):
    """One more login, past the number of sessions a member may keep."""
    return log_in(api, devices[0].username, devices[0].password)


@when(
    parsers.parse("{name} logs in {count:d} times at the same moment"), target_fixture="responses"
)
def logs_in_together(api_factory, cast, name, count):
    """Many logins of one member at once: each must find the cap as the one before left it."""
    member = cast[name]
    return sent_together(
        api_factory, count, lambda client: log_in(client, member.username, member.password)
    )


## Then


@then(parsers.parse("both new tokens expire {days:d} days after the login"))
def tokens_expire_with_the_session(response, cast, days):
    """Neither token outlives the session, though their own lifetimes reach further."""
    assert response.status == 200, response.raw
    end = login_time(cast.only()) + days * DAY
    assert tokens.claims_of(response.body["token"])["exp"] == end
    assert tokens.claims_of(response.body["refresh_token"])["exp"] == end
    assert response.body["expires_in"] == MINUTE


@then(parsers.parse("the session on {name}'s second device has ended"))
def second_device_ended(api, devices, name):
    """Both tokens of the least recently used session are refused."""
    assert_refused(api.get("/me", token=devices[1].token), "INVALID_TOKEN")
    assert_refused(refresh(api, devices[1].refresh_token), "INVALID_TOKEN")


@then(parsers.parse("{name}'s sessions on the other devices go on"))
def other_devices_go_on(api, devices, name, response):
    """Every other session, the new one included, still opens the profile."""
    for token in [device.token for device in devices[:1] + devices[2:]] + [response.body["token"]]:
        profile = api.get("/me", token=token)
        assert profile.status == 200, profile.raw


@then("every login receives a token of its own")
def every_login_has_a_token(responses):
    """No login failed for the others it ran beside."""
    assert [response.status for response in responses] == [200] * len(responses)
    assert len({response.body["token"] for response in responses}) == len(responses)


@then(parsers.parse("exactly {kept:d} of those tokens still open the profile"))
def only_the_cap_kept(api, responses, kept):
    """The sessions past the cap were ended, however the logins interleaved."""
    statuses = sorted(api.get("/me", token=response.body["token"]).status for response in responses)
    assert statuses == [200] * kept + [401] * (len(responses) - kept), statuses
