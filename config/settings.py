"""Django settings. Every value that differs between machines comes from the environment.

Local runs read a git-ignored `.env` (written by `make run`); production sets real
environment variables and refuses to start without its secrets.
"""

import os
from pathlib import Path

import dj_database_url
from dotenv import load_dotenv

from config.env import (
    read_bool,
    read_int,
    read_list,
    read_networks,
    read_secret,
    refuse_same_secret,
)

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(os.environ.get("DOTENV_PATH", BASE_DIR / ".env"), override=False)

DEBUG = read_bool("DEBUG", default=False)
SECRET_KEY = read_secret("SECRET_KEY", debug=DEBUG, minimum_bytes=32)
ALLOWED_HOSTS = read_list("ALLOWED_HOSTS", default=["*"])

# --- JSON Web Tokens (docs/keys.md) -------------------------------------------------
# A PEM file with an EC P-256 (ES256) or Ed25519 (EdDSA) private key. When set, it signs
# new tokens and its public key is published at /.well-known/jwks.json.
JWT_PRIVATE_KEY_FILE = (os.environ.get("JWT_PRIVATE_KEY_FILE") or "").strip()
# PEM public keys of retired key pairs, comma-separated: their tokens still verify.
JWT_PREVIOUS_PUBLIC_KEY_FILES = read_list("JWT_PREVIOUS_PUBLIC_KEY_FILES", default=[])
# The HS256 key: it signs new tokens unless JWT_PRIVATE_KEY_FILE is set, and then only
# verifies those it signed before (and may be removed once they have expired). A separate
# key from SECRET_KEY, so rotating one does not invalidate the other. 32 bytes is the
# minimum for HS256 (RFC 7518 §3.2).
JWT_SECRET_KEY = read_secret(
    "JWT_SECRET_KEY", debug=DEBUG, minimum_bytes=32, required=not JWT_PRIVATE_KEY_FILE
)
refuse_same_secret("JWT_SECRET_KEY", JWT_SECRET_KEY, "SECRET_KEY", SECRET_KEY)
# Earlier HS256 keys, comma-separated: tokens they signed keep working until they expire.
JWT_PREVIOUS_SECRET_KEYS = read_list("JWT_PREVIOUS_SECRET_KEYS", default=[])
# When set, every token carries `iss` / `aud`, and a token without them or with others is refused.
JWT_ISSUER = (os.environ.get("JWT_ISSUER") or "").strip()
JWT_AUDIENCE = (os.environ.get("JWT_AUDIENCE") or "").strip()
JWT_ACCESS_TOKEN_LIFETIME = read_int("JWT_ACCESS_TOKEN_LIFETIME", default=3600, minimum=1)
JWT_REFRESH_TOKEN_LIFETIME = read_int(
    "JWT_REFRESH_TOKEN_LIFETIME", default=14 * 24 * 3600, minimum=1
)
# Tolerated clock difference between servers for `iat`/`nbf`; never applied to `exp`.
JWT_CLOCK_SKEW = read_int("JWT_CLOCK_SKEW", default=10)

# --- Sessions --------------------------------------------------------------------
# A session ends this long after the login that started it, however often it is refreshed
# (an absolute lifetime, OWASP ASVS 5.0 V7.3); no token of it expires later.
JWT_SESSION_MAX_LIFETIME = read_int("JWT_SESSION_MAX_LIFETIME", default=30 * 24 * 3600, minimum=1)
# Live sessions one member may hold; a login past it ends the least recently used. 0: no cap.
MAX_SESSIONS_PER_MEMBER = read_int("MAX_SESSIONS_PER_MEMBER", default=10)

