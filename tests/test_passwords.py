"""The password rules beyond length: the username inside it, and common-password screening."""

import pytest
from django.core.exceptions import ValidationError

from accounts.passwords import check_new_password


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("jinho-kim", "jinho-kim"),
        ("jinho-kim", "JINHO-KIM2024"),
        ("JIN HO", "my jinho password"),
        ("ｊｉｎｈｏ", "jinho1234"),  # full-width name, ASCII password: NFKC folds them together
        ("jinho", "ｊｉｎｈｏ1234"),
        ("bob", "bob"),  # a short name still may not be the whole password
    ],
)
def test_a_password_holding_the_username_is_refused(username, password):
    with pytest.raises(ValidationError) as refusal:
        check_new_password(password=password, username=username)
    assert refusal.value.error_list[0].code == "password_contains_username"


@pytest.mark.parametrize(
    ("username", "password"),
    [("kim", "kimchi-stew-1"), ("ab", "abstract art"), ("jinho", "jin-ho-1234"), ("", "x" * 8)],
)
def test_a_short_name_inside_or_a_broken_up_name_is_no_reason_to_refuse(username, password):
    check_new_password(password=password, username=username)


def test_common_passwords_are_screened_only_when_the_setting_is_on(settings):
    settings.SCREEN_COMMON_PASSWORDS = False
    check_new_password(password="12341234", username="jinho")
    settings.SCREEN_COMMON_PASSWORDS = True
    with pytest.raises(ValidationError) as refusal:
        check_new_password(password="12341234", username="jinho")
    assert refusal.value.error_list[0].code == "password_too_common"
    check_new_password(password="correct horse battery staple", username="jinho")


def test_screening_is_off_by_default_and_on_in_the_shipped_deployments(settings):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    assert "\nSCREEN_COMMON_PASSWORDS=true\n" in (root / "deploy/authapi.env.example").read_text()
    assert 'SCREEN_COMMON_PASSWORDS: "true"' in (root / "docker-compose.yml").read_text()
    # config.test_settings removes the environment's value, so this is the settings' default.
    assert settings.SCREEN_COMMON_PASSWORDS is False
