"""One-time codes: long, random, kept only as a hash, spent once, one member and one purpose."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import User
from recovery import codes
from recovery.exceptions import CodeExpired, InvalidCode
from recovery.models import OneTimeCode, Purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return User.objects.create_user("jinho", "12341234", nickname="N")


def issue(member, purpose=Purpose.RESET, lifetime=1800):
    return codes.issue(user=member, purpose=purpose, lifetime=lifetime, email="j@example.com")


def test_a_code_has_at_least_128_random_bits_and_only_its_hash_is_kept(member):
    code = issue(member)
    assert len(code) >= 22  # 22 base64url characters hold 128 bits
    [row] = OneTimeCode.objects.values()
    assert code not in str(row) and row["digest"] == codes.digest(code)
    assert issue(member) != code


def test_a_code_is_spent_once(member):
    code = issue(member)
    assert codes.redeem(code=code, purpose=Purpose.RESET).user_id == member.pk
    with pytest.raises(InvalidCode):
        codes.redeem(code=code, purpose=Purpose.RESET)


def test_a_code_serves_only_its_purpose(member):
    code = issue(member, Purpose.VERIFY)
    with pytest.raises(InvalidCode):
        codes.redeem(code=code, purpose=Purpose.RESET)
    assert codes.redeem(code=code, purpose=Purpose.VERIFY).email == "j@example.com"


def test_a_newer_code_voids_the_older_of_its_purpose_only(member):
    first, verification = issue(member), issue(member, Purpose.VERIFY)
    issue(member)
    with pytest.raises(InvalidCode):
        codes.redeem(code=first, purpose=Purpose.RESET)
    codes.redeem(code=verification, purpose=Purpose.VERIFY)


def test_a_new_password_voids_an_open_reset_code_whatever_changed_it(member):
    code = issue(member)
    member.set_password("changed-in-the-shell")
    member.save()
    with pytest.raises(InvalidCode):
        codes.redeem(code=code, purpose=Purpose.RESET)


def test_a_code_expires_at_the_end_of_its_lifetime(member):
    code = issue(member, lifetime=1800)
    with freeze_time(timezone.now() + timedelta(seconds=1800)), pytest.raises(CodeExpired):
        codes.redeem(code=code, purpose=Purpose.RESET)
    with freeze_time(timezone.now() + timedelta(seconds=1801)):
        assert codes.purge_expired() == 1
