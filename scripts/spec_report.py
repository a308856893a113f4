"""Turn the feature run's cucumber JSON (pytest-bdd --cucumberjson) into one page a stakeholder can read.

Usage: python scripts/spec_report.py reports/cucumber.json reports/spec.html

The page opens with the title, the commit and date of the run, how many features and scenarios
passed or failed, and a table of contents by feature. Failed features and scenarios come first,
marked with a red cross; tags are shown. Styles are inline and there is no script, so the page
loads nothing from the network. scripts/check_spec_report.py checks all of this.
"""

import datetime
import html
import json
import subprocess
import sys
from pathlib import Path

TITLE = "JWT authentication API: the specification"
MARKS = {"passed": "✓ passed", "failed": "✗ failed", "skipped": "– skipped"}
STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:62rem;padding:1rem 1.5rem;color:#222}
h1{margin:.2rem 0}h2{margin:2rem 0 .3rem}h3{font-size:1rem;margin:0 0 .3rem}.meta,.where{color:#555}
.verdict{font-size:1.15rem;font-weight:600;padding:.5rem .8rem;border-radius:4px}
.verdict.passed{background:#e6f4ea;color:#1e6b34}.verdict.failed{background:#fde7e7;color:#a11}
table{border-collapse:collapse}td,th{padding:.2rem .7rem;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}tr.failed td{background:#fde7e7}
.mark{font-weight:600;white-space:nowrap}.failed .mark,tr.failed td.failed{color:#b00;font-weight:600}
.passed .mark{color:#1e6b34}.skipped .mark{color:#777}
.scenario{border-left:5px solid #4caf50;padding:.4rem .8rem;margin:.6rem 0;background:#fafafa}
.scenario.failed{border-color:#d32f2f;background:#fff4f4}.scenario.skipped{border-color:#aaa}
.tags{list-style:none;padding:0;margin:.2rem 0}
.tags li{display:inline-block;background:#e8eaf6;color:#283593;border-radius:3px;padding:0 .4rem;margin-right:.3rem;
font-size:.85rem}
.steps{margin:.2rem 0;padding-left:.6rem;list-style:none}.step.failed{color:#b00;font-weight:600}
.step.skipped{color:#777}.keyword{font-weight:600;color:#555}
pre{white-space:pre-wrap;max-height:20rem;overflow:auto;background:#fff;border:1px solid #e0b4b4;padding:.5rem;
font-size:.8rem;color:#222;font-weight:400}
"""


def status_of(statuses) -> str:
    statuses = set(statuses)
    return next(
        (s for s in ("failed", "skipped") if s in statuses), "passed" if statuses else "skipped"
    )


def prepare(features: list) -> list:
    """Each feature and scenario with its status and anchor, failed ones first (sort is stable)."""
    for feature in features:
        feature["anchor"] = "feature-" + Path(feature["uri"]).stem
        for number, scenario in enumerate(feature["elements"], 1):
            scenario["status"] = status_of(step["result"]["status"] for step in scenario["steps"])
            scenario["anchor"] = f"{feature['anchor']}-{number}"
        feature["elements"].sort(key=lambda scenario: scenario["status"] != "failed")
        feature["status"] = status_of(scenario["status"] for scenario in feature["elements"])
    return sorted(features, key=lambda feature: feature["status"] != "failed")


def count(items: list) -> dict:
    return {status: sum(item["status"] == status for item in items) for status in MARKS}


def tally(items: list, noun: str) -> str:
    counts = count(items)
    parts = [
        f"{counts[status]} {status}" for status in MARKS if counts[status] or status != "skipped"
    ]
    return f"{len(items)} {noun}: " + ", ".join(parts)


def commit_of(root: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
        ).stdout

    try:
        commit = git("rev-parse", "HEAD").strip()
        changed = git("status", "--porcelain", "--untracked-files=no").strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"<code>{commit[:12]}</code>" + (" with uncommitted changes" if changed else "")


def header(features: list, commit: str, date: str) -> str:
    scenarios = [scenario for feature in features for scenario in feature["elements"]]
    failed = count(scenarios)["failed"]
    verdict = (
        f"{failed} of {len(scenarios)} scenarios failed"
        if failed
        else f"All {len(scenarios)} scenarios passed"
    )
    return (
        f'<header id="summary"><h1>{TITLE}</h1>'
        f'<p class="meta">Commit {commit} · run on {date}</p>'
        f'<p class="verdict {"failed" if failed else "passed"}">{verdict}</p>'
        f'<p class="counts">{tally(features, "features")}. {tally(scenarios, "scenarios")}.</p>'
        "<p>Each scenario is a rule of the API, run against the code of this commit. "
        f"Failed features and scenarios come first.</p>{failures(features)}</header>"
    )


def failures(features: list) -> str:
    links = "".join(
        f'<li><a href="#{scenario["anchor"]}">{html.escape(feature["name"])}: {title(scenario)}</a></li>'
        for feature in features
        for scenario in feature["elements"]
        if scenario["status"] == "failed"
    )
    return f'<div id="failures"><h2>Failed scenarios</h2><ul>{links}</ul></div>' if links else ""


def contents(features: list) -> str:
    rows = "".join(
        f'<tr class="{feature["status"]}"><td><span class="mark">{MARKS[feature["status"]][0]}</span> '
        f'<a href="#{feature["anchor"]}">{html.escape(feature["name"])}</a></td>'
        f"<td>{len(feature['elements'])}</td>"
        + "".join(f'<td class="{s}">{n}</td>' for s, n in count(feature["elements"]).items())
        + "</tr>"
        for feature in features
    )
    head = (
        "<tr><th>Feature</th><th>Scenarios</th>" + "".join(f"<th>{s}</th>" for s in MARKS) + "</tr>"
    )
    return f'<nav id="contents"><h2>Contents</h2><table>{head}{rows}</table></nav>'


def tags(item: dict) -> str:
    names = "".join(f"<li>@{html.escape(tag['name'])}</li>" for tag in item["tags"])
    return f'<ul class="tags">{names}</ul>' if names else ""


def step(step: dict) -> str:
    result = step["result"]
    error = (
        f"<pre>{html.escape(result['error_message'])}</pre>" if result.get("error_message") else ""
    )
    return (
        f'<li class="step {result["status"]}"><span class="keyword">{html.escape(step["keyword"])}</span> '
        f"{html.escape(step['name'])}{error}</li>"
    )


def title(scenario: dict) -> str:
    """The scenario's name, and for a row of a Scenario Outline the row's values (from its test id)."""
    example = scenario["id"].partition("[")[2].removesuffix("]")
    example = f' <span class="example">({html.escape(example)})</span>' if example else ""
    return f'<span class="name">{html.escape(scenario["name"])}</span>{example}'


def scenario(scenario: dict) -> str:
    return (
        f'<article class="scenario {scenario["status"]}" id="{scenario["anchor"]}">'
        f'<h3><span class="mark">{MARKS[scenario["status"]]}</span> '
        f"{html.escape(scenario['keyword'])}: {title(scenario)}</h3>"
        f'{tags(scenario)}<ul class="steps">{"".join(step(s) for s in scenario["steps"])}</ul></article>'
    )


def feature(feature: dict) -> str:
    return (
        f'<section class="feature {feature["status"]}" id="{feature["anchor"]}">'
        f'<h2><span class="mark">{MARKS[feature["status"]][0]}</span> '
        f'{html.escape(feature["keyword"])}: <span class="name">{html.escape(feature["name"])}</span></h2>'
        f'<p class="where">{html.escape(feature["uri"])} · {tally(feature["elements"], "scenarios")}</p>'
        f"{tags(feature)}<p>{html.escape(feature['description'])}</p>"
        f"{''.join(scenario(s) for s in feature['elements'])}</section>"
    )


def page(features: list, commit: str, date: str) -> str:
    features = prepare(features)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
        f"<body>{header(features, commit, date)}{contents(features)}"
        f"<main>{''.join(feature(f) for f in features)}</main></body></html>\n"
    )


def main(json_path: str, html_path: str) -> int:
    source = Path(json_path)
    features = json.loads(source.read_text(encoding="utf-8"))
    # The run's date is when pytest wrote its results, so a page built again later keeps it.
    date = datetime.datetime.fromtimestamp(source.stat().st_mtime, datetime.UTC).strftime(
        "%Y-%m-%d %H:%M UTC"
    )
    commit = commit_of(Path(__file__).resolve().parent.parent)
    Path(html_path).write_text(page(features, commit, date), encoding="utf-8")
    print(f"wrote {html_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