# --- Second factors (docs/operations.md#the-second-factor-key) ---------------------------
# Encrypts members' TOTP secrets (Fernet); at least 32 bytes, different from the keys above.
MFA_SECRET_KEY = read_secret("MFA_SECRET_KEY", debug=DEBUG, minimum_bytes=32)
refuse_same_secret("MFA_SECRET_KEY", MFA_SECRET_KEY, "SECRET_KEY", SECRET_KEY)
refuse_same_secret("MFA_SECRET_KEY", MFA_SECRET_KEY, "JWT_SECRET_KEY", JWT_SECRET_KEY)
# Earlier keys, comma-separated: secrets they encrypted still decrypt until re-encrypted.
MFA_PREVIOUS_SECRET_KEYS = read_list("MFA_PREVIOUS_SECRET_KEYS", default=[])
# The name authenticator apps show beside the member's name.
MFA_ISSUER = (os.environ.get("MFA_ISSUER") or "").strip() or "JWT Authentication API"
# Administrators change roles only with a token from a login that used a second factor.
ADMIN_REQUIRE_MFA = read_bool("ADMIN_REQUIRE_MFA", default=False)

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "tokens",
    "accounts",
    "recovery",
    "mfa",
]

MIDDLEWARE = [
    # Outermost: it times the whole response and logs its final status, whoever made it.
    "api.middleware.RequestLogMiddleware",
    # Just inside: counts every answer by its route, whoever made it.
    "api.metrics.MetricsMiddleware",
    # Before SecurityMiddleware: with SECURE_SSL_REDIRECT on, it refuses plain-HTTP API
    # requests, leaving SecurityMiddleware to redirect only the pages meant for a browser.
    "api.https.PlainHttpRefusalMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers preflight requests itself, so it stands before anything that could refuse them.
    "corsheaders.middleware.CorsMiddleware",
    "api.middleware.PrivateResponsesMiddleware",
    # Before anything that can answer with an error message (CommonMiddleware's 400).
    "api.middleware.LanguageMiddleware",
    "api.middleware.OptionalTrailingSlashMiddleware",
    # Validates the Host header against ALLOWED_HOSTS (APPEND_SLASH is off: no redirects).
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

# --- Database --------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# PostgreSQL prepares the authentication lookup once per connection (accounts/prepared.py).
# Off only behind a pooler that gives each transaction another server connection.
DATABASE_PREPARED_STATEMENTS = read_bool("DATABASE_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one SQLite file: WAL lets readers run beside the
    # writer, IMMEDIATE takes the write lock up front (no deadlocking lock upgrades),
    # and the timeout makes a busy writer wait instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Limits on guessing and sign-ups (0 switches a limit off) -----------------------------
# Counted in api/counters.py: in Redis when REDIS_URL is set, else in the database (table
# api_counter, created by `migrate` either way). Never in a cache, which would evict counts.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Nothing shared lives in Django's cache; the dummy backend keeps anyone from relying on
# a per-process one by mistake.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# Failed password checks within LOGIN_LIMIT_WINDOW seconds: of one username from one
# address (one client guessing one member's password), of one address over any usernames
# (one client spraying), and of one username from all addresses (a botnet on one member).
LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS = read_int("LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS", default=5)
LOGIN_LIMIT_PER_ADDRESS = read_int("LOGIN_LIMIT_PER_ADDRESS", default=20)
LOGIN_LIMIT_PER_USERNAME = read_int("LOGIN_LIMIT_PER_USERNAME", default=100)
LOGIN_LIMIT_WINDOW = read_int("LOGIN_LIMIT_WINDOW", default=15 * 60, minimum=1)
SIGNUP_LIMIT_PER_ADDRESS = read_int("SIGNUP_LIMIT_PER_ADDRESS", default=20)
SIGNUP_LIMIT_WINDOW = read_int("SIGNUP_LIMIT_WINDOW", default=60 * 60, minimum=1)
# Proxies (addresses or networks) whose X-Forwarded-For is believed.
TRUSTED_PROXIES = read_networks("TRUSTED_PROXIES")
# Served on a unix socket behind a proxy (nginx): the socket's peer, which has no address, is
# that trusted proxy. Never set it when gunicorn listens on TCP.
TRUSTED_PROXY_UNIX_SOCKET = read_bool("TRUSTED_PROXY_UNIX_SOCKET", default=False)
# The per-address limits count an IPv6 client by its network of this prefix length: one host
# commonly holds a whole /64. 128 counts each address on its own.
IPV6_LIMIT_PREFIX_LENGTH = read_int("IPV6_LIMIT_PREFIX_LENGTH", default=64, minimum=1, maximum=128)

# --- Mail: addresses, verification and password reset (recovery/, docs/operations.md) ---------
# Django's own names. With EMAIL_HOST unset every mail is written as an .eml file in MAIL_DIR.
EMAIL_HOST = (os.environ.get("EMAIL_HOST") or "").strip()
EMAIL_PORT = read_int("EMAIL_PORT", default=25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = read_bool("EMAIL_USE_TLS", default=False)
# Seconds an SMTP connection may take; a mail that fails waits in the outbox for a retry.
EMAIL_TIMEOUT = read_int("EMAIL_TIMEOUT", default=10, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "JWT Auth API <no-reply@localhost>"
MAIL_DIR = Path(os.environ.get("MAIL_DIR") or BASE_DIR / "mail")
# The name mails sign with.
MAIL_PRODUCT_NAME = os.environ.get("MAIL_PRODUCT_NAME") or "JWT Auth API"
# Pages of the client's app that take a code from the URL fragment; unset: mails carry no link.
PASSWORD_RESET_URL = (os.environ.get("PASSWORD_RESET_URL") or "").strip()
EMAIL_VERIFY_URL = (os.environ.get("EMAIL_VERIFY_URL") or "").strip()
PASSWORD_RESET_CODE_LIFETIME = read_int("PASSWORD_RESET_CODE_LIFETIME", default=30 * 60, minimum=60)
EMAIL_VERIFY_CODE_LIFETIME = read_int("EMAIL_VERIFY_CODE_LIFETIME", default=24 * 3600, minimum=60)
# Within MAIL_LIMIT_WINDOW seconds: reset requests from one address (then 429), reset mails to
# one member (then silence, as a 429 would tell that the member exists) and address changes of
# one member. Codes tried from one address within CODE_LIMIT_WINDOW. 0 switches a limit off.
PASSWORD_RESET_LIMIT_PER_ADDRESS = read_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=10)
PASSWORD_RESET_LIMIT_PER_MEMBER = read_int("PASSWORD_RESET_LIMIT_PER_MEMBER", default=3)
EMAIL_CHANGE_LIMIT_PER_MEMBER = read_int("EMAIL_CHANGE_LIMIT_PER_MEMBER", default=5)
MAIL_LIMIT_WINDOW = read_int("MAIL_LIMIT_WINDOW", default=60 * 60, minimum=1)
CODE_LIMIT_PER_ADDRESS = read_int("CODE_LIMIT_PER_ADDRESS", default=20)
CODE_LIMIT_WINDOW = read_int("CODE_LIMIT_WINDOW", default=15 * 60, minimum=1)

# --- Metrics (GET /metrics, Prometheus text format) -------------------------------------
# Client addresses or networks that may read them; to anyone else the page does not exist.
METRICS_ALLOWED_ADDRESSES = read_networks(
    "METRICS_ALLOWED_ADDRESSES", default=["127.0.0.0/8", "::1"]
)

# --- Users and passwords ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2idPasswordHasher",
    # Kept so that hashes made before Argon2 still verify; they are re-hashed on login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# The length rule (8-128 characters) lives in the input serializers, where the OpenAPI
# document publishes it; these judge what a password says (accounts/passwords.py,
# docs/security.md#passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UsernameInPasswordValidator"},
    {"NAME": "accounts.passwords.ScreenedCommonPasswordValidator"},
]
# Refuse the 20,000 most common passwords (Django's own list, no network call). Off by
# default so the contract's example password, 12341234, works on a local run; the
# deployments we ship (deploy/authapi.env.example, docker-compose.yml) switch it on.
SCREEN_COMMON_PASSWORDS = read_bool("SCREEN_COMMON_PASSWORDS", default=False)

# --- REST framework and the published schema --------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JSONOnlyNegotiation",
    "EXCEPTION_HANDLER": "api.envelope.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "JWT Authentication API",
    "DESCRIPTION": "Sign up, log in for a JSON Web Token, and call protected endpoints with it.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and Swagger UI are public; a stale token in the browser must not hide them.
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True},
    # The order a newcomer needs them in: become a member, keep a session, then the rest.
    "TAGS": [
        {"name": "accounts", "description": "Sign up, see and manage your own account."},
        {"name": "sessions", "description": "Log in, refresh tokens, log out."},
        {"name": "recovery", "description": "Verify an email address; reset a forgotten password."},
        {"name": "second factor", "description": "TOTP and recovery codes for your account."},
        {"name": "administration", "description": "Administrators only."},
        {"name": "keys", "description": "Public keys for services that verify tokens themselves."},
        {"name": "operations", "description": "For load balancers and operators."},
    ],
}

