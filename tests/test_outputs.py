"""The busiest responses are built by hand; their serializers document them in OpenAPI.

Each hand-built response must be exactly what its serializer gives, key for key and
type for type, or the document would describe a different response.
"""

from accounts.models import User
from accounts.serializers import (
    LoginOutputSerializer,
    MeOutputSerializer,
    SignupOutputSerializer,
    me_output,
    signup_output,
    token_output,
)
from accounts.sessions import TokenPair


def test_the_profile_is_what_its_serializer_documents():
    member = User(id=7, username="JIN HO", nickname="Mentos", roles=["USER", "ADMIN"])
    assert me_output(member) == MeOutputSerializer(member).data


def test_a_new_members_response_is_what_its_serializer_documents():
    member = User(username="JIN HO", nickname="Mentos")
    assert signup_output(member) == SignupOutputSerializer(member).data


def test_a_token_pair_is_what_its_serializer_documents():
    pair = TokenPair(access_token="a.b.c", refresh_token="d.e.f", expires_in=900, session_id="s")
    output = token_output(pair)
    assert output == LoginOutputSerializer(output).data
    assert output == {
        "token": "a.b.c",
        "refresh_token": "d.e.f",
        "token_type": "Bearer",
        "expires_in": 900,
    }
