"""The house keeps its rooms: config wires, accounts is the domain, tokens signs and
checks tokens with their keys, api is the HTTP layer.

Imports run one way (config → accounts → tokens → api), and only tokens imports PyJWT
or cryptography; `.importlinter` states it and import-linter checks it.
"""

import ast
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


def imported_modules(path: Path) -> set[str]:
    """The modules a file imports, by their dotted names (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).parent.parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_no_test_module_imports_another():
    """Each test module stands alone: what tests share lives in a helper module or a conftest."""
    test_modules = [
        path
        for folder in ("tests", "features")
        for path in (ROOT / folder).rglob("*.py")
        if path.name.startswith("test_") or path.name == "conftest.py"
    ]
    imports = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in imported_modules(path)
            if name.rsplit(".", 1)[-1].startswith("test_") or name.endswith("conftest")
        )
        for path in test_modules
    }
    assert {path: names for path, names in imports.items() if names} == {}
