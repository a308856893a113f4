"""Settings for the test suite: the real settings, with fixed throwaway secrets."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("JWT_SECRET_KEY", "test-only-jwt-signing-key-" + "0123456789abcdef" * 3)
# The suite states these rules at their defaults, whatever the shell exports; and it counts
# metrics in this process, never in files a gunicorn on the same machine may be using.
for name in ("JWT_SESSION_MAX_LIFETIME", "MAX_SESSIONS_PER_MEMBER", "METRICS_ALLOWED_ADDRESSES"):
    os.environ.pop(name, None)
os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)

from config.settings import *  # noqa: E402,F403
