from django.core.management.base import BaseCommand

from accounts.sessions import purge_expired_sessions


class Command(BaseCommand):
    help = (
        "Delete sessions whose refresh token has expired or that have reached their absolute end "
        "(JWT_SESSION_MAX_LIFETIME). Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        removed = purge_expired_sessions()
        self.stdout.write(f"Removed {removed} expired session(s).")
