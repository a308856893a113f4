"""Request body parsing: JSON, UTF-8, bounded in size and depth."""

import io

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from api.exceptions import PayloadTooLarge, UnsupportedMediaType

UTF8_NAMES = {"utf-8", "utf8"}


class BoundedJSONParser(JSONParser):
    """JSON parser that refuses what it cannot read faithfully.

    - Bodies above DATA_UPLOAD_MAX_MEMORY_SIZE get 413. Django checks the declared
      Content-Length when DRF reads `request.body`; this checks the bytes themselves.
    - JSON is UTF-8 (RFC 8259 §8.1): another declared charset, or a compressed
      body, gets 415 rather than a silently different reading of the bytes.
    - Nesting deep enough to exhaust Python's recursion is malformed input, not a crash.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        if request is not None:
            _refuse_unreadable_encodings(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise PayloadTooLarge()
        try:
            return super().parse(io.BytesIO(body), media_type, {"encoding": "utf-8"})
        except RecursionError:
            raise ParseError() from None


def _refuse_unreadable_encodings(request) -> None:
    parameters = request.content_type.lower()
    charset = parameters.partition("charset=")[2].split(";")[0].strip(' "')
    if charset and charset not in UTF8_NAMES:
        raise UnsupportedMediaType()
    if request.META.get("HTTP_CONTENT_ENCODING", "identity").strip().lower() != "identity":
        raise UnsupportedMediaType()
