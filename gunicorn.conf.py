"""Gunicorn settings for the API. Every value can be overridden from the environment."""

import glob
import os
import tempfile
from pathlib import Path

from dotenv import load_dotenv

# The same local .env that Django reads, so `make run` settings apply here too.
load_dotenv(os.environ.get("DOTENV_PATH", Path(__file__).with_name(".env")), override=False)


def _setting(name: str, default):
    return os.environ.get(name) or default


def _cpu_count() -> int:
    # The CPUs this process may run on (a container's or systemd's CPU set), not the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


bind = _setting("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers (gunicorn's default): Argon2 hashing is CPU-bound, so processes, not threads.
# A sync worker serves one request per connection, so there is no keep-alive to tune.
workers = int(_setting("WEB_CONCURRENCY", _cpu_count() * 2 + 1))
wsgi_app = "config.wsgi:application"

timeout = int(_setting("GUNICORN_TIMEOUT", 30))
# On SIGTERM, workers get this long to finish their requests. systemd (TimeoutStopSec=40)
# and compose (stop_grace_period: 40s) wait longer before they kill.
graceful_timeout = int(_setting("GUNICORN_GRACEFUL_TIMEOUT", 30))

# Workers prove they are alive by touching a file every few seconds. On a container's
# overlay file system that touch can stall a worker, so keep the file in memory.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Load the app once in the master so a broken configuration (a missing secret)
# stops the service at start-up with one clear error, not once per worker.
preload_app = True

# Access lines come from the app as JSON (api/middleware.py), without query strings.
accesslog = None
errorlog = "-"
# Trust X-Forwarded-* only from the proxies named here (a load balancer's address or subnet).
forwarded_allow_ips = _setting("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Headers up to 64 KiB and request lines up to gunicorn's maximum reach Django, so
# an oversized token is answered with the API's own JSON error, not an HTML page.
limit_request_field_size = 64 * 1024
limit_request_line = 8190

# No `gunicornc` control socket: nothing uses it, and instances run by one user would
# otherwise share (and replace) one socket in $HOME.
control_socket_disable = True

# Prometheus multiprocess mode (api/metrics.py): each worker keeps its counts in files in this
# directory and a scrape sums them all. Set before the app is loaded, as prometheus_client
# chooses its mode when imported. Unset, each master makes a private directory of its own.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="authapi-metrics-")
METRICS_DIR = os.environ["PROMETHEUS_MULTIPROC_DIR"]
os.makedirs(METRICS_DIR, mode=0o700, exist_ok=True)


def _remove_metric_files() -> None:
    for path in glob.glob(os.path.join(METRICS_DIR, "*.db")):
        os.remove(path)


def on_starting(server):
    # Counts left by an earlier run would be added to this run's.
    _remove_metric_files()


def post_worker_init(worker):
    # A scrape before this worker's first request must still list every series (api/metrics.py).
    from api.metrics import start_worker

    start_worker()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    _remove_metric_files()
    if os.path.basename(METRICS_DIR).startswith("authapi-metrics-"):  # one that mkdtemp made
        try:
            os.rmdir(METRICS_DIR)
        except OSError:
            pass
