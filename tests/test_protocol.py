"""HTTP-level rules below the scenarios: bodies, methods, hosts and caching."""

import io
import json

import pytest
from django.test import Client

from api.wsgi_body import ChunkedBodyMiddleware

pytestmark = pytest.mark.django_db

SIGNUP = {"username": "newcomer", "password": "12341234", "nickname": "N"}


def test_swagger_answers_options_with_a_json_405(client):
    response = client.options("/swagger")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.mark.parametrize(
    "content_type",
    [
        "*/*",
        "application/*",
        "text/json",
        "application/json; Charset=latin-1",
        "APPLICATION/JSON; CHARSET=UTF-16",
    ],
)
def test_only_exactly_json_in_utf8_is_read(client, content_type):
    response = client.post("/signup", json.dumps(SIGNUP), content_type=content_type)
    assert response.status_code == 415


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8"])
def test_utf8_may_be_declared(client, charset):
    response = client.post(
        "/signup", json.dumps(SIGNUP), content_type=f"application/json; charset={charset}"
    )
    assert response.status_code == 201


def test_a_parse_error_does_not_quote_python(client):
    response = client.post(
        "/signup", b'{"username": ' + b"9" * 5000 + b"}", content_type="application/json"
    )
    assert response.status_code == 400
    assert "sys." not in response.content.decode()


@pytest.mark.parametrize("path", ["/me", "/signup", "/login"])
def test_every_api_response_is_kept_out_of_caches(client, path):
    response = client.get(path)
    assert response["Cache-Control"] == "no-store"
    assert "Authorization" in response["Vary"]


def test_an_unknown_host_is_a_json_400(settings):
    settings.ALLOWED_HOSTS = ["api.example"]
    response = Client(HTTP_HOST="evil.example").get("/health")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST"


def run_wsgi(app, environ):
    captured = {}

    def start_response(status, headers):
        captured["status"] = status

    app(environ, start_response)
    return captured


def test_a_chunked_body_reaches_django_with_its_length():
    seen = {}

    def app(environ, start_response):
        seen["length"] = environ["CONTENT_LENGTH"]
        seen["body"] = environ["wsgi.input"].read()
        start_response("200 OK", [])
        return []

    body = json.dumps(SIGNUP).encode()
    environ = {
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": True,
    }
    run_wsgi(ChunkedBodyMiddleware(app), environ)
    assert seen == {"length": str(len(body)), "body": body}


def test_a_chunked_body_is_read_only_to_one_byte_past_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    seen = {}

    def app(environ, start_response):
        seen["length"] = environ["CONTENT_LENGTH"]
        return []

    environ = {
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(b"x" * 1000),
        "wsgi.input_terminated": True,
    }
    run_wsgi(ChunkedBodyMiddleware(app), environ)
    assert seen["length"] == "11"
