"""What makes a new password acceptable beyond its length (8–128, in accounts.serializers).

Django's password validators (AUTH_PASSWORD_VALIDATORS), so that every place a member
chooses a password (sign-up, a change, a reset) asks the same question through
`check_new_password`, and Django's own tools (`changepassword`) ask it too.
"""

import unicodedata

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A username shorter than this (once folded) refuses only a password equal to it: a
# one- or two-letter name inside a passphrase is a coincidence, and forbidding every
# password that contains "a" would refuse nearly all of them.
MIN_CONTAINED_USERNAME_LENGTH = 4


def check_new_password(*, password: str, username: str) -> None:
    """Raise django ValidationError if the member may not choose this password."""
    password_validation.validate_password(password, user=_Named(username))


def folded(text: str) -> str:
    """The form in which a password and a username are compared.

    The same folding that makes two usernames one name (accounts.usernames): NFKC and
    casefold, so "ＪＩＮＨＯ" and "JinHo" are the name "jinho"; whitespace is dropped,
    so "JIN HO" is found in "jinho1234" too.
    """
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


class UsernameInPasswordValidator:
    """Refuse a password that is the username or contains it (OWASP ASVS 5.0 V6.2.11).

    Django's UserAttributeSimilarityValidator judges similarity by a ratio, which lets
    "jinho" pass inside a long passphrase and refuses unrelated ones; this rule is exact.
    """

    def validate(self, password: str, user=None) -> None:
        name = folded(getattr(user, "username", "") or "")
        if not name:
            return
        candidate = folded(password)
        if candidate == name or (len(name) >= MIN_CONTAINED_USERNAME_LENGTH and name in candidate):
            raise ValidationError(
                _("비밀번호에 아이디를 넣을 수 없습니다."), code="password_contains_username"
            )

    def get_help_text(self) -> str:
        return _("비밀번호에 아이디를 넣을 수 없습니다.")


class ScreenedCommonPasswordValidator(CommonPasswordValidator):
    """Django's list of 20,000 common passwords, when SCREEN_COMMON_PASSWORDS is on.

    The list ships inside Django: no network call, nothing to keep up to date but
    Django itself. The setting is read at each check, not at start-up.
    """

    def validate(self, password: str, user=None) -> None:
        if settings.SCREEN_COMMON_PASSWORDS:
            super().validate(password, user)


class _Named:
    """What a validator needs of a member who may not exist yet: their username."""

    def __init__(self, username: str):
        self.username = username
