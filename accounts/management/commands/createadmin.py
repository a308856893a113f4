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
        parser.add_argument(
            "--promote-existing",
            action="store_true",
            help="If a member already has this name (matched as at login), make them an administrator.",
        )

    def handle(self, *args, username, nickname, promote_existing=False, **options):
        existing = User.objects.filter(username_key=username_key(username)).first()
        if existing is not None:
            self._promote(existing, username, promote_existing)
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

    def _promote(self, existing: User, typed: str, confirmed: bool) -> None:
        # Names match as at login (case, width), so the member found may be a look-alike that
        # anyone could have registered first: say exactly whom, and act only when told to.
        who = f"the existing member '{existing.username}' (id {existing.pk})"
        if existing.username != typed.strip():
            who += f", whose name is not exactly '{typed}' but matches it at login"
        if not confirmed:
            raise CommandError(
                f"{who[0].upper()}{who[1:]} would be made an administrator. Check that this is the "
                "member you mean, then run again with --promote-existing."
            )
        make_admin(existing)
        self.stdout.write(f"Made {who} an administrator.")

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return first


def make_admin(user: User) -> User:
    """Add the ADMIN role through services.set_roles, which writes the roles_changed line."""
    return services.set_roles(user_id=user.pk, roles=[*user.roles, Role.ADMIN.value])
