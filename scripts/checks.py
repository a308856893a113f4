"""What the live checks share: a line for each check that passes, and a stop at the first that fails."""

import sys


def expect(condition: bool, what: str) -> None:
    """Print `ok: what`, or end the run with `FAILED: what`."""
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok: {what}", flush=True)
