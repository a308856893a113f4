"""Serializer fields that accept only what the schema promises: JSON strings."""

import unicodedata

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Control and format characters; the schema's `pattern` (api/schema_fields.py) is built from these.
CONTROL_CATEGORIES = ("Cc", "Cf")


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers, lists and objects instead of stringifying them.

    It also refuses lone surrogates (which JSON can encode but UTF-8 cannot store),
    and, unless `allow_control_characters`, control and format characters, which
    have no place in a name shown to other people.
    """

    default_error_messages = {
        "not_a_string": _("문자열이어야 합니다."),
        "unencodable": _("처리할 수 없는 문자가 포함되어 있습니다."),
        "control_character": _("제어 문자는 사용할 수 없습니다."),
    }

    def __init__(self, *, allow_control_characters: bool = False, **kwargs):
        self.allow_control_characters = allow_control_characters
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        if any(unicodedata.category(char) == "Cs" for char in data):
            self.fail("unencodable")
        if not self.allow_control_characters and any(
            unicodedata.category(char) in CONTROL_CATEGORIES for char in data
        ):
            self.fail("control_character")
        return super().to_internal_value(data)
