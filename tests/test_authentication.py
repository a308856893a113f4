"""Authentication below the API: who a token names, and what it costs."""

from pathlib import Path

import jwt
import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.sessions import start_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return User.objects.create_user("JIN HO", "12341234", nickname="Mentos")


def access_token_of(user) -> str:
    return start_session(user).access_token


def profile(token: str):
    return APIClient().get("/me", headers={"Authorization": f"Bearer {token}"})


def test_profile_costs_one_query(member, django_assert_num_queries):
    token = access_token_of(member)
    profile(token)  # on PostgreSQL, the first on a connection also prepares the lookup
    with django_assert_num_queries(1):
        response = profile(token)
    assert response.status_code == 200
    assert response.json() == {
        "id": member.pk,
        "username": "JIN HO",
        "nickname": "Mentos",
        "roles": ["USER"],
        "email": None,
        "email_pending": None,
    }


def test_token_of_a_deleted_user_is_invalid(member):
    token = access_token_of(member)
    member.delete()
    assert profile(token).json()["error"]["code"] == "INVALID_TOKEN"


def test_token_of_an_inactive_user_is_invalid(member):
    token = access_token_of(member)
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert profile(token).json()["error"]["code"] == "INVALID_TOKEN"


# "9" * 19 has as many digits as a 64-bit id but is beyond PostgreSQL's bigint.
@pytest.mark.parametrize("subject", ["abc", "-1", "1.5", "١", "9" * 19, "9" * 40])
def test_subjects_that_are_not_user_ids_are_invalid(subject, settings):
    claims = {
        "sub": subject,
        "iat": 1,
        "exp": 4_000_000_000,
        "jti": "x",
        "type": "access",
        "sid": "9b2f4b1e-2a8c-4c39-8f55-1d0f3f1b2a11",
    }
    token = jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm="HS256")
    assert profile(token).json()["error"]["code"] == "INVALID_TOKEN"


def test_a_token_longer_than_any_we_issue_is_refused_early(member):
    assert profile("a" * 16 * 1024).json()["error"]["code"] == "INVALID_TOKEN"


def test_a_bad_token_does_not_stop_a_login(member):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer garbage")
    response = client.post("/login", {"username": "JIN HO", "password": "12341234"}, format="json")
    assert response.status_code == 200


def test_token_of_an_ended_session_is_invalid(member):
    token = access_token_of(member)
    member.sessions.all().delete()
    assert profile(token).json()["error"]["code"] == "INVALID_TOKEN"


def test_token_naming_another_members_session_is_invalid(member, settings):
    other = User.objects.create_user("other", "12341234", nickname="O")
    other_session = start_session(other)
    from tokens.tokens import issue_access_token, read_access_token

    session_id = read_access_token(other_session.access_token).session_id
    forged = issue_access_token(user_id=member.pk, session_id=session_id).raw
    assert profile(forged).json()["error"]["code"] == "INVALID_TOKEN"


def test_the_member_is_read_with_roles_as_a_list_and_the_rest_on_demand(member):
    User.objects.filter(pk=member.pk).update(roles=["USER", "ADMIN"])
    start_session(member)
    session_id = str(member.sessions.get().pk)
    found = User.objects.get_by_live_session(user_id=member.pk, session_id=session_id)
    # A list, not the JSON text: `"ADMIN" in '["USER"]'` would be a substring test.
    assert found.roles == ["USER", "ADMIN"] and found.is_admin
    assert (found.pk, found.username, found.nickname) == (member.pk, "JIN HO", "Mentos")
    assert found.date_joined == member.date_joined and found.check_password("12341234")


def test_no_member_is_read_for_a_session_that_is_not_theirs(member):
    other = User.objects.create_user("other", "12341234", nickname="O")
    start_session(other)
    session_id = str(other.sessions.get().pk)
    assert User.objects.get_by_live_session(user_id=member.pk, session_id=session_id) is None
    assert User.objects.get_by_live_session(user_id=other.pk, session_id=session_id) is not None


def test_the_challenge_is_written_once():
    """One challenge for every 401: the envelope's, which the DRF class hands on unchanged."""
    root = Path(__file__).resolve().parent.parent
    writers = [
        str(path.relative_to(root))
        for room in ("accounts", "tokens", "api", "config")
        for path in (root / room).rglob("*.py")
        if 'realm="' in path.read_text()
    ]
    assert writers == ["api/exceptions.py"]