# Request bodies are small JSON objects; anything larger is refused with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = read_int("MAX_REQUEST_BODY_BYTES", default=64 * 1024, minimum=1024)

# --- Internationalisation ---------------------------------------------------------------
# Error messages are Korean unless the client's Accept-Language prefers English.
# The Korean text is the msgid (see api/exceptions.py); locale/en translates it.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (Swagger UI's assets, served by WhiteNoise under gunicorn) ---------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# --- Security ------------------------------------------------------------------------
# HTTPS=true says clients reach the API over HTTPS (TLS may end at a load balancer):
# HSTS is then on by default (a year) and session and CSRF cookies are marked Secure.
# The API sets no cookie today; the flags hold for any that a later change adds.
HTTPS = read_bool("HTTPS", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = read_int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = read_bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", default=False)
# Load balancers check /health over plain HTTP without X-Forwarded-Proto; redirected, every
# target would turn unhealthy. SecurityMiddleware matches the path without its leading slash.
SECURE_REDIRECT_EXEMPT = [r"^health/?$"]
if read_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # The API answers plain HTTP on :8000, as clients of the EC2 deployment call it; TLS,
    # when there is any, ends at a load balancer. HSTS and the HTTPS redirect are switched
    # on through HTTPS (or SECURE_HSTS_SECONDS) and SECURE_SSL_REDIRECT where that holds.
    "security.W004",
    "security.W008",
    # Preloading binds the whole domain to HTTPS in browsers for months and is slow to
    # undo, so it is the operator's explicit choice (SECURE_HSTS_PRELOAD), not a default.
    "security.W021",
    # No cookies or sessions authenticate anything here: a browser cannot attach the
    # Bearer token on its own, so a cross-site request cannot act as a member.
    "security.W003",
]

