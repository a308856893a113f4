from pytest_bdd import given, parsers, scenarios, then, when

from features.steps.members import log_in

scenarios("login.feature")

VALID = {"username": "JIN HO", "password": "12341234"}

CASES = {
    "no username": {"username": None},
    "no password": {"password": None},
    "a blank password": {"password": ""},
    "a number as the password": {"password": 12341234},
    "a list as the username": {"username": ["JIN HO"]},
}


# The member's password as someone might send it, changed or not.
PASSWORDS = {
    "their password": lambda password: password,
    "their password without the spaces around it": str.strip,
    "their password in small letters": str.lower,
    "the first 64 characters of their password": lambda password: password[:64],
    "the first 72 characters of their password": lambda password: password[:72],
}


## Given


@given(parsers.parse('a year has passed since "{username}" signed up'))
def a_year_later(clock, username):
    """The clock stands 365 days after the sign-up; the password was never changed."""
    clock.advance(365 * 24 * 3600)


## When


@when(
    parsers.re(rf"(?P<name>\w+) logs in with (?P<password>{'|'.join(PASSWORDS)})"),
    target_fixture="response",
)
def logs_in_with_own_password(api, cast, name, password):
    """The member logs in with their password, exactly as chosen or changed in one way."""
    member = cast[name]
    return log_in(api, member.username, PASSWORDS[password](member.password))


@when(parsers.parse("someone logs in with {case}"), target_fixture="response")
def logs_in_with(api, names, case):
    """Someone logs in with one detail changed from valid credentials."""
    payload = {**VALID, "username": names.of(VALID["username"]), **CASES[case]}
    return api.post("/login", {key: value for key, value in payload.items() if value is not None})


@when(
    parsers.parse(
        'someone tries a wrong password for "{username}" and any password for "{stranger}"'
    ),
    target_fixture="responses",
)
def tries_both(api, names, username, stranger):
    """Two failed logins: a real name with a wrong password, and an unknown name."""
    wrong_password = log_in(api, names.of(username), "wrong-password")
    return wrong_password, log_in(api, names.of(stranger), "wrong-password")


## Then


@then(parsers.parse('the token opens the profile of "{username}"'))
def token_opens_profile(api, names, token, username):
    """The token received works on the profile endpoint."""
    response = api.get("/me", token=token)
    assert response.status == 200, response.raw
    assert response.body["username"] == names.of(username)


@then("both responses are identical")
def identical(responses):
    """Nothing in the responses tells the two failures apart."""
    wrong_password, unknown_user = responses
    assert wrong_password.status == unknown_user.status == 401
    assert wrong_password.raw == unknown_user.raw
    assert wrong_password.headers.get("WWW-Authenticate") == unknown_user.headers.get(
        "WWW-Authenticate"
    )


@then("the response may not be stored by any cache")
def not_cacheable(response):
    """The login response carries Cache-Control: no-store (RFC 6749 §5.1)."""
    assert response.status == 200
    assert "no-store" in response.headers["Cache-Control"]
