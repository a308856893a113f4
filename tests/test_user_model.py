"""The member model keeps Django's user contract: the natural key is the name as shown."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core import checks
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return User.objects.create_user(
        "JIN HO", "12341234", nickname="Mentos", roles=["USER", "ADMIN"]
    )


def test_the_username_is_the_name_as_shown(member):
    assert member.get_username() == "JIN HO"
    assert member.natural_key() == ("JIN HO",)


@pytest.mark.parametrize("typed", ["JIN HO", "jin ho", " Jin Ho ", "ＪＩＮ ＨＯ"])
def test_the_natural_key_finds_the_member_in_any_case(member, typed):
    assert User.objects.get_by_natural_key(typed) == member
    assert authenticate(username=typed, password="12341234") == member


def test_a_renamed_member_is_found_by_the_new_name_only(member):
    member.username = "Mentos Fan"
    member.save(update_fields=["username"])
    assert User.objects.get_by_natural_key("mentos fan") == member
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("JIN HO")


def test_a_password_rehashed_at_login_is_saved_without_reading_the_name(member):
    found = User.objects.get_by_natural_key(
        "jin ho"
    )  # as authenticate() loads it: the name deferred
    found.set_password("43214321")
    with CaptureQueriesContext(connection) as queries:
        found.save(update_fields=["password"])
    [update] = queries.captured_queries
    assert update["sql"].startswith("UPDATE")
    assert authenticate(username="JIN HO", password="43214321") == member


def test_the_user_model_passes_djangos_checks():
    assert [message for message in checks.run_checks() if message.level >= checks.WARNING] == []


def members() -> list[tuple]:
    fields = [
        "username",
        "username_key",
        "nickname",
        "password",
        "roles",
        "is_active",
        "date_joined",
    ]
    # Django's JSON serializer writes datetimes to the millisecond, so compare them so.
    return sorted(
        (*row[:-1], row[-1].replace(microsecond=row[-1].microsecond // 1000 * 1000))
        for row in User.objects.values_list(*fields)
    )


def test_dumpdata_with_natural_keys_loads_into_an_empty_database(member, tmp_path):
    other = User.objects.create_user("straße", "43214321", nickname="Other")
    before = members()
    dump = tmp_path / "members.json"
    call_command(
        "dumpdata", "accounts.User", natural_primary=True, output=str(dump), stdout=io.StringIO()
    )
    assert '"pk"' not in dump.read_text()

    User.objects.all().delete()
    call_command("loaddata", str(dump), stdout=io.StringIO())

    assert members() == before
    assert authenticate(username="STRASSE", password="43214321").nickname == other.nickname


def test_loading_the_dump_again_updates_the_members_it_names(member, tmp_path):
    dump = tmp_path / "members.json"
    call_command(
        "dumpdata", "accounts.User", natural_primary=True, output=str(dump), stdout=io.StringIO()
    )
    User.objects.filter(pk=member.pk).update(nickname="Changed")

    call_command("loaddata", str(dump), stdout=io.StringIO())

    assert list(User.objects.values_list("pk", "nickname")) == [(member.pk, "Mentos")]


def test_a_login_leaves_last_login_empty(member, client):
    """docs/operations.md says why: the audit trail and the sessions already know."""
    response = client.post(
        "/login", {"username": "jin ho", "password": "12341234"}, content_type="application/json"
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.last_login is None
