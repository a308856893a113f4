"""Settings for the test suite: the real settings, sealed off from the developer's shell.

Every setting the service reads (each is listed in deploy/authapi.env.example, which
the deployment lint keeps complete) is taken out of the environment first, so an
exported LOGIN_LIMIT_PER_ADDRESS=0, REDIS_URL or DATABASE_URL changes nothing here,
nor does a local .env. A run chooses its database and Redis on purpose, with
TEST_DATABASE_URL and TEST_REDIS_URL (CI's PostgreSQL stage does).
"""

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

SETTINGS_TEMPLATE = Path(__file__).resolve().parent.parent / "deploy" / "authapi.env.example"

for name in re.findall(r"^#?([A-Z][A-Z0-9_]*)=", SETTINGS_TEMPLATE.read_text(), flags=re.MULTILINE):
    os.environ.pop(name, None)
os.environ["DOTENV_PATH"] = os.devnull
# Mail the tests send without a mail server goes to a folder of their own, never ./mail,
# removed when the run ends.
os.environ["MAIL_DIR"] = tempfile.mkdtemp(prefix="authapi-test-mail-")
atexit.register(shutil.rmtree, os.environ["MAIL_DIR"], ignore_errors=True)
os.environ["SECRET_KEY"] = "test-only-secret-key-that-is-long-enough-0123456789"
os.environ["JWT_SECRET_KEY"] = "test-only-jwt-signing-key-" + "0123456789abcdef" * 3
os.environ["MFA_SECRET_KEY"] = "test-only-mfa-encryption-key-" + "fedcba9876543210" * 3
for name in ("DATABASE_URL", "REDIS_URL"):
    if value := os.environ.get(f"TEST_{name}"):
        os.environ[name] = value

from config.settings import *  # noqa: F403
