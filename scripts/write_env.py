"""Write a git-ignored .env with fresh random secrets, once, for local runs."""

import secrets
import sys
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else ".env")
if path.exists():
    sys.exit(0)
path.write_text(
    "# Local secrets, made by `make run`. Never commit this file.\n"
    f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    f"JWT_SECRET_KEY={secrets.token_urlsafe(48)}\n"
    f"MFA_SECRET_KEY={secrets.token_urlsafe(48)}\n"
)
path.chmod(0o600)
print(f"wrote {path} with fresh random secrets")
