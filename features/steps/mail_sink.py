"""A real SMTP server for the scenarios (aiosmtpd): it accepts every mail and keeps it.

In-process, the scenarios start one on a free port and point the service at it.
Live, CI starts one beside gunicorn (.ci/recovery_live.sh) that writes each mail as
an .eml file into a folder, which the scenarios read:

    python -m features.steps.mail_sink --port 2525 --folder /tmp/mail
"""

import argparse
import logging
import socket
import threading
import time
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
# aiosmtpd tells of every connection at INFO; the scenarios' output needs none of it.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Sink:
    """The aiosmtpd handler: every mail accepted, kept in memory and, given a folder, on disk."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.received: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        with self._lock:
            self.received.append(message_from_bytes(raw, policy=policy.default))
        if self.folder is not None:
            name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
            (self.folder / (name + ".part")).write_bytes(raw)
            (self.folder / (name + ".part")).rename(self.folder / name)  # never read half-written
        return "250 Message accepted"

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.received)


def free_port() -> int:
    """A port nobody listens on now: CI runs many test runs on one machine."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class MailServer:
    """An SMTP server on one port, which can be taken down and brought back (a new Controller)."""

    def __init__(self, port: int = 0, folder: Path | None = None):
        self.sink = Sink(folder)
        self.port = port or free_port()
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> "MailServer":
        self._controller = Controller(self.sink, hostname=HOST, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def read_folder(folder: Path) -> list[EmailMessage]:
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    arguments = parser.parse_args()
    arguments.folder.mkdir(parents=True, exist_ok=True)
    server = MailServer(arguments.port, arguments.folder).start()
    print(f"SMTP sink on {HOST}:{server.port}, writing to {arguments.folder}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
