"""The feature files keep the shape the team writes them in (docs/testing.md)."""

from pathlib import Path

import pytest
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner

FEATURES = sorted((Path(__file__).parent.parent / "features").glob("*.feature"))


def step_kinds(steps) -> list[str]:
    """Each step's kind, an "And" or "But" taking the kind of the step before it."""
    kinds = []
    for step in steps:
        kind = step["keywordType"]
        kinds.append(kinds[-1] if kind == "Conjunction" and kinds else kind)
    return kinds


def children(path: Path):
    feature = Parser().parse(TokenScanner(path.read_text()))["feature"]
    for child in feature["children"]:
        yield from child["rule"]["children"] if "rule" in child else [child]


@pytest.mark.parametrize("path", FEATURES, ids=lambda path: path.name)
def test_every_scenario_has_exactly_one_when(path):
    scenarios = [child["scenario"] for child in children(path) if "scenario" in child]
    assert scenarios
    wrong = {s["name"]: step_kinds(s["steps"]).count("Action") for s in scenarios}
    assert {name: whens for name, whens in wrong.items() if whens != 1} == {}


@pytest.mark.parametrize("path", FEATURES, ids=lambda path: path.name)
def test_a_background_holds_only_givens(path):
    for child in children(path):
        if "background" in child:
            assert set(step_kinds(child["background"]["steps"])) == {"Context"}
