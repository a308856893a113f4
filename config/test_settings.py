"""Settings for the test suite: the real settings, with fixed throwaway secrets."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("JWT_SECRET_KEY", "test-only-jwt-signing-key-" + "0123456789abcdef" * 3)

from config.settings import *  # noqa: E402,F403
