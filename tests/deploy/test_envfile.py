"""deploy/envfile.py reads the settings file as systemd does, and writes what both systemd
and a shell read back unchanged."""

import os
import stat
import subprocess
import sys

import pytest

from tests.deploy.paths import DEPLOY, load_deploy_module

envfile = load_deploy_module("envfile")

TRICKY = [
    "postgres://authapi:p%40ss@db.example:5432/authapi?sslmode=require&connect_timeout=5",
    "with spaces  inside and at the end ",
    "single ' and double \" quotes",
    "dollars $HOME ${HOME} $(id) and `id` and \\ backslashes \\n",
    "# not a comment; nor this",
    "",
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A=1\nB = two words  \n", {"A": "1", "B": "two words"}),
        ("# A=1\n; B=2\n  C=3", {"C": "3"}),
        ("A=a&b # not a comment\n", {"A": "a&b # not a comment"}),
        ("A='$literal \\ \"x\"'\n", {"A": '$literal \\ "x"'}),
        ('A="\\$x \\` \\" \\\\ \\n"\n', {"A": '$x ` " \\ \\n'}),
        ("A=one \\\n two\n", {"A": "one  two"}),
        ("A=it's\n", {"A": "it's"}),
        ("A='x' 'y'\n", {"A": "xy"}),
        ("A=1\nA=2\n", {"A": "2"}),
        ("export A=1\n1A=2\nA B=3\nNOVALUE\n", {}),
        ("A=\n", {"A": ""}),
    ],
)
def test_parse_follows_systemd(text, expected):
    assert envfile.parse(text) == expected


@pytest.mark.parametrize("value", TRICKY)
def test_a_quoted_value_reads_back_unchanged_by_systemd_rules_and_by_a_shell(value, tmp_path):
    path = tmp_path / "settings.env"
    path.write_text(f"VALUE={envfile.quote(value)}\n")
    assert envfile.parse(path.read_text()) == {"VALUE": value}
    shell = subprocess.run(
        ["bash", "-c", 'set -a; . "$1"; printf %s "$VALUE"', "-", str(path)],
        capture_output=True,
        text=True,
    )
    assert shell.stdout == value


@pytest.mark.parametrize("value", ["two\nlines", "carriage\rreturn", "nul\x00"])
def test_control_characters_are_refused(value):
    with pytest.raises(ValueError):
        envfile.quote(value)


def test_set_replaces_the_line_or_follows_its_commented_default_and_keeps_the_file_private(
    tmp_path,
):
    path = tmp_path / "settings.env"
    path.write_text("# Comment\nA=old\n#B=default\nA=older\nC=3\n")
    path.chmod(0o644)
    envfile.set_value(path, "A", "new & improved")
    envfile.set_value(path, "B", "b")
    envfile.set_value(path, "D", "d")
    assert path.read_text() == '# Comment\nA="new & improved"\n#B=default\nB="b"\nC=3\nD="d"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert envfile.parse(path.read_text()) == {"A": "new & improved", "B": "b", "C": "3", "D": "d"}


def run_envfile(*args, stdin: str = "") -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], "KEPT": "from the caller"}
    return subprocess.run(
        [sys.executable, str(DEPLOY / "envfile.py"), *args],
        input=stdin,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_the_command_line_sets_gets_and_runs_with_the_settings(tmp_path):
    path = tmp_path / "settings.env"
    for name, value in [("A", TRICKY[0]), ("B", TRICKY[3])]:
        assert run_envfile("set", str(path), name, stdin=value).returncode == 0
    assert run_envfile("get", str(path), "A").stdout == TRICKY[0] + "\n"
    assert run_envfile("get", str(path), "MISSING").returncode == 1
    shown = run_envfile(
        "exec",
        str(path),
        "--",
        sys.executable,
        "-c",
        "import os; print(repr([os.environ[n] for n in 'A B KEPT'.split()]))",
    )
    assert shown.stdout == repr([TRICKY[0], TRICKY[3], "from the caller"]) + "\n"
