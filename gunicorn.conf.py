"""Gunicorn settings for the API. Every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
wsgi_app = "config.wsgi:application"

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Load the app once in the master so a broken configuration (a missing secret)
# stops the service at start-up with one clear error, not once per worker.
preload_app = True

accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the proxies named here (a load balancer's address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# A header up to 16 KiB reaches Django, so an oversized token is answered with the
# API's own JSON error, not gunicorn's HTML page.
limit_request_field_size = 16 * 1024 + 256
