"""Thin views: validate the input, call a service, serialize the output."""

from rest_framework import status
from rest_framework.response import Response

from accounts.views import NO_STORE_HEADERS, PublicView, token_response, user_agent, validated
from api.addresses import client_address
from api.views import ApiView
from mfa import half_logins, schema, serializers, services


def as_member(request) -> dict:
    """Who is acting, as every service here wants it."""
    return {
        "user": request.user,
        "address": client_address(request),
        "session_id": request.auth.session_id,
    }


def recovery_codes_response(new_codes: list[str], status_code: int = 200) -> Response:
    body = serializers.RecoveryCodesOutputSerializer({"recovery_codes": new_codes}).data
    return Response(body, status=status_code, headers=NO_STORE_HEADERS)


class LoginMfaView(PublicView):
    @schema.login_mfa
    def post(self, request):
        data = validated(serializers.LoginMfaInputSerializer, request)
        pair = half_logins.finish(
            **data, address=client_address(request), user_agent=user_agent(request)
        )
        return token_response(pair)


class TotpView(ApiView):
    @schema.start_totp
    def post(self, request):
        data = validated(serializers.TotpEnrolmentInputSerializer, request)
        enrolment = services.start_enrolment(**data, **as_member(request))
        body = serializers.TotpEnrolmentOutputSerializer(enrolment).data
        return Response(body, status=status.HTTP_201_CREATED, headers=NO_STORE_HEADERS)

    @schema.disable_totp
    def delete(self, request):
        data = validated(serializers.TotpDisableInputSerializer, request)
        services.disable(**data, **as_member(request))
        return Response({"totp": False, "recovery_codes_remaining": 0})


class TotpConfirmView(ApiView):
    @schema.confirm_totp
    def post(self, request):
        data = validated(serializers.TotpConfirmInputSerializer, request)
        return recovery_codes_response(services.confirm_enrolment(**data, **as_member(request)))


class RecoveryCodesView(ApiView):
    @schema.replace_recovery_codes
    def post(self, request):
        data = validated(serializers.RecoveryCodesReplaceInputSerializer, request)
        return recovery_codes_response(
            services.replace_recovery_codes(**data, **as_member(request))
        )
