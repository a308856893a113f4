"""Untrusted input that reaches a parser is bounded: a 4xx at worst, never a 500 (issue 18).

Each case was probed for a RecursionError, a quadratic parse or a crash; these keep it so.
A token's header is covered by features/security.feature.
"""

import ipaddress

import pytest

pytestmark = pytest.mark.django_db

LOGIN = '{"username": "nobody-here", "password": "12345678"}'

HOSTILE = {
    "a body nested 3,000 objects deep": dict(data='{"a":' * 3000),
    "a number of 5,000 digits": dict(data='{"username": 1%s, "password": "x"}' % ("1" * 5000)),
    "an infinite number": dict(data='{"username": 1e999999, "password": "x"}'),
    "a long Accept-Language": dict(data=LOGIN, HTTP_ACCEPT_LANGUAGE="en;q=0.5," * 5000),
    "a long X-Forwarded-For": dict(data=LOGIN, HTTP_X_FORWARDED_FOR="192.0.2.1," * 5000),
    "a scoped X-Forwarded-For": dict(data=LOGIN, HTTP_X_FORWARDED_FOR="fe80::1%" + "x" * 5000),
    "a long X-Request-ID": dict(data=LOGIN, HTTP_X_REQUEST_ID="a" * 100_000),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_is_refused_without_a_server_error(client, settings, case):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.0/8")]
    extra = dict(HOSTILE[case])
    response = client.post("/login", extra.pop("data"), content_type="application/json", **extra)
    assert 400 <= response.status_code < 500, response.content[:200]
    assert response.json()["error"]["code"]


def test_a_long_accept_header_on_metrics_is_no_server_error(client):
    assert client.get("/metrics", HTTP_ACCEPT="text/plain;" * 5000).status_code == 200
