"""scripts/write_env.py: the local .env holds secrets, so no one else may read it, ever."""

import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The script run with umask 0 (nothing taken away from a mode by default) and every way of
# changing a mode afterwards disabled: only the mode the file was created with remains.
NO_LATER_CHMOD = """
import os, pathlib, runpy, sys
os.umask(0)
pathlib.Path.chmod = lambda *args, **kwargs: None
os.chmod = os.fchmod = lambda *args, **kwargs: None
script = sys.argv.pop(1)
runpy.run_path(script, run_name="__main__")
"""


def write_env(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", NO_LATER_CHMOD, str(ROOT / "scripts" / "write_env.py"), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )


def test_the_env_file_is_private_from_its_first_byte(tmp_path):
    path = tmp_path / ".env"
    write_env(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "SECRET_KEY=" in path.read_text()


def test_an_existing_env_file_is_left_alone(tmp_path):
    path = tmp_path / ".env"
    path.write_text("SECRET_KEY=mine\n")
    write_env(path)
    assert path.read_text() == "SECRET_KEY=mine\n"


def test_a_planted_link_is_not_followed(tmp_path):
    target = tmp_path / "elsewhere"
    (tmp_path / ".env").symlink_to(target)
    write_env(tmp_path / ".env")
    assert not target.exists()
