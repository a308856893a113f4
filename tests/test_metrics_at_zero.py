"""Every labelled security metric is listed at zero from start-up, before its first event.

An alert on `rate(authapi_limit_refusals_total[5m])` sees no series at all until a
series exists; so does a dashboard. Under gunicorn each worker writes its own
metrics file, and the master's is removed on starting, so a worker must write every
listed series at once, not at its first count.
"""

from prometheus_client.parser import text_string_to_metric_families

from accounts.audit import EVENTS
from tests.fresh_process import run_python

# The tests' own copy: a limit renamed or added must be seen here.
LIMITS = {"per_username_and_address", "per_address", "per_username", "signups_per_address"}

SET_UP = """
import os, runpy
import django
from prometheus_client import generate_latest

django.setup()  # in the master, as gunicorn loads the app before forking (preload_app)
"""
SCRAPE_THIS_PROCESS = SET_UP + "print(generate_latest().decode())"
SCRAPE_AFTER_A_FORK = (
    SET_UP
    + """
config = runpy.run_path("gunicorn.conf.py")
config["on_starting"](None)  # removes the files of earlier runs, the master's own too
pid = os.fork()
if pid == 0:  # a worker that has served nothing yet
    config["post_worker_init"](None)
    os._exit(0)
os.waitpid(pid, 0)
from api.metrics import _registry
print(generate_latest(_registry()).decode())
"""
)


def scrape(script: str, **env: str) -> str:
    # The real settings: the test settings remove PROMETHEUS_MULTIPROC_DIR from the environment.
    secrets = {"SECRET_KEY": "s" * 50, "JWT_SECRET_KEY": "j" * 48, "MFA_SECRET_KEY": "m" * 48}
    result = run_python(["-c", script], **secrets, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def labelled(text: str, name: str, label: str) -> dict[str, float]:
    return {
        sample.labels[label]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    }


def assert_listed_at_zero(text: str) -> None:
    assert labelled(text, "authapi_limit_refusals_total", "limit") == dict.fromkeys(LIMITS, 0)
    assert labelled(text, "authapi_auth_events_total", "event") == dict.fromkeys(EVENTS, 0)


def test_a_fresh_process_lists_every_limit_and_event():
    assert_listed_at_zero(scrape(SCRAPE_THIS_PROCESS))


def test_a_gunicorn_worker_lists_them_before_its_first_request(tmp_path):
    assert_listed_at_zero(scrape(SCRAPE_AFTER_A_FORK, PROMETHEUS_MULTIPROC_DIR=str(tmp_path)))
