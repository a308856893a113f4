"""Two languages below the scenarios: the catalogue, the codes no scenario reaches, headers.

Expected words are this file's own copy; only the completeness check reads the catalogue.
"""

import gettext
import json
import re
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import translation

import accounts.exceptions
import tokens.exceptions
from api.exceptions import ApiError
from api.schema import documented_errors

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a simple .po file (no plurals or contexts), as msgfmt reads it."""
    entries, current, field, fuzzy = {}, {}, None, False
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ")):
            field, _, text = line.partition(" ")
            current[field] = json.loads(text)
        elif line.startswith('"') and field:
            current[field] += json.loads(line)
        elif not line.strip() and current:
            if current.get("msgid") and not fuzzy:
                entries[current["msgid"]] = current["msgstr"]
            current, field, fuzzy = {}, None, False
    return entries


def all_error_classes() -> list[type[ApiError]]:
    found, pending = [ApiError], [ApiError]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.append(subclass)
            pending.append(subclass)
    return found


class TestCatalogue:
    def test_the_compiled_catalogue_matches_its_source(self):
        with open(CATALOGUE / "django.mo", "rb") as compiled:
            catalogue = gettext.GNUTranslations(compiled)._catalog
        compiled_messages = {msgid: text for msgid, text in catalogue.items() if msgid}
        assert compiled_messages == read_po(CATALOGUE / "django.po"), (
            "locale/en/LC_MESSAGES/django.mo is stale: recompile it with msgfmt (see the .po header)"
        )

    def test_every_entry_is_translated(self):
        for msgid, text in read_po(CATALOGUE / "django.po").items():
            assert text and not HANGUL.search(text), msgid

    @pytest.mark.parametrize("error", all_error_classes(), ids=lambda error: error.default_code)
    def test_every_error_code_has_english_words(self, error):
        with translation.override("ko"):
            korean = error().message
        with translation.override("en"):
            english = error().message
        assert HANGUL.search(korean), korean
        assert english != korean and not HANGUL.search(english), english


def message_of(response) -> tuple[str, str]:
    error = response.json()["error"]
    return error["code"], error["message"]


class TestCodesNoScenarioReaches:
    def test_service_unavailable(self, client):
        with mock.patch("api.health.connection.cursor", side_effect=OperationalError("down")):
            korean, english = client.get("/health"), client.get("/health", **ENGLISH)
        assert message_of(korean) == (
            "SERVICE_UNAVAILABLE",
            "서비스를 일시적으로 사용할 수 없습니다.",
        )
        assert message_of(english) == (
            "SERVICE_UNAVAILABLE",
            "The service is temporarily unavailable.",
        )

    @override_settings(ROOT_URLCONF="tests.crash_urls", DEBUG=False)
    def test_internal_error(self):
        client = Client(raise_request_exception=False)
        assert message_of(client.get("/crash")) == (
            "INTERNAL_ERROR",
            "서버 내부 오류가 발생했습니다.",
        )
        assert message_of(client.get("/crash", **ENGLISH)) == (
            "INTERNAL_ERROR",
            "An internal server error occurred.",
        )


class TestHeaders:
    def test_responses_say_which_language_they_are_in_and_what_it_depends_on(self, client):
        korean, english = client.get("/me"), client.get("/me", **ENGLISH)
        assert (korean["Content-Language"], english["Content-Language"]) == ("ko", "en")
        for response in (korean, english):
            assert {"accept-language", "authorization"} <= {
                v.strip().lower() for v in response["Vary"].split(",")
            }


class TestTheLanguageEndsWithTheRequest:
    def test_code_outside_a_request_speaks_korean_after_an_english_request(self, client):
        client.get("/me", **ENGLISH)
        assert translation.get_language() == "ko"
        assert tokens.exceptions.TokenNotFound().message == "토큰이 없습니다."


class TestPublishedSchema:
    def test_examples_are_built_in_the_default_language_whatever_is_active(self):
        with translation.override("en"):
            [example] = documented_errors(accounts.exceptions.UserAlreadyExists).examples
        assert example.value["error"]["message"] == "이미 가입된 사용자입니다."

    def test_the_examples_stay_korean_whoever_asks(self, client):
        schema = client.get("/openapi.json", **ENGLISH).json()
        examples = schema["paths"]["/signup"]["post"]["responses"]["409"]["content"][
            "application/json"
        ]["examples"]
        [example] = examples.values()
        assert example["value"]["error"] == {
            "code": "USER_ALREADY_EXISTS",
            "message": "이미 가입된 사용자입니다.",
        }
