"""Check that the specification page shows every scenario and step of the run, and needs no network.

Usage: python scripts/check_spec_report.py reports/cucumber.json reports/spec.html
"""

import html
import json
import re
import sys
from collections import Counter


def main(json_path: str, html_path: str) -> int:
    with open(json_path, encoding="utf-8") as source:
        features = json.load(source)
    with open(html_path, encoding="utf-8") as page:
        markup = page.read()
    text = html.unescape(markup)
    missing = [
        f"{feature['name']} / {scenario['name']}"
        for feature in features
        for scenario in feature.get("elements", [])
        if scenario["name"] not in text or feature["name"] not in text
    ]
    remote = re.findall(r'(?:src|href)\s*=\s*["\'](?:https?:)?//[^"\']+', text)
    scenarios = sum(len(feature.get("elements", [])) for feature in features)
    steps = [step for feature in features for scenario in feature.get("elements", []) for step in scenario["steps"]]
    failed = sum(step["result"]["status"] == "failed" for step in steps)
    # The pinned theme marks each step `<span class="text STATUS">`: every step, with its status.
    shown = Counter(re.findall(r'class="text (\w+)"', markup))
    wrong = shown != Counter(step["result"]["status"] for step in steps)
    print(f"{html_path}: {len(features)} features, {scenarios} scenarios, {len(steps)} steps ({failed} failed)")
    for name in missing:
        print(f"missing from the page: {name}")
    if wrong:
        print(f"the page shows steps {dict(shown)}, the run had {dict(Counter(s['result']['status'] for s in steps))}")
    for reference in remote:
        print(f"the page loads something from the network: {reference}")
    return 1 if missing or remote or wrong or not scenarios else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
