from dataclasses import dataclass

from pytest_bdd import parsers, scenarios, then, when

from features.steps.contract import assert_refused
from features.steps.members import DEFAULT_PASSWORD, Member, logged_in, sign_up
from features.steps.together import sent_together

scenarios("signup.feature")

VALID = {"username": "newcomer", "password": DEFAULT_PASSWORD, "nickname": "Newcomer"}


@dataclass(frozen=True)
class UsernameOfLength:
    length: int


# Each named case is the valid sign-up with one thing changed; None removes the field.
CASES = {
    "no username": {"username": None},
    "a blank username": {"username": "   "},
    "a username of 151 characters": {"username": UsernameOfLength(151)},
    "a username of 150 characters": {"username": UsernameOfLength(150)},
    "a number as the username": {"username": 12345678},
    "a username with a NUL character": {"username": "new\x00comer"},
    "a username with a line break": {"username": "new\ncomer"},
    "no password": {"password": None},
    "a password of 7 characters": {"password": "p" * 7},
    "a password of 8 characters": {"password": "p" * 8},
    "a password of 128 characters": {"password": "p" * 128},
    "a password of 129 characters": {"password": "p" * 129},
    "a list as the password": {"password": ["12341234"]},
    "no nickname": {"nickname": None},
    "a blank nickname": {"nickname": ""},
    "a nickname of 1 character": {"nickname": "n"},
    "a nickname of 50 characters": {"nickname": "n" * 50},
    "a nickname of 51 characters": {"nickname": "n" * 51},
    "an object as the nickname": {"nickname": {"first": "New"}},
    "a NUL character in the nickname": {"nickname": "New\x00"},
}


def full_width(text: str) -> str:
    """The text in full-width forms (ＡＢＣ), which NFKC folds back to ASCII."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# A password made from the username, as it will be sent (with a live run's suffix).
HOLDING_USERNAME = {
    "the username itself as the password": lambda username: username,
    "the username in capitals followed by digits": lambda username: username.upper() + "2024",
    "the username between other words": lambda username: f"my {username} password",
    "the username in full-width letters": lambda username: full_width(username) + "!",
}


def with_change(names, change: dict) -> dict:
    payload = {**VALID, **change}
    username = payload["username"]
    if isinstance(username, UsernameOfLength):
        payload["username"] = names.of_length(username.length)
    elif isinstance(username, str):
        payload["username"] = names.of(username)
    return {key: value for key, value in payload.items() if value is not None}


## When


@when(parsers.parse("a visitor signs up with {case}"), target_fixture="response")
def visitor_signs_up_with(api, names, case):
    """A visitor signs up with one detail changed from a valid sign-up."""
    return api.post("/signup", with_change(names, CASES[case]))


@when(
    parsers.re(
        rf'a visitor signs up as "(?P<username>[^"]+)" with (?P<password>{"|".join(HOLDING_USERNAME)})'
    ),
    target_fixture="response",
)
def visitor_signs_up_holding_username(api, names, username, password):
    """A visitor signs up with a password made from the username they choose."""
    name = names.of(username)
    member = Member(username=name, password=HOLDING_USERNAME[password](name), nickname="N")
    return sign_up(api, member)


@when(
    parsers.parse('a visitor signs up as "{username}" claiming to be an administrator'),
    target_fixture="response",
)
def visitor_claims_privileges(api, names, username):
    """A visitor adds privilege fields to an otherwise valid sign-up."""
    payload = {
        "username": names.of(username),
        "password": DEFAULT_PASSWORD,
        "nickname": username.title(),
    }
    privileges = {"roles": ["ADMIN"], "is_staff": True, "is_superuser": True, "is_active": True}
    return api.post("/signup", {**payload, **privileges})


@when(
    parsers.parse('{count:d} visitors sign up as "{username}" at the same moment'),
    target_fixture="responses",
)
def visitors_sign_up_together(api_factory, names, count, username):
    """One name, many sign-ups at once: the database's unique index must decide."""
    member = Member(username=names.of(username), password=DEFAULT_PASSWORD, nickname="Racer")
    return sent_together(api_factory, count, lambda client: sign_up(client, member))


## Then


@then("they are welcomed")
def welcomed(response):
    """The sign-up succeeded."""
    assert response.status == 201, response.raw


@then(parsers.parse('"{username}" holds no role but USER'))
def only_a_user(api, names, username):
    """Logged in, the new member's profile shows the plain USER role."""
    member = logged_in(api, Member(username=names.of(username)))
    assert api.get("/me", token=member.token).body["roles"] == ["USER"]


@then(parsers.parse('"{username}" is still free to sign up'))
def still_free(api, names, username):
    """Nothing was created: the name can still be taken."""
    response = api.post("/signup", {**VALID, "username": names.of(username)})
    assert response.status == 201, response.raw


@then("exactly one of them is welcomed and the rest are refused as USER_ALREADY_EXISTS")
def one_welcomed(responses):
    """However the sign-ups interleaved, one made the member."""
    welcomed = [response for response in responses if response.status == 201]
    assert len(welcomed) == 1, sorted(response.status for response in responses)
    for response in responses:
        if response.status != 201:
            assert_refused(response, "USER_ALREADY_EXISTS")


@then(parsers.parse('"{username}" is taken, in any letter case'))
def taken_in_any_case(api, names, username):
    """The one member holds the name: a later sign-up in other capitals is refused."""
    later = sign_up(api, Member(username=names.of(username), nickname="Later"))
    assert_refused(later, "USER_ALREADY_EXISTS")
