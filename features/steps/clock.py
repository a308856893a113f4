import time
from datetime import UTC, datetime

from freezegun import freeze_time

# The start of an hour, and so of every limit window (15 minutes, an hour): scenarios that
# count attempts start here, so that no count straddles two windows.
WINDOW_START = 1_800_000_000 - 1_800_000_000 % 3600


class Clock:
    """Moves the clock for a scenario and puts it back afterwards."""

    def __init__(self):
        self._frozen = None
        self._now = None

    def move_to(self, timestamp: float) -> None:
        self.stop()
        self._now = timestamp
        self._frozen = freeze_time(datetime.fromtimestamp(timestamp, tz=UTC))
        self._frozen.start()

    @property
    def now(self) -> float:
        """The time the clock stands at (it must have been moved)."""
        assert self._now is not None, "the clock has not been moved"
        return self._now

    def advance(self, seconds: float) -> None:
        self.move_to((self._now if self._now is not None else time.time()) + seconds)

    def stop(self) -> None:
        if self._frozen is not None:
            self._frozen.stop()
            self._frozen = None
