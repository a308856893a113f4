"""Settings for the test suite: the real settings, with fixed throwaway secrets."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("JWT_SECRET_KEY", "test-only-jwt-signing-key-" + "0123456789abcdef" * 3)

from config.settings import *  # noqa: E402,F403

# The suite signs with the HS256 key above and chooses any other key itself
# (override_settings): nothing the shell exports may change that.
JWT_PRIVATE_KEY_FILE = ""
JWT_PREVIOUS_PUBLIC_KEY_FILES = []
JWT_PREVIOUS_SECRET_KEYS = []
JWT_ISSUER = ""
JWT_AUDIENCE = ""
