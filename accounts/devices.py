"""The label "my devices" shows for a session: the browser and system its user agent names.

Parsed with ua-parser (the maintained Python port of the uap-core rules that
browsers' own statistics tools use), never with regexes of our own: user agents
are a moving target, and its rules are updated as they move. Only the label is
kept, never the user agent itself, which can be long and says more than needed.
"""

from ua_parser import parse

LABEL_MAX_LENGTH = 100
# Parsing a very long header costs time and tells nothing more.
USER_AGENT_MAX_LENGTH = 512


def device_label(user_agent: str) -> str:
    """ "Chrome 120 on Windows 10", "curl 8", or "" for an agent nobody recognises."""
    result = parse(user_agent[:USER_AGENT_MAX_LENGTH]) if user_agent else None
    if result is None or result.user_agent is None:
        return ""
    agent = _named(result.user_agent.family, result.user_agent.major)
    if result.os is not None and result.os.family != "Other":
        agent = f"{agent} on {_named(result.os.family, result.os.major)}"
    return agent[:LABEL_MAX_LENGTH]


def _named(family: str, major: str | None) -> str:
    return f"{family} {major}" if major else family
