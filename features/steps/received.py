"""What the scenarios received from the API, kept for the completeness check.

`InProcessApi` adds every response here, with the feature file of the scenario
that asked for it; `features/test_completeness.py` then asks whether every error
code and every documented (operation, status) was received by some scenario.
The record is of responses actually received, never of what the feature text says.
"""

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Exchange:
    feature: str
    method: str
    path: str
    status: int
    code: str | None


def error_code_of(raw: bytes) -> str | None:
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error.get("code") if isinstance(error, dict) else None


@dataclass
class Received:
    exchanges: list[Exchange] = field(default_factory=list)
    # The feature file of the scenario now running (set by a pytest-bdd hook).
    feature: str = "(outside any scenario)"
    # Why the run cannot judge completeness (a subset selected, a scenario failed...).
    incomplete_run: list[str] = field(default_factory=list)

    def add(self, method: str, path: str, status: int, raw: bytes) -> None:
        path = path.split("?", 1)[0]
        self.exchanges.append(
            Exchange(self.feature, method.upper(), path, status, error_code_of(raw))
        )


# One record per test session: pytest runs the scenarios of one session in one process.
RECEIVED = Received()
