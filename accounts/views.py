"""Thin views: validate the input, call a service, serialize the output."""

from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts import my_sessions, schema, serializers, services, sessions
from accounts.permissions import IsAdmin, SecondFactorIfRequired
from api.addresses import client_address
from api.views import ApiView

# A token must not be kept by caches or proxies (RFC 6749 §5.1).
NO_STORE_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def validated(serializer_class, request, **context) -> dict:
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")


def token_response(pair: sessions.TokenPair) -> Response:
    return Response(serializers.LoginOutputSerializer(pair).data, headers=NO_STORE_HEADERS)


def sessions_ended_response(ended: int) -> Response:
    return Response(serializers.SessionsEndedOutputSerializer({"sessions_ended": ended}).data)


class PublicView(ApiView):
    # No authentication at all: a stale token must not stop anyone from logging in.
    authentication_classes = []
    permission_classes = [AllowAny]


class SignupView(PublicView):
    @schema.signup
    def post(self, request):
        data = validated(serializers.SignupInputSerializer, request)
        user = services.signup(**data, address=client_address(request))
        return Response(
            serializers.SignupOutputSerializer(user).data, status=status.HTTP_201_CREATED
        )


class LoginView(PublicView):
    @schema.login
    def post(self, request):
        data = validated(serializers.LoginInputSerializer, request)
        return token_response(
            services.login(
                **data,
                address=client_address(request),
                user_agent=user_agent(request),
                request=request,
            )
        )


class TokenRefreshView(PublicView):
    @schema.token_refresh
    def post(self, request):
        data = validated(serializers.TokenRefreshInputSerializer, request)
        return token_response(
            sessions.refresh_session(data["refresh_token"], address=client_address(request))
        )


class LogoutView(ApiView):
    @schema.logout
    def post(self, request):
        data = validated(serializers.LogoutInputSerializer, request)
        ended = sessions.end_session(
            user=request.user,
            session_id=request.auth.session_id,
            refresh_token=data.get("refresh_token"),
            address=client_address(request),
        )
        return sessions_ended_response(ended)


class LogoutAllView(ApiView):
    @schema.logout_all
    def post(self, request):
        ended = sessions.end_all_sessions(
            user=request.user, session_id=request.auth.session_id, address=client_address(request)
        )
        return sessions_ended_response(ended)


class MeView(ApiView):
    @schema.me
    def get(self, request):
        return Response(serializers.me_output(request.user))

    @schema.delete_me
    def delete(self, request):
        data = validated(serializers.AccountDeleteInputSerializer, request)
        services.delete_account(
            user=request.user,
            **data,
            session_id=request.auth.session_id,
            address=client_address(request),
        )
        return Response(serializers.AccountDeletedOutputSerializer({"deleted": True}).data)


class PasswordChangeView(ApiView):
    @schema.change_password
    def post(self, request):
        data = validated(serializers.PasswordChangeInputSerializer, request, user=request.user)
        ended = services.change_password(
            user=request.user,
            **data,
            session_id=request.auth.session_id,
            address=client_address(request),
        )
        return sessions_ended_response(ended)


class UserRolesView(ApiView):
    permission_classes = [IsAuthenticated, IsAdmin, SecondFactorIfRequired]

    @schema.set_roles
    def patch(self, request, id: int):
        data = validated(serializers.RolesInputSerializer, request)
        user = services.set_roles(
            user_id=id,
            roles=data["roles"],
            actor=request.user,
            session_id=request.auth.session_id,
            address=client_address(request),
        )
        return Response(serializers.UserRolesOutputSerializer(user).data)


class UserSessionsView(ApiView):
    permission_classes = [IsAuthenticated, IsAdmin]

    @schema.end_member_sessions
    def delete(self, request, id: int):
        ended = services.end_member_sessions(
            user_id=id,
            actor=request.user,
            session_id=request.auth.session_id,
            address=client_address(request),
        )
        return sessions_ended_response(ended)


class MySessionsView(ApiView):
    @schema.my_sessions
    def get(self, request):
        found = my_sessions.list_sessions(
            user=request.user, current_session_id=request.auth.session_id
        )
        return Response(serializers.SessionListOutputSerializer({"sessions": found}).data)


class MySessionView(ApiView):
    @schema.end_my_session
    def delete(self, request, id: str):
        ended = my_sessions.end_session_by_id(
            user=request.user,
            session_id=id,
            current_session_id=request.auth.session_id,
            address=client_address(request),
        )
        return sessions_ended_response(ended)
