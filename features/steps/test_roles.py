import io

from django.core.management import call_command
from pytest_bdd import given, parsers, scenarios, then, when

from features.steps.api_client import REFUSED_BODIES, bearer
from features.steps.members import Member, logged_in

scenarios("roles.feature")


def parse_roles(text: str) -> list[str]:
    return [] if text == "nothing" else [role.strip() for role in text.split(",")]


def id_of(api, member: Member) -> int:
    return api.get("/me", token=member.token).body["id"]


def set_roles(api, actor: Member, target_id: int, roles: list[str]):
    return api.patch(f"/admin/users/{target_id}/roles", {"roles": roles}, token=actor.token)


## Given


@given(parsers.parse('an administrator "{username}" who has logged in'))
def an_administrator(api, names, cast, username, monkeypatch):
    """An operator created the first administrator on the server, who then logged in."""
    monkeypatch.setenv("ADMIN_PASSWORD", "admin-password-1")
    call_command("createadmin", username=names.of(username), stdout=io.StringIO())
    cast.add(
        username, logged_in(api, Member(username=names.of(username), password="admin-password-1"))
    )


@given(parsers.parse("{actor} has given {target} the roles {roles}"))
def has_given_roles(api, cast, actor, target, roles):
    """An administrator set a member's roles."""
    response = set_roles(api, cast[actor], id_of(api, cast[target]), parse_roles(roles))
    assert response.status == 200, response.raw


def end_sessions(api, actor: Member | None, target_id: int):
    return api.delete(
        f"/admin/users/{target_id}/sessions", {}, token=actor.token if actor else None
    )


@given(parsers.re(r"(?P<actor>\w+) has ended every session of (?P<target>\w+)"))
def has_ended_sessions(api, cast, actor, target):
    """An administrator ended all of a member's sessions."""
    response = end_sessions(api, cast[actor], id_of(api, cast[target]))
    assert response.status == 200, response.raw


@given(parsers.parse('an operator has ended every session of "{username}" on the server'))
def operator_ended_sessions(names, username):
    """An operator ran the management command for that member."""
    call_command("endsessions", username=names.of(username), stdout=io.StringIO())


## When


@when(
    parsers.re(r"(?P<actor>\w+) ends every session of member (?P<target_id>\d+)"),
    target_fixture="response",
)
def ends_sessions_by_id(api, cast, actor, target_id):
    """Someone ends the sessions of a member by id."""
    return end_sessions(api, cast[actor], int(target_id))


@when(
    parsers.re(r"(?P<actor>\w+) ends every session of (?P<target>\w+)"),
    target_fixture="response",
)
def ends_sessions(api, cast, actor, target):
    """Someone ends every session of another member."""
    return end_sessions(api, cast[actor], id_of(api, cast[target]))


@when(
    parsers.parse("someone ends every session of {name} without a token"),
    target_fixture="response",
)
def ends_sessions_without_token(api, cast, name):
    """The request to end a member's sessions carries no Authorization header."""
    return end_sessions(api, None, id_of(api, cast[name]))


@when(
    parsers.re(r"(?P<actor>\w+) gives member (?P<target_id>\d+) the roles (?P<roles>.+)"),
    target_fixture="response",
)
def gives_roles_by_id(api, cast, actor, target_id, roles):
    """Someone sets the roles of a member by id."""
    return set_roles(api, cast[actor], int(target_id), parse_roles(roles))


@when(
    parsers.re(r"(?P<actor>\w+) gives (?P<target>\w+) the roles (?P<roles>.+)"),
    target_fixture="response",
)
def gives_roles(api, cast, actor, target, roles):
    """Someone sets another member's roles."""
    return set_roles(api, cast[actor], id_of(api, cast[target]), parse_roles(roles))


@when(
    parsers.re(
        rf"(?P<actor>\w+) changes (?P<target>\w+)'s roles sending (?P<body>{'|'.join(REFUSED_BODIES)})"
    ),
    target_fixture="response",
)
def changes_roles_sending(api, cast, actor, target, body):
    """Someone sends a role change whose body the API refuses before reading it."""
    path = f"/admin/users/{id_of(api, cast[target])}/roles"
    return api.call("PATCH", path, authorization=bearer(cast[actor].token), **REFUSED_BODIES[body])


@when(parsers.parse("someone changes {name}'s roles without a token"), target_fixture="response")
def changes_roles_without_token(api, cast, name):
    """A role change arrives with no Authorization header."""
    return api.patch(f"/admin/users/{id_of(api, cast[name])}/roles", {"roles": ["ADMIN"]})


## Then


@then(parsers.parse("{count:d} sessions have ended"))
def sessions_ended(response, count):
    """The response counts the sessions it ended."""
    assert response.status == 200, response.raw
    assert response.body == {"sessions_ended": count}


@then(parsers.parse("their profile shows the roles {roles}"))
def profile_roles(response, roles):
    """The profile lists exactly these roles."""
    assert response.status == 200, response.raw
    assert response.body["roles"] == parse_roles(roles)


@then("their profile shows their id")
def profile_id(response):
    """The profile carries the member's numeric id."""
    assert isinstance(response.body["id"], int) and response.body["id"] > 0


@then(parsers.parse("{name}'s roles are now {roles}"))
def roles_now(response, names, name, roles):
    """The role change responded with the member and their new roles."""
    assert response.status == 200, response.raw
    assert response.body["username"] == names.of(name)
    assert response.body["roles"] == parse_roles(roles)
