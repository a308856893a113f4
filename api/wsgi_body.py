"""WSGI middleware that gives Django a body sent with chunked transfer encoding."""

import io

from django.conf import settings


class ChunkedBodyMiddleware:
    """Read a chunked request body so that Django sees it with a Content-Length.

    Django reads `CONTENT_LENGTH` bytes and treats a request without it as empty,
    so a chunked JSON body would arrive as "every field missing". Gunicorn marks
    such input as terminated (`wsgi.input_terminated`), which makes reading it to
    the end safe. At most one byte over the size limit is read, so the parser can
    still answer 413 without buffering an unbounded body.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if _is_unsized_chunked(environ):
            body = environ["wsgi.input"].read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


def _is_unsized_chunked(environ) -> bool:
    return (
        "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        and not environ.get("CONTENT_LENGTH")
        and environ.get("wsgi.input_terminated", False)
    )
