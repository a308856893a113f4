"""Fixtures the unit tests share."""

import io
import json
import logging

import pytest

from api.logs import JsonFormatter


class CapturedLog:
    """What the loggers wrote while a test ran, formatted exactly as on stdout."""

    def __init__(self):
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines()]

    def requests(self) -> list[dict]:
        return [line for line in self.lines() if line["logger"] == "api.requests"]

    def events(self, event: str | None = None) -> list[dict]:
        """The audit trail's lines (accounts/audit.py), or those of one event."""
        lines = [line for line in self.lines() if line["logger"] == "api.audit"]
        return [line for line in lines if event is None or line["event"] == event]

    def one(self, event: str) -> dict:
        [line] = self.events(event)
        return line

    def clear(self) -> None:
        self.stream.seek(0)
        self.stream.truncate()


@pytest.fixture
def log():
    """Every logger, at every level, into one JSON stream for the test to read."""
    captured = CapturedLog()
    handler = logging.StreamHandler(captured.stream)
    handler.setFormatter(JsonFormatter())
    root, django_request = logging.getLogger(), logging.getLogger("django.request")
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    django_request.addHandler(handler)  # it does not propagate to the root
    yield captured
    root.removeHandler(handler)
    django_request.removeHandler(handler)
    root.setLevel(level)
