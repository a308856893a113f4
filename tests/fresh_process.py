"""A fresh Python process in the project, for what only start-up shows (settings, logging set-up)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run `python ARGS` with the real settings and exactly these variables, and no local .env file.

    Give DJANGO_SETTINGS_MODULE to choose other settings.
    """
    environment = {
        "PATH": os.environ["PATH"],
        "DOTENV_PATH": "/nonexistent/.env",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def start_django(**env: str) -> subprocess.CompletedProcess:
    """Set Django up in a fresh process with these variables; it prints `started` if start-up succeeded."""
    return run_python(["-c", "import django; django.setup(); print('started')"], **env)
