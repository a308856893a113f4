"""Read and write the server's settings file exactly as systemd reads it (EnvironmentFile=).

systemd's grammar is not the shell's: to systemd `a&b` is a plain value, to a shell that sources
the file it is a background job, and systemd never expands `$`. So the deployment scripts read
the file with this module, never with `source`. Values are written in double quotes with \\, ",
` and $ escaped by a backslash: systemd and a POSIX shell both read that back unchanged.
Standard library only: it runs before the application's virtual environment exists.

    python3 envfile.py exec FILE -- COMMAND [ARG...]   run COMMAND with the file's settings added
    python3 envfile.py get FILE NAME                   print NAME's value; exit 1 if it is unset
    python3 envfile.py set FILE NAME < VALUE           set NAME; the value comes on standard input
                                                       (never in argv, where `ps` shows it)
"""

import os
import re
import sys
from pathlib import Path

WHITESPACE, NEWLINE, COMMENTS = " \t\n\r", "\n\r", "#;"
ESCAPED_IN_DOUBLE_QUOTES = '"\\`$'
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse(text: str) -> dict[str, str]:
    """The assignments in text, by the rules of systemd's parse_env_file_internal (env-file.c).

    One long loop on purpose: it follows systemd's state machine state for state, so that the
    two can be compared line by line. Quotes open only at the start of a value or right after
    a closing quote; inside a plain value they are ordinary characters.
    """
    found: dict[str, str] = {}
    state, key, value, keep = "pre_key", "", "", 0  # keep: value length before trailing blanks

    def push():
        if NAME.fullmatch(key.strip()) and not any(ord(c) < 32 and c not in "\t\n" for c in value):
            found[key.strip()] = value  # systemd drops invalid assignments; the last one wins

    for c in text:
        if state == "pre_key":
            if c in COMMENTS:
                state = "comment"
            elif c not in WHITESPACE:
                state, key = "key", c
        elif state == "key":
            if c in NEWLINE:
                state = "pre_key"
            elif c == "=":
                state, value = "pre_value", ""
            else:
                key += c
        elif state in ("pre_value", "value") and c in NEWLINE:
            if state == "value":
                value = value[:keep]  # an unquoted value loses its trailing blanks
            push()
            state = "pre_key"
        elif state == "pre_value":
            if c == "'":
                state = "single"
            elif c == '"':
                state = "double"
            elif c == "\\":
                state = "value_escape"
            elif c not in WHITESPACE:
                state, value = "value", value + c
                keep = len(value)
        elif state == "value":
            if c == "\\":
                state = "value_escape"
            else:
                value += c
                keep = len(value) if c not in WHITESPACE else keep
        elif state == "value_escape":
            state = "value"
            if c not in NEWLINE:  # a backslash before a line break joins the lines
                value += c
            keep = len(value)
        elif state == "single":
            if c == "'":
                state = "pre_value"
            else:
                value += c
        elif state == "double":
            if c == '"':
                state = "pre_value"
            elif c == "\\":
                state = "double_escape"
            else:
                value += c
        elif state == "double_escape":
            state = "double"
            if c in ESCAPED_IN_DOUBLE_QUOTES:
                value += c
            elif c != "\n":
                value += "\\" + c  # like the shell: other backslashes stay
        elif state == "comment" and c in NEWLINE:
            state = "pre_key"
    if state not in ("pre_key", "key", "comment"):
        if state == "value":
            value = value[:keep]
        push()
    return found


def quote(value: str) -> str:
    """value in double quotes, read back unchanged by systemd and by a POSIX shell."""
    if any(ord(c) < 32 or c == "\x7f" for c in value):
        raise ValueError("a setting must not contain line breaks or other control characters")
    return '"' + "".join("\\" + c if c in ESCAPED_IN_DOUBLE_QUOTES else c for c in value) + '"'


def set_value(path: Path, name: str, value: str) -> None:
    """Set NAME in place of its line (or its commented-out default); the file stays mode 600."""
    if not NAME.fullmatch(name):
        raise ValueError(f"not a setting name: {name!r}")
    line = f"{name}={quote(value)}"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    active = [i for i, text in enumerate(lines) if re.match(rf"\s*{name}\s*=", text)]
    commented = [i for i, text in enumerate(lines) if re.match(rf"#{name}=", text)]
    if active:
        lines[active[0]] = line
        lines = [text for i, text in enumerate(lines) if i not in active[1:]]  # the last would win
    elif commented:
        lines.insert(commented[0] + 1, line)
    else:
        lines.append(line)
    write_private(path, "\n".join(lines) + "\n")


def write_private(path: Path, text: str) -> None:
    """Replace path by text in one step, readable by its owner only: the file holds secrets."""
    new = path.with_name(path.name + ".new")
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(new, path)


def main(argv: list[str]) -> int:
    command, path, rest = argv[0], Path(argv[1]), argv[2:]
    if command == "exec" and rest[:1] == ["--"] and len(rest) > 1:
        os.environ.update(parse(path.read_text(encoding="utf-8")))
        os.execvp(rest[1], rest[1:])
    if command == "get" and len(rest) == 1:
        settings = parse(path.read_text(encoding="utf-8"))
        if rest[0] not in settings:
            return 1
        print(settings[rest[0]])
        return 0
    if command == "set" and len(rest) == 1:
        set_value(path, rest[0], sys.stdin.read())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError, IndexError) as exc:
        print(f"envfile: {exc}", file=sys.stderr)
        sys.exit(2)
