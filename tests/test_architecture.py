"""The house keeps its rooms: config wires, accounts is the domain, tokens signs and
checks tokens with their keys, api is the HTTP layer.

Imports run one way (config → accounts → tokens → api), and only tokens imports PyJWT
or cryptography; `.importlinter` states it and import-linter checks it.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_run_one_way():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_config_holds_only_wiring():
    modules = {path.stem for path in (ROOT / "config").glob("*.py")}
    assert modules <= {"__init__", "env", "settings", "test_settings", "urls", "wsgi"}, modules
