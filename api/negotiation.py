"""Content negotiation: this API speaks JSON only."""

from rest_framework.negotiation import BaseContentNegotiation


class JSONOnlyNegotiation(BaseContentNegotiation):
    """Read only `application/json` bodies; always answer in JSON.

    A body is parsed only when its Content-Type names JSON exactly: wildcards such
    as `*/*` say nothing about the bytes, so they get 415 like any other type.
    Responses ignore `Accept`: refusing a request with 406 would help no client.
    """

    def select_parser(self, request, parsers):
        media_type = (request.content_type or "").split(";", 1)[0].strip().lower()
        return next((parser for parser in parsers if parser.media_type == media_type), None)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