# --- Cross-origin requests from browsers ------------------------------------------------------
# Exact origins ("https://app.example") allowed to call the API from a browser; none by
# default. Tokens travel in the Authorization header, never in cookies, so no credentials.
CORS_ALLOWED_ORIGINS = read_list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization", "content-type", "x-request-id"]
# Readable by the browser client: the id to quote in a bug report, and when to retry a 429.
CORS_EXPOSE_HEADERS = ["X-Request-ID", "Retry-After"]

# --- Logging: one JSON object per line on stdout (api/logs.py) -------------------------------
# Never a request body, a header or a token: the request log names its fields one by one.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "api.logs.JsonFormatter"}},
    "filters": {"skip_outage_responses": {"()": "api.logs.SkipOutageResponses"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": (os.environ.get("LOG_LEVEL") or "INFO").upper()},
    "loggers": {
        # Django's own 500 reports, traceback included, in the same JSON form; not for
        # a 503, which api.availability has already logged as one warning.
        "django.request": {
            "handlers": ["stdout"],
            "level": "ERROR",
            "propagate": False,
            "filters": ["skip_outage_responses"],
        },
        # A wrong Host header is the client's mistake, answered 400 and logged as a request
        # line; left at ERROR with a traceback, anyone could flood the error log with it.
        "django.security.DisallowedHost": {
            "handlers": ["stdout"],
            "level": "CRITICAL",
            "propagate": False,
        },
        # The security audit trail (accounts/audit.py) is kept whatever LOG_LEVEL quiets.
        "api.audit": {"level": "INFO"},
    },
}
