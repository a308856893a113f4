"""Signing up and logging in, below the HTTP layer."""

from unittest import mock

import pytest
from django.contrib.auth.hashers import make_password
from django.db import OperationalError

from accounts import services
from accounts.exceptions import InvalidCredentials, UserAlreadyExists
from accounts.models import User
from accounts.usernames import username_key
from tests.together import at_once
from tokens.tokens import read_access_token

pytestmark = pytest.mark.django_db


def test_signup_stores_a_hash_never_the_password():
    user = services.signup(username="JIN HO", password="12341234", nickname="Mentos")
    stored = User.objects.get(pk=user.pk)
    assert stored.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert "12341234" not in stored.password
    assert stored.check_password("12341234")


@pytest.mark.parametrize("other", ["jin ho", " JIN HO ", "Jin Ho", "ＪＩＮ ＨＯ"])
def test_names_differing_in_case_width_or_spaces_collide(other):
    services.signup(username="JIN HO", password="12341234", nickname="Mentos")
    with pytest.raises(UserAlreadyExists):
        services.signup(username=other, password="12341234", nickname="Other")
    assert User.objects.count() == 1


def test_username_key_folds_unicode_case():
    assert username_key("  STRASSE ") == username_key("straße")


def test_login_returns_a_token_naming_the_user():
    user = services.signup(username="JIN HO", password="12341234", nickname="Mentos")
    pair = services.login(username="jin ho", password="12341234")
    assert read_access_token(pair.access_token).user_id == user.pk


@pytest.mark.parametrize(
    ("username", "password"), [("JIN HO", "wrong-password"), ("nobody", "12341234")]
)
def test_login_refuses_bad_credentials(username, password):
    services.signup(username="JIN HO", password="12341234", nickname="Mentos")
    with pytest.raises(InvalidCredentials):
        services.login(username=username, password=password)


def test_an_inactive_member_is_refused_like_a_wrong_password():
    user = services.signup(username="JIN HO", password="12341234", nickname="Mentos")
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(InvalidCredentials):
        services.login(username="JIN HO", password="12341234")


def test_an_unknown_username_still_runs_the_hasher():
    # The mitigation for Django ticket #20760: same work whether or not the user exists.
    with mock.patch("accounts.hashers.OwaspArgon2idPasswordHasher.encode", autospec=True) as encode:
        encode.return_value = "argon2$x"
        with pytest.raises(InvalidCredentials):
            services.login(username="nobody", password="12341234")
    assert encode.called


def test_an_old_pbkdf2_hash_verifies_and_is_upgraded():
    user = services.signup(username="JIN HO", password="12341234", nickname="Mentos")
    User.objects.filter(pk=user.pk).update(
        password=make_password("12341234", hasher="pbkdf2_sha256")
    )
    services.login(username="JIN HO", password="12341234")
    assert User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$")


def test_signup_ignores_privilege_fields_in_the_body(client):
    body = {
        "username": "mallory",
        "password": "12341234",
        "nickname": "M",
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "roles": ["ADMIN"],
        "id": 999,
    }
    response = client.post("/signup", body, content_type="application/json")
    assert response.status_code == 201
    user = User.objects.get(username_key=username_key("mallory"))
    assert (user.is_active, user.roles, user.is_admin) == (True, ["USER"], False)
    assert user.pk != 999


def test_a_rejected_signup_creates_nothing(client):
    body = {"username": "newcomer", "password": "short", "nickname": "N"}
    assert client.post("/signup", body, content_type="application/json").status_code == 400
    assert not User.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_duplicate_signups_give_one_member():
    outcomes = at_once(
        lambda: services.signup(username="racer", password="12341234", nickname="R"), 8
    )
    assert (
        sorted(type(outcome).__name__ for outcome in outcomes)
        == ["User"] + ["UserAlreadyExists"] * 7
    )
    assert User.objects.filter(username_key=username_key("racer")).count() == 1


def test_a_name_that_folds_very_long_still_fits():
    # U+FDFA is one character that NFKC expands to eighteen.
    user = services.signup(username="\ufdfa" * 150, password="12341234", nickname="N")
    assert len(user.username_key) == 64


def test_a_login_cut_short_by_a_database_outage_is_not_counted_as_a_failure(settings):
    """Members must not find themselves locked out after the database comes back."""
    settings.LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS = 2
    services.signup(username="outage", password="12341234", nickname="O")
    with mock.patch("accounts.services.authenticate", side_effect=OperationalError("gone")):
        for _ in range(3):
            with pytest.raises(OperationalError):
                services.login(username="outage", password="12341234", address="a")
    assert services.login(username="outage", password="12341234", address="a").access_token
