"""How our fields' rules appear in the OpenAPI document, where drf-spectacular misses them.

drf-spectacular documents a CharField by its length only, so the schema would
promise that any string of the right length is accepted. StrictCharField also
refuses control and format characters, DRF refuses NUL in every CharField, and a
trimmed field counts its length after trimming (a blank one is refused). So a
StrictCharField's whole rule, length included, becomes its `pattern`, and a
client (or a fuzzer) reading the schema knows exactly which strings are accepted.
The length cannot stay in minLength/maxLength: those count the untrimmed text.

A ListField with `allow_empty=False` refuses `[]`; that becomes `minItems: 1`.

Patterns use `\\uXXXX` escapes for the Basic Multilingual Plane and the characters
themselves above it, which Python's `re`, the Rust regex engine and ECMAScript in
Unicode mode (`u`) all read the same way.
"""

import unicodedata
from functools import lru_cache

from rest_framework import serializers

from api.fields import CONTROL_CATEGORIES, StrictCharField

NUL = "\\u0000"  # DRF's ProhibitNullCharactersValidator runs on every CharField


def refine_field_schema(field, schema: dict) -> None:
    """Add to a field's generated schema what drf-spectacular could not see."""
    if isinstance(field, StrictCharField):
        shortest = schema.pop("minLength", 1)
        longest = schema.pop("maxLength", None)
        refused = NUL if field.allow_control_characters else control_characters()
        if field.trim_whitespace:
            schema["pattern"] = trimmed_pattern(refused, shortest, longest)
        else:
            schema["pattern"] = f"^[^{refused}]{{{shortest},{'' if longest is None else longest}}}$"
    elif isinstance(field, serializers.ListField) and not field.allow_empty:
        schema["minItems"] = max(schema.get("minItems", 0), 1)


def trimmed_pattern(refused: str, shortest: int, longest: int | None) -> str:
    """Strings whose text between surrounding whitespace has `shortest`..`longest` characters."""
    space = f"[^\\S{refused}]*"  # whitespace that is not itself refused
    edge = f"[^\\s{refused}]"  # the first and last characters that count
    inner = f"[^{refused}]"
    shortest = max(shortest, 1)
    if longest == 1:
        core = edge
    else:
        upper = "" if longest is None else str(longest - 2)
        core = f"{edge}(?:{inner}{{{max(shortest - 2, 0)},{upper}}}{edge})"
        core += "?" if shortest == 1 else ""
    return f"^{space}{core}{space}$"


@lru_cache(maxsize=1)
def control_characters() -> str:
    """A character-class body for every code point in CONTROL_CATEGORIES, as this Python knows them."""
    ranges, start = [], None
    for code_point in range(0x110000 + 1):
        inside = (
            code_point <= 0x10FFFF and unicodedata.category(chr(code_point)) in CONTROL_CATEGORIES
        )
        if inside and start is None:
            start = code_point
        elif not inside and start is not None:
            ranges.append((start, code_point - 1))
            start = None
    return "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges)


def _escape(code_point: int) -> str:
    return f"\\u{code_point:04x}" if code_point <= 0xFFFF else chr(code_point)
