from rest_framework.permissions import BasePermission


class IsAdmin(BasePermission):
    """Members holding the ADMIN role, as the database says on this very request."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_admin)
