from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthy_after_a_database_round_trip(client, django_assert_num_queries, settings):
    settings.REDIS_URL = ""
    with django_assert_num_queries(1):
        response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_unavailable_when_the_database_does_not_answer(client, settings):
    settings.REDIS_URL = ""
    with mock.patch("api.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"


def test_an_outage_is_one_warning_and_no_error_in_the_logs(client, caplog, settings):
    settings.REDIS_URL = ""
    with mock.patch("api.health.connection.cursor", side_effect=OperationalError("down")):
        client.get("/health")
    outage = [record for record in caplog.records if record.name == "api.availability"]
    assert [(record.levelname, record.getMessage()) for record in outage] == [
        ("WARNING", "database unavailable")
    ]
    assert not outage[0].exc_info
    assert not [record for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")]


def test_redis_is_checked_only_when_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "unreachable"}
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert int(response["Retry-After"]) > 0
