"""OpenAPI descriptions of the error envelope, shared by every endpoint."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from config.errors import error_body
from config.exceptions import ApiError


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    message = serializers.CharField(help_text="Human-readable message (Korean).")
    details = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For VALIDATION_ERROR: the messages for each invalid field.",
    )


class ErrorEnvelopeSerializer(serializers.Serializer):
    error = ErrorSerializer()


def error_response(*errors: type[ApiError], details: dict | None = None) -> OpenApiResponse:
    """A documented error answer, with one example per code it can carry."""
    return OpenApiResponse(
        response=ErrorEnvelopeSerializer,
        description=" / ".join(error.default_code for error in errors),
        examples=[
            OpenApiExample(
                error.default_code,
                value=error_body(error(), details=details if error.status_code == 400 else None),
                response_only=True,
                status_codes=[str(error.status_code)],
            )
            for error in errors
        ],
    )
