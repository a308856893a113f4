"""Request body parsing."""

import io

from django.conf import settings
from rest_framework.parsers import JSONParser

from config.exceptions import PayloadTooLarge


class BoundedJSONParser(JSONParser):
    """JSON parser that refuses bodies above DATA_UPLOAD_MAX_MEMORY_SIZE with 413.

    DRF reads the request stream directly, which bypasses Django's own size check
    on `request.body`, so the limit is enforced here, on the bytes actually sent.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise PayloadTooLarge()
        return super().parse(io.BytesIO(body), media_type, parser_context)
