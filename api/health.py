from django.db import DatabaseError, connection
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api.exceptions import ServiceUnavailable
from api.schema import error_response
from api.views import ApiView


class HealthView(ApiView):
    """Liveness and readiness: answers ok only after a real database round trip."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Check that the service and its database answer",
        tags=["operations"],
        responses={
            200: inline_serializer("HealthOutput", {"status": serializers.CharField()}),
            503: error_response(ServiceUnavailable),
        },
        examples=[OpenApiExample("Healthy", value={"status": "ok"}, response_only=True)],
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as exc:
            raise ServiceUnavailable() from exc
        return Response({"status": "ok"})
