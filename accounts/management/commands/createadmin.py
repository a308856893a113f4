import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import Role, normalise_roles
from accounts.serializers import SignupInputSerializer
from accounts.usernames import username_key


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
        data = serializer.validated_data
        user = User.objects.create_user(
            data["username"],
            data["password"],
            nickname=data["nickname"],
            roles=[Role.USER.value, Role.ADMIN.value],
        )
        self.stdout.write(f"Created administrator {user.username} (id {user.pk}).")

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
        existing.roles = normalise_roles([*existing.roles, Role.ADMIN.value])
        existing.save(update_fields=["roles"])
        self.stdout.write(f"Made {who} an administrator.")

    def _ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return first
