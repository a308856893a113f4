from django.conf import settings
from django.db import DatabaseError, connection
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api.counters import counters
from api.envelope import error_body
from api.exceptions import ServiceUnavailable
from api.schema import documented_errors
from api.views import ApiView

OK = "ok"
UNREACHABLE = "unreachable"


class HealthView(ApiView):
    """Liveness and readiness: ok only when every part a request may need answers.

    The database always; Redis when REDIS_URL is set (it holds the login limits, so
    without it logins wait). A 503 names the part that is down.
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Check that the service and the parts it depends on answer",
        tags=["operations"],
        responses={
            200: inline_serializer(
                "HealthOutput",
                {
                    "status": serializers.CharField(),
                    "checks": serializers.DictField(child=serializers.CharField()),
                },
            ),
            503: documented_errors(ServiceUnavailable),
        },
        examples=[
            OpenApiExample(
                "Healthy", value={"status": "ok", "checks": {"database": "ok"}}, response_only=True
            ),
            OpenApiExample(
                "Redis is down",
                value=error_body(ServiceUnavailable(checks={"database": OK, "redis": UNREACHABLE})),
                response_only=True,
                status_codes=["503"],
            ),
        ],
    )
    def get(self, request):
        checks = {"database": check_database()}
        if settings.REDIS_URL:
            checks["redis"] = check_redis()
        down = [part for part, state in checks.items() if state != OK]
        if down:
            raise ServiceUnavailable(part=", ".join(down), checks=checks)
        return Response({"status": OK, "checks": checks})


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return UNREACHABLE
    return OK


def check_redis() -> str:
    try:
        counters().ping()
    except ServiceUnavailable:
        return UNREACHABLE
    return OK
