"""Gunicorn settings for the API. Every value can be overridden from the environment."""

import multiprocessing
import os
from pathlib import Path

from dotenv import load_dotenv

# The same local .env that Django reads, so `make run` settings apply here too.
load_dotenv(os.environ.get("DOTENV_PATH", Path(__file__).with_name(".env")), override=False)


def _setting(name: str, default):
    return os.environ.get(name) or default


bind = _setting("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(_setting("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
wsgi_app = "config.wsgi:application"

timeout = int(_setting("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(_setting("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5

# Load the app once in the master so a broken configuration (a missing secret)
# stops the service at start-up with one clear error, not once per worker.
preload_app = True

accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the proxies named here (a load balancer's address).
forwarded_allow_ips = _setting("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Headers up to 64 KiB and request lines up to gunicorn's maximum reach Django, so
# an oversized token is answered with the API's own JSON error, not an HTML page.
limit_request_field_size = 64 * 1024
limit_request_line = 8190

# No `gunicornc` control socket: nothing uses it, and instances run by one user would
# otherwise share (and replace) one socket in $HOME.
control_socket_disable = True
