import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import User
from accounts.roles import Role
from accounts.serializers import SignupInputSerializer
from accounts.usernames import username_key
from api.exceptions import ApiError


class Command(BaseCommand):
    help = (
        "Create an administrator, or make an existing member one. The password is read "
        "from ADMIN_PASSWORD or asked for, never taken on the command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--nickname", default="Administrator")

    def handle(self, *args, username, nickname, **options):
        existing = User.objects.filter(username_key=username_key(username)).first()
        if existing is not None:
            make_admin(existing)
            self.stdout.write(f"{existing.username} is now an administrator.")
            return
        password = os.environ.get("ADMIN_PASSWORD") or self._ask_password()
        serializer = SignupInputSerializer(
            data={"username": username, "password": password, "nickname": nickname}
        )
        if not serializer.is_valid():
            raise CommandError(f"Invalid administrator: {dict(serializer.errors)}")
        # As any member is made, then given the role: the audit trail shows both.
        with transaction.atomic():
            user = make_admin(services.signup(**serializer.validated_data))
        self.stdout.write(f"Created administrator {user.username} (id {user.pk}).")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except ApiError as refusal:  # a limit, or Redis down: a message, not a traceback
            raise CommandError(refusal.message) from refusal

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return first


def make_admin(user: User) -> User:
    """Add the ADMIN role through services.set_roles, which writes the roles_changed line."""
    return services.set_roles(user_id=user.pk, roles=[*user.roles, Role.ADMIN.value])
