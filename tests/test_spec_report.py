"""The specification page (scripts/spec_report.py) and its checker (scripts/check_spec_report.py).

`make report` builds the page from a real run, where every scenario usually passes; these tests
feed both scripts a small run with a failure, so that what a failure looks like is checked too.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def step(keyword: str, name: str, status: str = "passed", error: str = "") -> dict:
    result = {"status": status, "duration": 1000}
    if error:
        result["error_message"] = error
    return {
        "keyword": keyword,
        "name": name,
        "line": 1,
        "match": {"location": ""},
        "result": result,
    }


def scenario(
    name: str, steps: list, *, tags=(), test_id: str = "", keyword: str = "Scenario"
) -> dict:
    return {
        "keyword": keyword,
        "id": test_id or "test_" + name.lower().replace(" ", "_"),
        "name": name,
        "line": 1,
        "description": "",
        "tags": [{"name": tag, "line": 1} for tag in tags],
        "type": "scenario",
        "steps": steps,
    }


def feature(uri: str, name: str, elements: list, *, tags=()) -> dict:
    return {
        "keyword": "Feature",
        "uri": uri,
        "name": name,
        "id": uri,
        "line": 1,
        "description": "What it is for.",
        "language": "en",
        "tags": [{"name": tag, "line": 1} for tag in tags],
        "elements": elements,
    }


# In the order pytest ran them: the failure is neither the first feature nor its first scenario.
RUN = [
    feature(
        "features/clock.feature",
        "Time passes",
        [
            scenario(
                "Tokens expire",
                [step("Given", "a token"), step("Then", "it expires")],
                tags=["needs-clock"],
            )
        ],
        tags=["needs-clock"],
    ),
    feature(
        "features/login.feature",
        "Logging <in>",
        [
            scenario(
                "A member logs in",
                [step("When", "jinho logs in"), step("Then", "they receive a token")],
            ),
            scenario(
                "A wrong password is refused",
                [
                    step("When", "jinho logs in with  two spaces"),
                    step("Then", "it is refused", "failed", "AssertionError: 200"),
                ],
            ),
            scenario(
                "Names match in any case",
                [step("When", '"JINHO" logs in')],
                keyword="Scenario Outline",
                test_id='test_names_match_in_any_case["JINHO"]',
            ),
        ],
    ),
]


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(script: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPTS / script), *map(str, args)], capture_output=True, text=True
    )


@pytest.fixture
def built(tmp_path):
    source, page = tmp_path / "cucumber.json", tmp_path / "spec.html"
    source.write_text(json.dumps(RUN), encoding="utf-8")
    assert run("spec_report.py", source, page).returncode == 0
    return source, page


def check(source: Path, page: Path, markup: str | None = None) -> subprocess.CompletedProcess:
    if markup is not None:
        page.write_text(markup, encoding="utf-8")
    return run("check_spec_report.py", source, page)


def test_the_page_of_a_run_with_a_failure_passes_the_check(built):
    result = check(*built)
    assert result.returncode == 0, result.stdout


def test_the_page_opens_with_title_commit_date_and_counts(built):
    markup = built[1].read_text(encoding="utf-8")
    opening = markup[markup.index("<body>") : markup.index('<nav id="contents">')]
    assert "<h1>JWT authentication API: the specification</h1>" in opening
    assert "Commit " in opening and " UTC" in opening
    assert "2 features: 1 passed, 1 failed" in opening
    assert "4 scenarios: 3 passed, 1 failed" in opening
    assert "1 of 4 scenarios failed" in opening


def test_failures_come_first_and_names_are_escaped(built):
    markup = built[1].read_text(encoding="utf-8")
    assert markup.index("Logging &lt;in&gt;") < markup.index("Time passes")
    assert markup.index("A wrong password is refused") < markup.index("A member logs in")
    assert "<in>" not in markup


@pytest.mark.parametrize(
    "original, broken, complaint",
    [
        ("<li>@needs-clock</li></ul><ul", "</ul><ul", "Time passes: the page differs"),
        (
            "<li>@needs-clock</li></ul><p>",
            "</ul><p>",
            "Time passes: the page shows the feature's tags ()",
        ),
        ('class="scenario failed"', 'class="scenario passed"', "the page differs"),
        ("✗ failed</span>", "failed</span>", "the page differs"),
        ("Commit <code>", "<code>", "does not name the commit"),
        (" UTC</p>", "</p>", "gives no date"),
        (
            "4 scenarios: 3 passed",
            "4 scenarios: 4 passed",
            "does not say '4 scenarios: 3 passed, 1 failed'",
        ),
        (
            '<td class="failed">1</td>',
            '<td class="failed">0</td>',
            "the contents count 'Logging <in>'",
        ),
        ('<div id="failures">', '<div id="other">', "the summary links 0 failed scenarios"),
        ("<style>", '<script src="https://cdn.example/x.js"></script><style>', "from the network"),
        ("body{", "@import url(//cdn.example/x.css);body{", "from the network"),
    ],
)
def test_the_check_notices_a_page_that_misleads(built, original, broken, complaint):
    markup = built[1].read_text(encoding="utf-8")
    assert original in markup
    result = check(*built, markup.replace(original, broken, 1))
    assert result.returncode == 1
    assert complaint in result.stdout


def test_the_check_notices_failures_that_do_not_come_first(built, monkeypatch):
    generator = load("spec_report")
    keep_order = generator.prepare

    def unsorted(features):
        for feature in keep_order(features):
            feature["elements"].sort(key=lambda scenario: scenario["anchor"])
        return sorted(features, key=lambda feature: feature["uri"])

    monkeypatch.setattr(generator, "prepare", unsorted)
    result = check(
        *built,
        generator.page(json.loads(json.dumps(RUN)), "<code>0</code>", "2026-01-01 00:00 UTC"),
    )
    assert "a passing feature comes before a failed one" in result.stdout
    assert "Logging <in>: a passing scenario comes before a failed one" in result.stdout
