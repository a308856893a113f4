"""The notice of a used recovery code: sent by mfa as accounts' signal, written by recovery."""

import pytest
from django.db import transaction

from accounts.models import User
from accounts.signals import recovery_code_used
from recovery.models import Mail

pytestmark = pytest.mark.django_db


def member(**fields) -> User:
    return User.objects.create_user(username="jinho", password="12341234", **fields)


def announce(user: User, remaining: int = 9) -> None:
    recovery_code_used.send(sender=User, user_id=user.pk, remaining=remaining)


def test_the_notice_is_written_to_the_verified_address_with_the_count():
    user = member(email="jinho@example.com")
    with transaction.atomic():
        announce(user, remaining=3)
    [mail] = Mail.objects.all()
    assert (mail.to, mail.kind) == ("jinho@example.com", "recovery_code_used")
    assert "3" in mail.text


def test_a_member_without_an_address_gets_no_notice():
    with transaction.atomic():
        announce(member())
    assert not Mail.objects.exists()


def test_the_notice_goes_with_the_spend_when_it_is_rolled_back():
    user = member(email="jinho@example.com")
    with pytest.raises(RuntimeError), transaction.atomic():
        announce(user)
        raise RuntimeError("the spend failed")
    assert not Mail.objects.exists()
