"""Thin views: validate the input, call a service, serialize the output."""

from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import schema, services
from accounts.serializers import (
    LoginInputSerializer,
    LoginOutputSerializer,
    MeOutputSerializer,
    SignupInputSerializer,
    SignupOutputSerializer,
)


class PublicView(APIView):
    # No authentication at all: a stale token must not stop anyone from logging in.
    authentication_classes = []
    permission_classes = [AllowAny]


class SignupView(PublicView):
    @schema.signup
    def post(self, request):
        serializer = SignupInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.signup(**serializer.validated_data)
        return Response(SignupOutputSerializer(user).data, status=status.HTTP_201_CREATED)


class LoginView(PublicView):
    @schema.login
    def post(self, request):
        serializer = LoginInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = services.login(**serializer.validated_data, request=request)
        # A token must not be kept by caches or proxies (RFC 6749 §5.1).
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        return Response(LoginOutputSerializer({"token": token}).data, headers=headers)


class MeView(APIView):
    @schema.me
    def get(self, request):
        return Response(MeOutputSerializer(request.user).data)
