"""Thin views: validate the input, call a service, serialize the output.

`SignupView` extends accounts' own, which knows nothing of mail; it is routed
before it (config/urls.py).
"""

from rest_framework import status
from rest_framework.response import Response

from accounts import views as accounts_views
from accounts.serializers import SignupOutputSerializer
from accounts.views import PublicView, sessions_ended_response, validated
from api.addresses import client_address
from api.views import ApiView
from recovery import schema, serializers, services

ACCEPTED = {"accepted": True}


class SignupView(accounts_views.SignupView):
    @schema.signup
    def post(self, request):
        data = validated(serializers.SignupWithEmailInputSerializer, request)
        user = services.signup(**data, address=client_address(request))
        return Response(SignupOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class EmailChangeView(ApiView):
    @schema.change_email
    def post(self, request):
        data = validated(serializers.EmailChangeInputSerializer, request)
        services.change_email(
            user=request.user,
            **data,
            session_id=request.auth.session_id,
            address=client_address(request),
        )
        return Response(ACCEPTED, status=status.HTTP_202_ACCEPTED)


class EmailVerifyView(PublicView):
    @schema.verify_email
    def post(self, request):
        data = validated(serializers.EmailVerifyInputSerializer, request)
        email = services.verify_email(**data, address=client_address(request))
        return Response({"email": email})


class PasswordForgotView(PublicView):
    @schema.forgot_password
    def post(self, request):
        data = validated(serializers.PasswordForgotInputSerializer, request)
        services.request_reset(**data, address=client_address(request))
        return Response(ACCEPTED, status=status.HTTP_202_ACCEPTED)


class PasswordResetView(PublicView):
    @schema.reset_password
    def post(self, request):
        data = validated(serializers.PasswordResetInputSerializer, request)
        ended = services.reset_password(
            code=data["code"],
            new_password=data["password"],
            mfa_code=data.get("mfa_code"),
            address=client_address(request),
        )
        return sessions_ended_response(ended)
