"""Running the scenarios against a live server instead of in-process."""

import os

# What a client cannot do to a live server, by the tag that marks a scenario needing it.
IN_PROCESS_ONLY = {
    "needs-clock": "it moves the clock, and a live server keeps its own time",
    "needs-operator": "it runs an operator's command inside the server, which no client can",
    "needs-outage": "it takes a part down inside the server, which no client can",
    "needs-client-address": "it chooses the client's address, and a live server sees the real one",
    "needs-control-characters": "HTTP servers refuse control characters in a header before the API sees them",
    "needs-key-change": "it changes the service's signing keys, which only a live server's operator can",
    "needs-setting-change": "it changes a setting of the service, which only a live server's operator can",
}
# What only a live server can show, by the tag that marks a scenario needing it.
LIVE_ONLY = {
    "needs-live-server": "requests sent at the same moment need a server with workers of its own",
}
# Live, forgeries signed with the server's own key read it from here (CI: the server's JWT_SECRET_KEY).
SIGNING_KEY_VARIABLE = "API_JWT_SECRET_KEY"
# Live, mail is read from the folder the SMTP sink beside the server writes (.ci/recovery_live.sh).
MAIL_FOLDER_VARIABLE = "API_MAIL_DIR"


class Usernames:
    """How a scenario writes the usernames of its feature text to the API.

    In-process each scenario starts from an empty database, so names are used as
    written. A live server keeps its data, so there each scenario puts its own
    suffix after the name, inside any surrounding spaces. The suffix is lowercase
    ASCII, so names that differ only in capitals, width or spaces still differ
    only in that, and a scenario can run again and again.
    """

    def __init__(self, suffix: str = ""):
        self._suffix = suffix

    def of(self, name: str) -> str:
        core = name.strip()
        if not core:
            return name
        start = name.index(core)
        return name[:start] + core + self._suffix + name[start + len(core) :]

    def of_length(self, length: int) -> str:
        """A name of exactly `length` characters."""
        return ("u" * length)[: length - len(self._suffix)] + self._suffix


def live_url_of(config) -> str | None:
    """The server to run against (--base-url or API_BASE_URL); None runs in-process."""
    return config.getoption("base_url") or os.environ.get("API_BASE_URL") or None


def live_skip_reason(item) -> str | None:
    for tag, reason in IN_PROCESS_ONLY.items():
        if item.get_closest_marker(tag):
            return f"in-process only: {reason} (@{tag})"
    if item.get_closest_marker("needs-signing-key") and not os.environ.get(SIGNING_KEY_VARIABLE):
        return f"needs the server's signing key: set {SIGNING_KEY_VARIABLE} to the server's JWT_SECRET_KEY"
    if item.get_closest_marker("needs-mail") and not os.environ.get(MAIL_FOLDER_VARIABLE):
        return f"reads mail: set {MAIL_FOLDER_VARIABLE} to the folder of the server's SMTP sink"
    return None


def in_process_skip_reason(item) -> str | None:
    for tag, reason in LIVE_ONLY.items():
        if item.get_closest_marker(tag):
            return f"live only: {reason} (@{tag}); run with --base-url"
    return None
