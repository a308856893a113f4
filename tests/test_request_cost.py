"""What one request costs, counted in ways that cannot flake.

Time is never asserted: it depends on the machine and on whatever else runs there.
Instead, one authenticated `GET /me` and one `GET /health` are run through the whole
middleware stack under cProfile, after a warm-up request, and the Python function
calls they make are held under two budgets: the calls made in this project's own
modules (accounts/, tokens/, api/, config/), and all calls. `GET /me` is counted twice: with
a token already verified, as almost every request is, and with one the process has
not seen (tokens.verified_tokens), so that neither path can grow unnoticed. The
request log is pinned to one JSON handler at INFO while counting, so pytest's log
capture or LOG_LEVEL in the shell change nothing.

The budgets are the counts measured once these requests were made cheaper (see
bench/README.md, "What a request costs in-process"), plus about 15 %. That absorbs harmless differences, which stay within 1 % (Python
3.11 to 3.13, SQLite or PostgreSQL, hash seeds, a longer member id in the token),
but not a new query, serializer or middleware on every request. When a change
makes a request do more on purpose, update the budget:

    .venv/bin/python -m pytest tests/test_request_cost.py -s      # prints the counts
    TEST_DATABASE_URL=postgres://... .venv/bin/python -m pytest tests/test_request_cost.py -s

set the budget to the new count plus 15 %, and say in the commit message what the
request now does and why it is worth it.
"""

import cProfile
import io
import logging
import pstats
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.client import ClientHandler
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.sessions import start_session
from api.logs import JsonFormatter
from tokens.verified_tokens import verified_access_tokens

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PROJECT_MODULES = tuple(
    str(ROOT / package) + "/" for package in ("accounts", "api", "config", "tokens")
)

# (calls in the project's modules, all calls): the counts measured with the signing keys,
# the metrics middleware, the cheaper /me (bench/README.md), the HTTPS check on every
# request, and the `amr` claim and the profile's address and second-factor fields, plus
# ~15 %: /me with a token already verified 29-30 and 1309-1330, with a token the process
# sees for the first time 45-46 and 1942-1963, /health 21 and 1234-1242 (SQLite and
# PostgreSQL). See the module docstring before changing one.
BUDGETS = {
    "/me": (35, 1530),
    "/me, a token seen for the first time": (53, 2260),
    "/health": (24, 1425),
}


@pytest.fixture
def token():
    member = User.objects.create_user("counted", "12341234", nickname="C")
    return start_session(member).access_token


@contextmanager
def one_log_handler():
    """The request log as in production: one JSON handler at INFO, whatever pytest adds."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JsonFormatter())
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    try:
        yield handler.stream
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


def counted_calls(path: str, *, first_sight: bool = False, **headers) -> tuple[int, int]:
    """(calls in the project's modules, all calls) of one request, after a warm-up.

    `first_sight`: the process forgets the tokens it has verified before the request counted.
    """
    handler = ClientHandler()
    environ = RequestFactory().get(path, **headers).environ
    with one_log_handler() as log:
        assert handler(dict(environ)).status_code == 200  # fills the caches later requests reuse
        if first_sight:
            verified_access_tokens.clear()
        profile = cProfile.Profile()
        profile.enable()
        response = handler(dict(environ))
        profile.disable()
    assert response.status_code == 200
    assert log.getvalue().count(f'"path": "{path}"') == 2  # the request log was written
    calls = {function: stats[1] for function, stats in pstats.Stats(profile).stats.items()}
    project = sum(
        count for (filename, _, _), count in calls.items() if filename.startswith(PROJECT_MODULES)
    )
    return project, sum(calls.values())


def assert_within_budget(request: str, project: int, total: int) -> None:
    project_budget, total_budget = BUDGETS[request]
    print(
        f"\n{request}: {project} calls in the project's modules, {total} in all ({connection.vendor})"
    )
    assert project <= project_budget, f"{request} makes {project} calls in the project's modules"
    assert total <= total_budget, f"{request} makes {total} calls in all"


def test_an_authenticated_request_is_one_query_joining_the_session(client, token):
    client.get("/me", HTTP_AUTHORIZATION=f"Bearer {token}")  # on PostgreSQL, prepares the lookup
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    [query] = queries.captured_queries
    sql = statement_behind(query["sql"])
    assert "accounts_user" in sql and "accounts_session" in sql


def statement_behind(sql: str) -> str:
    """The SQL itself, with each PostgreSQL `EXECUTE name (...)` in it replaced by what it runs."""
    return ";".join(_prepared(statement) for statement in sql.split(";"))


def _prepared(statement: str) -> str:
    if not statement.strip().startswith("EXECUTE "):
        return statement
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE name = %s",
            [statement.split()[1]],
        )
        [(prepared,)] = cursor.fetchall()
    return prepared


def test_an_authenticated_request_stays_within_its_call_budget(token):
    assert_within_budget("/me", *counted_calls("/me", HTTP_AUTHORIZATION=f"Bearer {token}"))


def test_a_token_seen_for_the_first_time_stays_within_its_call_budget(token):
    calls = counted_calls("/me", first_sight=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_within_budget("/me, a token seen for the first time", *calls)


def test_a_health_check_stays_within_its_call_budget(settings):
    settings.REDIS_URL = ""  # a run with Redis pings it too: count the same check everywhere
    assert_within_budget("/health", *counted_calls("/health"))


@pytest.mark.postgres
def test_a_login_on_postgresql_is_one_statement_to_read_the_member_and_one_to_start_the_session(
    client, settings
):
    # Off: the guessing limits' counters add statements of their own (api/counters.py).
    settings.LOGIN_LIMIT_PER_ADDRESS = settings.LOGIN_LIMIT_PER_USERNAME = 0
    settings.LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS = 0
    User.objects.create_user("counted", "12341234", nickname="C")
    credentials = {"username": "counted", "password": "12341234"}

    def login():
        return client.post("/login", credentials, content_type="application/json")

    login()  # the first on a connection may do more
    with CaptureQueriesContext(connection) as queries:
        assert login().status_code == 200
    lookup, start = (statement_behind(query["sql"]) for query in queries.captured_queries)
    assert '"accounts_user"."username_key" =' in lookup
    assert "FOR UPDATE" in start and "INSERT INTO accounts_session" in start
