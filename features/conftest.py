"""Hooks that let features/test_completeness.py judge the scenario run it follows.

It may judge only a whole, green, in-process run: a subset of the scenarios, a
failed one or a live run would show gaps that are not there.
"""

from pathlib import Path

import pytest

from features.steps.live import live_url_of
from features.steps.received import RECEIVED

STEPS = Path(__file__).parent / "steps"
CHECK = Path(__file__).parent / "test_completeness.py"


def is_scenario(item) -> bool:
    return STEPS in item.path.parents


def pytest_bdd_before_scenario(request, feature, scenario):
    RECEIVED.feature = feature.rel_filename


def pytest_deselected(items):
    if any(is_scenario(item) for item in items):
        RECEIVED.incomplete_run.append("some scenarios were deselected (-k, -m or --deselect)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path == CHECK)  # stable: the check moves to the end
    collected = {item.path for item in items if is_scenario(item)}
    if missing := sorted(path.name for path in STEPS.glob("test_*.py") if path not in collected):
        RECEIVED.incomplete_run.append(
            f"not every scenario module was collected: {', '.join(missing)} missing"
        )
    if live_url_of(config) is not None:
        RECEIVED.incomplete_run.append("the scenarios ran against a live server")


def pytest_runtest_logreport(report):
    if report.failed and report.nodeid.startswith("features/steps/"):
        RECEIVED.incomplete_run.append(f"a scenario did not pass: {report.nodeid}")
