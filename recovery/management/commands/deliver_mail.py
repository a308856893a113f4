from django.core.management.base import BaseCommand

from recovery import codes, outbox


class Command(BaseCommand):
    help = (
        "Send the mails waiting in the outbox that are due, retrying failed ones with a doubling "
        "delay, drop mails whose code has expired, and delete expired codes. Run by "
        "authapi-deliver-mail.timer every minute."
    )

    def handle(self, *args, **options):
        delivery = outbox.deliver()
        purged = codes.purge_expired()
        self.stdout.write(
            f"{delivery.sent} sent, {delivery.failed} failed (will retry), "
            f"{delivery.dropped} dropped (code expired), {purged} expired codes deleted"
        )
        if delivery.failed:
            self.stderr.write("The mail server refused or could not be reached; see the log.")
