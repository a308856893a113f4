"""Write a git-ignored .env with fresh random secrets, once, for local runs."""

import os
import secrets
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
if os.path.lexists(path):
    sys.exit(0)
# Created 0600 with O_EXCL: the secrets are never readable by others, not even for the moment
# between writing and a later chmod, and a planted link is never followed.
descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
with os.fdopen(descriptor, "w") as file:
    file.write(
        "# Local secrets, made by `make run`. Never commit this file.\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"JWT_SECRET_KEY={secrets.token_urlsafe(48)}\n"
        f"MFA_SECRET_KEY={secrets.token_urlsafe(48)}\n"
    )
print(f"wrote {path} with fresh random secrets")
