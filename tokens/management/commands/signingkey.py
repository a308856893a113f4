import os

from django.core.management.base import BaseCommand, CommandError

from tokens import keyfiles
from tokens.keys import signing_pair_key

PRIVATE_MODE = 0o600  # the service's user alone may read a private key
PUBLIC_MODE = 0o644


class Command(BaseCommand):
    help = (
        "Write a new private signing key to PATH (readable by its owner only) and its public key "
        "to PATH.pub, and print the key's kid. Never overwrites a file. See docs/keys.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--type", choices=sorted(keyfiles.KINDS), required=True, dest="kind")
        parser.add_argument("path")

    def handle(self, *args, kind, path, **options):
        public_path = f"{path}.pub"
        for existing in (path, public_path):
            if os.path.lexists(existing):
                raise CommandError(
                    f"{existing} already exists; choose a new path (a key is never overwritten)."
                )
        private = keyfiles.new_private_key(kind)
        _write_new(path, keyfiles.private_pem(private), PRIVATE_MODE)
        _write_new(public_path, keyfiles.public_pem(private.public_key()), PUBLIC_MODE)
        self.stderr.write(
            f"Wrote a new {keyfiles.KINDS[kind]} private key to {path} and its public key to {public_path}."
        )
        # Read back as the service will read it; the kid alone on stdout, so a script can take it.
        self.stdout.write(signing_pair_key(path).kid)


def _write_new(path: str, data: bytes, mode: int) -> None:
    # O_EXCL: never follow a planted link or replace a file; the mode applies from creation,
    # so the key is never readable by others, not even for a moment.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise CommandError(f"Cannot create {path}: {exc.strerror}.") from None
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(file.fileno(), mode)  # a umask may have taken bits away; 0644 for .pub is meant
        file.write(data)
