"""The exception handler and Django's error views: one envelope for everything."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.test import Client, override_settings
from rest_framework import exceptions as drf

from accounts.exceptions import UserAlreadyExists
from api import envelope as errors
from tests.crash_urls import CRASH_DETAIL
from tokens.exceptions import InvalidToken, TokenExpired


def handle(exc):
    return errors.api_exception_handler(exc, {"view": None, "request": None})


def body_of(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_domain_error_keeps_its_code_status_and_message():
    response = handle(UserAlreadyExists())
    assert response.status_code == 409
    assert body_of(response) == {
        "error": {"code": "USER_ALREADY_EXISTS", "message": "이미 가입된 사용자입니다."}
    }


def test_validation_error_carries_details_per_field():
    response = handle(drf.ValidationError({"username": ["required"], "password": ["too short"]}))
    assert response.status_code == 400
    assert body_of(response)["error"] == {
        "code": "VALIDATION_ERROR",
        "message": "입력값이 올바르지 않습니다.",
        "details": {"username": ["required"], "password": ["too short"]},
    }


def test_a_list_of_validation_errors_becomes_non_field_errors():
    details = body_of(handle(drf.ValidationError(["bad"])))["error"]["details"]
    assert details == {"non_field_errors": ["bad"]}


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (drf.NotAuthenticated(), 401, "TOKEN_NOT_FOUND"),
        (drf.AuthenticationFailed(), 401, "INVALID_TOKEN"),
        (Http404(), 404, "NOT_FOUND"),
        (drf.MethodNotAllowed("PUT"), 405, "METHOD_NOT_ALLOWED"),
        (drf.UnsupportedMediaType("text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE"),
        (drf.PermissionDenied(), 403, "ACCESS_DENIED"),
        (drf.ParseError(), 400, "VALIDATION_ERROR"),
    ],
)
def test_framework_exceptions_are_translated(exc, status, code):
    response = handle(exc)
    assert response.status_code == status
    assert body_of(response)["error"]["code"] == code


def test_throttling_keeps_retry_after():
    response = handle(drf.Throttled(wait=30))
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert body_of(response)["error"]["code"] == "TOO_MANY_REQUESTS"


def test_missing_token_challenge_has_no_error_attribute():
    response = handle(drf.NotAuthenticated())
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("exc", [InvalidToken(), TokenExpired()])
def test_bad_token_challenge_says_invalid_token(exc):
    assert handle(exc)["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'


def test_unexpected_exceptions_are_left_to_django():
    assert handle(ZeroDivisionError()) is None


def test_django_handlers_share_the_envelope():
    rf_request = None
    assert body_of(errors.page_not_found(rf_request))["error"]["code"] == "NOT_FOUND"
    assert errors.bad_request(rf_request, RequestDataTooBig()).status_code == 413
    assert errors.permission_denied(rf_request).status_code == 403


@override_settings(ROOT_URLCONF="tests.crash_urls", DEBUG=False)
def test_a_crash_is_a_json_500_without_a_trace(caplog):
    response = Client(raise_request_exception=False).get("/crash")
    assert response.status_code == 500
    body = body_of(response)
    assert body == {
        "error": {"code": "INTERNAL_ERROR", "message": "서버 내부 오류가 발생했습니다."}
    }
    assert CRASH_DETAIL.encode() not in response.content
    assert any(CRASH_DETAIL in str(record.exc_info) for record in caplog.records)
