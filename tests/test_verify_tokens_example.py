"""docs/verify-tokens.md's PyJWT example, run as pasted, against our own published keys.

Only the three values the page tells a reader to set are set, and the key set is
fetched from GET /.well-known/jwks.json in-process instead of over the network.
CI also runs the example word for word against gunicorn (.ci/key_rotation.sh).
"""

import re
import uuid
from pathlib import Path

import jwt
import pytest

from tests.keypairs import key_files
from tokens.tokens import issue_access_token, issue_refresh_token

DOC = Path(__file__).resolve().parent.parent / "docs" / "verify-tokens.md"
ISSUER = "https://auth.example.com"
AUDIENCE = "shop"


@pytest.fixture
def server(settings, tmp_path):
    """Our service, signing with an EC key and setting an issuer and an audience."""
    _, private, _ = key_files(tmp_path, "ec")
    settings.JWT_PRIVATE_KEY_FILE = private
    settings.JWT_ISSUER = ISSUER
    settings.JWT_AUDIENCE = AUDIENCE
    return settings


def documented_example(client, **values) -> dict:
    """The example's module namespace, with `values` set as a reader sets them."""
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)
    namespace.update(values)
    namespace["jwks"].fetch_data = lambda: client.get("/.well-known/jwks.json").json()
    return namespace


def access_token(member: int = 42) -> str:
    return issue_access_token(user_id=member, session_id=str(uuid.uuid4())).raw


def test_with_our_issuer_and_audience_set_it_names_the_member(server, client):
    example = documented_example(client, ISSUER=ISSUER, AUDIENCE=AUDIENCE)
    assert example["member_id"](access_token(42)) == 42


def test_it_refuses_a_refresh_token(server, client):
    example = documented_example(client, ISSUER=ISSUER, AUDIENCE=AUDIENCE)
    refresh = issue_refresh_token(user_id=42, session_id=str(uuid.uuid4())).raw
    with pytest.raises(jwt.InvalidTokenError):
        example["member_id"](refresh)


def test_it_refuses_a_token_for_another_audience(server, client):
    example = documented_example(client, ISSUER=ISSUER, AUDIENCE="another-service")
    with pytest.raises(jwt.InvalidAudienceError):
        example["member_id"](access_token())


def test_as_pasted_it_works_with_a_service_that_sets_no_issuer_or_audience(
    settings, tmp_path, client
):
    _, settings.JWT_PRIVATE_KEY_FILE, _ = key_files(tmp_path, "ed25519")
    assert documented_example(client)["member_id"](access_token(7)) == 7
