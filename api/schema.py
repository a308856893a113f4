"""OpenAPI descriptions of the error envelope, shared by every endpoint, and the schema generator."""

import inspect

from django.conf import settings
from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from api.envelope import error_body
from api.exceptions import ApiError
from api.schema_fields import refine_field_schema


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    message = serializers.CharField(
        help_text="Human-readable message: Korean, or English for `Accept-Language: en`."
    )
    details = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For VALIDATION_ERROR: the messages for each invalid field.",
    )


class ErrorEnvelopeSerializer(serializers.Serializer):
    error = ErrorSerializer()


def documented_errors(*errors: type[ApiError], details: dict | None = None) -> OpenApiResponse:
    """A documented error response, with one example per code it can carry.

    Examples are built once, at import; they show the default language whatever
    language happens to be active then.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return OpenApiResponse(
            response=ErrorEnvelopeSerializer,
            description=" / ".join(error.default_code for error in errors),
            examples=[
                OpenApiExample(
                    error.default_code,
                    value=error_body(
                        error(), details=details if error.status_code == 400 else None
                    ),
                    response_only=True,
                    status_codes=[str(error.status_code)],
                )
                for error in errors
            ],
        )


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, documenting bodies the way our views read them.

    - A DELETE can carry a body (`DELETE /me` needs the password); drf-spectacular
      documents bodies for POST, PUT and PATCH only.
    - Views validate every body in full, PATCH included (never `partial=True`), so
      a PATCH body keeps its required fields instead of becoming a "Patched" copy.
    - Field rules that drf-spectacular cannot see (refused characters, trimmed
      lengths, non-empty lists) are added by `refine_field_schema`.
    - Links between operations (OpenAPI `links`, which drf-spectacular cannot
      declare) come through `extend_schema(extensions={"x-links": {status: links}})`
      and are moved onto their responses.
    - A description comes from the view's own docstring, never one inherited from
      the base view, which explains code rather than the endpoint.
    - An operation that reads no credentials has no security requirement at all.
      drf-spectacular writes `[{}]` ("credentials optional") for an `AllowAny` view,
      and openapi-python-client then types it as needing an authenticated client.
    """

    def get_auth(self):
        requirements = super().get_auth()
        return requirements if any(requirements) else []

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        for status, links in (operation or {}).pop("x-links", {}).items():
            operation["responses"][str(status)]["links"] = links
        return operation

    def _get_request_body(self, direction="request"):
        if self.method not in ("DELETE", "PATCH") or self.get_request_serializer() is None:
            return super()._get_request_body(direction)
        method, self.method = self.method, "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = method

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        refine_field_schema(field, schema)

    def get_description(self):
        handler = getattr(self.view, self.method.lower(), None)
        return get_doc(handler) or inspect.cleandoc(type(self.view).__dict__.get("__doc__") or "")
