"""Races between a member's own requests and logins, with real concurrency on PostgreSQL.

Threads here each hold a database connection of their own, so the statements of a login
and of a password change or an account deletion interleave as they would on a server.
"""

import threading
import time

import pytest
from django.db import connection

from accounts import services
from accounts.exceptions import InvalidCredentials
from accounts.models import Session, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

OLD, NEW = "old-password-1", "new-password-2"
LOGIN_THREADS = 3
TRIALS = 2
DELETION_ROUNDS = 8


@pytest.fixture(autouse=True)
def _no_limits(settings):
    # One address logging in over and over: the guessing limits are not what is tested.
    settings.LOGIN_LIMIT_PER_USERNAME_AND_ADDRESS = 0
    settings.LOGIN_LIMIT_PER_ADDRESS = 0
    settings.LOGIN_LIMIT_PER_USERNAME = 0


# Without a cap a session is saved through the ORM; with one, in one round trip of SQL.
# Either way, high enough that the attacker's logins do not evict the member's own session.
@pytest.fixture(params=[0, 1000], ids=["without a cap", "with a cap"])
def cap(request, settings):
    settings.MAX_SESSIONS_PER_MEMBER = request.param


class LoginLoop:
    """Threads logging in with one password until stopped; what each login gave, and when."""

    def __init__(self, username: str, password: str):
        self.username, self.password = username, password
        self.stop = threading.Event()
        self.results: list[tuple[float, float, object]] = []  # (started, ended, pair or error)
        self.threads = [threading.Thread(target=self._run) for _ in range(LOGIN_THREADS)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def _run(self):
        try:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    outcome = services.login(username=self.username, password=self.password)
                except InvalidCredentials as refused:
                    outcome = refused
                self.results.append((started, time.monotonic(), outcome))
        finally:
            connection.close()

    def successes(self):
        return [pair for _, _, pair in self.results if not isinstance(pair, Exception)]


def live(pair) -> bool:
    return Session.objects.filter(pk=pair.session_id).exists()


def until_one_succeeds(loop: LoginLoop) -> None:
    while not loop.successes():
        time.sleep(0.01)


@pytest.mark.parametrize("trial", range(TRIALS))
@pytest.mark.usefixtures("cap")
def test_no_login_with_the_old_password_outlives_a_password_change(trial):
    User.objects.create_user("racer", OLD, nickname="R")
    member_pair = services.login(username="racer", password=OLD)
    member = User.objects.get(username="racer")
    with LoginLoop("racer", OLD) as attacker:
        until_one_succeeds(attacker)
        services.change_password(
            user=member,
            current_password=OLD,
            new_password=NEW,
            session_id=member_pair.session_id,
        )
        changed = time.monotonic()
        time.sleep(0.3)  # logins that read the old hash before the change come back
    surviving = [pair for pair in attacker.successes() if live(pair)]
    started_after = [
        outcome
        for started, _, outcome in attacker.results
        if started > changed and not isinstance(outcome, Exception)
    ]
    assert surviving == [] and started_after == []
    assert live(member_pair)
    assert Session.objects.filter(user=member).count() == 1


@pytest.mark.usefixtures("cap")
def test_deleting_an_account_succeeds_while_its_member_logs_in_and_leaves_no_session():
    # The window is a few statements wide: several rounds, so the old code failed in each run.
    for round in range(DELETION_ROUNDS):
        member = User.objects.create_user(f"leaving{round}", OLD, nickname="L")
        with LoginLoop(member.username, OLD) as logins:
            until_one_succeeds(logins)
            services.delete_account(user=member, password=OLD)
        assert not User.objects.filter(pk=member.pk).exists()
        assert not Session.objects.filter(user_id=member.pk).exists()
        assert not any(live(pair) for pair in logins.successes())
