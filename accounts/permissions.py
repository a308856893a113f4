from django.conf import settings
from rest_framework.permissions import BasePermission

from accounts.exceptions import MfaRequired


class IsAdmin(BasePermission):
    """Members holding the ADMIN role, as the database says on this very request."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_admin)


class SecondFactorIfRequired(BasePermission):
    """With ADMIN_REQUIRE_MFA, only a token from a login with a second factor may act."""

    def has_permission(self, request, view):
        if settings.ADMIN_REQUIRE_MFA and "otp" not in request.auth.amr:
            raise MfaRequired()
        return True
