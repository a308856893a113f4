from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.exceptions import UserNotFound
from accounts.models import User
from accounts.usernames import username_key


class Command(BaseCommand):
    help = (
        "End every session of one member at once (their tokens stop working on the next "
        "request), written to the audit trail. For an operator: a stolen device, a "
        "compromised account. The member can log in again unless their password changes too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="In any case or width, as at login.")

    def handle(self, *args, username, **options):
        user_id = (
            User.objects.filter(username_key=username_key(username))
            .values_list("pk", flat=True)
            .first()
        )
        try:
            ended = services.end_member_sessions(user_id=user_id or 0)
        except UserNotFound as exc:
            raise CommandError(f"No member is called {username!r}.") from exc
        self.stdout.write(f"Ended {ended} session(s) of member {user_id}.")
