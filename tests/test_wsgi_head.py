"""A HEAD request is answered without a body, at the WSGI boundary, whoever built the response.

Django hands the server a GET's body for HEAD too; gunicorn drops it and logs a
WARNING for each request ("WSGI app sent body bytes on a no-body response"), so a
load balancer that checks health with HEAD fills the log.
"""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished

from config.wsgi import application

pytestmark = pytest.mark.django_db

PATHS = [
    "/health",
    "/openapi.json",
    "/me",
    "/no-such-page",
    "/swagger",
    "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
]


def call(method: str, path: str) -> tuple[str, dict[str, str], bytes]:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return started["status"], started["headers"], body


@pytest.mark.parametrize("path", PATHS)
def test_head_is_answered_as_get_without_the_body(path):
    get_status, get_headers, get_body = call("GET", path)
    status, headers, body = call("HEAD", path)
    assert get_body and body == b""
    assert status == get_status
    assert headers["Content-Type"] == get_headers["Content-Type"]


def test_a_head_request_still_ends_as_every_request_does():
    """Django closes the database connection and the like when the response is closed."""
    finished = []

    def count(**kwargs):
        finished.append(kwargs)

    request_finished.connect(count)
    try:
        call("HEAD", "/health")
    finally:
        request_finished.disconnect(count)
    assert len(finished) == 1
