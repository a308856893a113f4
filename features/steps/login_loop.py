"""Someone logging in over and over, on connections of their own, while a scenario goes on.

Each thread logs out its previous session once its next login succeeds, so the loop holds at
most two sessions a thread (seven in all with the member's own). The session cap (ten) then never
ends the member's own session under them, whatever the timing. The session a thread holds last is
its last successful login, the one nearest the change; the loop never logs it out, so only the
change can end it.
"""

import threading
import time
from dataclasses import dataclass, field

from features.steps.members import log_in, log_out

THREADS = 3


@dataclass
class Attempt:
    started: float
    status: int
    token: str | None


@dataclass
class LoginLoop:
    """Threads logging in with one name and password until stopped; every attempt is kept."""

    clients: list
    username: str
    password: str
    attempts: list[Attempt] = field(default_factory=list)
    logouts: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list = field(default_factory=list)

    def start(self) -> "LoginLoop":
        self._threads = [threading.Thread(target=self._run, args=(c,)) for c in self.clients]
        for thread in self._threads:
            thread.start()
        deadline = time.monotonic() + 30
        while not self.sessions() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.sessions(), "the logins never succeeded"
        return self

    def stop(self, *, after: float = 0.0) -> None:
        time.sleep(after)  # logins that read the old password before the change come back
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def unexpected_logouts(self) -> list[int]:
        """Statuses of the loop's own logouts other than 200, or 401 once the change ended them.

        Were they to fail, the loop would pile sessions up and the cap would end the member's own.
        """
        return [status for status in self.logouts if status not in (200, 401)]

    def sessions(self) -> list[str]:
        """The access tokens of every login that succeeded."""
        return [attempt.token for attempt in self.attempts if attempt.token]

    def succeeded_since(self, moment: float) -> list[Attempt]:
        return [a for a in self.attempts if a.started > moment and a.token]

    def _run(self, client) -> None:
        held = None
        while not self._stop.is_set():
            started = time.monotonic()
            response = log_in(client, self.username, self.password)
            token = response.body.get("token") if response.status == 200 else None
            self.attempts.append(Attempt(started, response.status, token))
            if token:
                if held:
                    ended = log_out(client, held["token"], held["refresh_token"])
                    self.logouts.append(ended.status)
                held = response.body
