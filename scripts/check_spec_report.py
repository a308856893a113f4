"""Check that the specification page tells a stakeholder the truth about the run, and needs no network.

Usage: python scripts/check_spec_report.py reports/cucumber.json reports/spec.html

The page must open with the title, the commit and the date, count features and scenarios passed
and failed, list every feature in its contents with that feature's counts, put failed features
and scenarios first and mark them, and show every scenario with its tags and its steps' results.
Everything is read back from the page's markup and compared with the cucumber JSON of the run.
"""

import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from json import load
from pathlib import Path

STATUSES = ("passed", "failed", "skipped")
MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}
VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr"}
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def words_of(text: str) -> str:
    """Text as a browser shows it: runs of white space are one space."""
    return " ".join(text.split())


class Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []

    def text(self, skip: str = "") -> str:
        """The words a reader sees, leaving out the elements named `skip` (an error's <pre>)."""
        shown = [c for c in self.children if not (skip and getattr(c, "tag", None) == skip)]
        return words_of("".join(c if isinstance(c, str) else f" {c.text(skip)} " for c in shown))

    def find(self, tag: str, cls: str = "") -> list:
        """Descendants with this tag (and class), in document order."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag and cls in child.attrs.get("class", "").split() + [""]:
                    found.append(child)
                found.extend(child.find(tag, cls))
        return found


class Page(HTMLParser):
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.remote = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.remote += [
            v for k, v in node.attrs.items() if k in ("src", "href", "action") and REMOTE.match(v)
        ]
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.stack[-1].children.append(data)
        self.remote += re.findall(r"(?:@import|url\()\s*['\"]?(?:[a-z]+:)?//[^'\")\s]+", data, re.I)


def status_of(statuses) -> str:
    statuses = set(statuses)
    return next(
        (s for s in ("failed", "skipped") if s in statuses), "passed" if statuses else "skipped"
    )


def expected(features: list) -> dict:
    """What the page must show for each feature, by name: its scenarios as (status, title, tags, steps)."""
    pages = {}
    for feature in features:
        scenarios = []
        for scenario in feature["elements"]:
            steps = tuple(
                (s["result"]["status"], words_of(f"{s['keyword']} {s['name']}"))
                for s in scenario["steps"]
            )
            example = scenario["id"].partition("[")[2].removesuffix("]")
            title = words_of(
                f"{scenario['keyword']}: {scenario['name']}" + (f" ({example})" if example else "")
            )
            tags = tuple(f"@{tag['name']}" for tag in scenario["tags"])
            scenarios.append((status_of(s for s, _ in steps), title, tags, steps))
        pages[feature["name"]] = scenarios
    return pages


def shown(section: Node) -> list:
    scenarios = []
    for article in section.find("article", "scenario"):
        status = next((s for s in STATUSES if s in article.attrs.get("class", "").split()), "?")
        heading = article.find("h3")[0].text()
        mark, _, title = heading.partition(" ")
        title = (
            title.removeprefix(status).strip()
            if mark == MARKS.get(status)
            else f"unmarked: {heading}"
        )
        tags = own_tags(article)
        steps = tuple(
            (step.attrs["class"].split()[-1], step.text(skip="pre"))
            for step in article.find("li", "step")
        )
        scenarios.append((status, title, tags, steps))
    return scenarios


def tally(items: list, noun: str) -> str:
    counts = Counter(items)
    return f"{len(items)} {noun}: " + ", ".join(
        f"{counts[s]} {s}" for s in STATUSES if counts[s] or s != "skipped"
    )


def head_commit() -> str | None:
    root = Path(__file__).resolve().parent.parent
    try:
        git = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
        return git.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def check_opening(page: Page, want: dict) -> list:
    problems = []
    summary = next((n for n in page.root.find("header") if n.attrs.get("id") == "summary"), None)
    if (
        summary is None
        or not summary.find("h1")
        or page.root.find("h1")[0] is not summary.find("h1")[0]
    ):
        return ["the page does not open with a summary under its title (header#summary h1)"]
    title = page.root.find("title")
    if not title or title[0].text() != summary.find("h1")[0].text():
        problems.append("the page's <title> is not its h1 title")
    text = summary.text()
    commit = re.search(r"Commit ([0-9a-f]{7,40})", text)
    head = head_commit()
    if not (commit and (head is None or head.startswith(commit[1]))):
        problems.append(f"the summary does not name the commit {head or '(any)'}")
    if not re.search(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\b", text):
        problems.append("the summary gives no date and time of the run (YYYY-MM-DD HH:MM UTC)")
    features = [status_of(s for s, *_ in scenarios) for scenarios in want.values()]
    scenarios = [s for scenarios in want.values() for s, *_ in scenarios]
    for sentence in (tally(features, "features"), tally(scenarios, "scenarios")):
        if sentence not in text:
            problems.append(f"the summary does not say {sentence!r}")
    failures = [div for div in summary.find("div") if div.attrs.get("id") == "failures"]
    links = [a.attrs.get("href") for div in failures for a in div.find("a")]
    if len(links) != scenarios.count("failed"):
        problems.append(
            f"the summary links {len(links)} failed scenarios, the run had {scenarios.count('failed')}"
        )
    return problems


def check_contents(page: Page, want: dict, sections: list) -> list:
    nav = next((n for n in page.root.find("nav") if n.attrs.get("id") == "contents"), None)
    rows = [row for row in nav.find("tr") if row.find("a")] if nav else []
    listed = [(row.find("a")[0].text(), row.find("a")[0].attrs.get("href", "")) for row in rows]
    on_page = [
        (section.find("span", "name")[0].text(), "#" + section.attrs.get("id", ""))
        for section in sections
    ]
    problems = [] if listed == on_page else [f"the contents list {listed}, the page has {on_page}"]
    for row, (name, _) in zip(rows, listed, strict=False):
        counts = Counter(status for status, *_ in want.get(name, []))
        numbers = [cell.text() for cell in row.find("td")[1:]]
        if numbers != [str(len(want.get(name, [])))] + [str(counts[s]) for s in STATUSES]:
            problems.append(f"the contents count {name!r} as {numbers}")
    return problems


def own_tags(node: Node) -> tuple:
    """The tags shown for this feature or scenario itself, not those of what it contains."""
    lists = [
        c
        for c in node.children
        if isinstance(c, Node) and c.tag == "ul" and "tags" in c.attrs.get("class", "")
    ]
    return tuple(tag.text() for list_ in lists for tag in list_.find("li"))


def check_body(want: dict, sections: list, feature_tags: dict) -> list:
    problems = []
    names = [section.find("span", "name")[0].text() for section in sections]
    problems += [
        f"{name}: the page shows the feature's tags {own_tags(section)}, the run had {feature_tags.get(name)}"
        for name, section in zip(names, sections, strict=False)
        if own_tags(section) != feature_tags.get(name)
    ]
    if sorted(names) != sorted(want):
        problems.append(f"the page shows the features {sorted(names)}, the run had {sorted(want)}")
    order = [status_of(s for s, *_ in want.get(name, [])) == "failed" for name in names]
    if order != sorted(order, reverse=True):
        problems.append("a passing feature comes before a failed one")
    for name, section in zip(names, sections, strict=False):
        scenarios = shown(section)
        if Counter(scenarios) != Counter(want.get(name, [])):
            missing = Counter(want.get(name, [])) - Counter(scenarios)
            problems.append(
                f"{name}: the page differs from the run, e.g. {next(iter(missing or scenarios), None)}"
            )
        failed = [status == "failed" for status, *_ in scenarios]
        if failed != sorted(failed, reverse=True):
            problems.append(f"{name}: a passing scenario comes before a failed one")
    return problems


def main(json_path: str, html_path: str) -> int:
    with open(json_path, encoding="utf-8") as source:
        features = load(source)
    want = expected(features)
    feature_tags = {
        feature["name"]: tuple(f"@{tag['name']}" for tag in feature["tags"]) for feature in features
    }
    page = Page(Path(html_path).read_text(encoding="utf-8"))
    sections = page.root.find("section", "feature")
    problems = check_opening(page, want) + check_contents(page, want, sections)
    problems += check_body(want, sections, feature_tags)
    problems += [
        f"the page loads something from the network: {reference}" for reference in page.remote
    ]
    scenarios = sum(len(scenarios) for scenarios in want.values())
    print(f"{html_path}: {len(want)} features, {scenarios} scenarios")
    for problem in problems or ([] if scenarios else ["the run has no scenarios"]):
        print(problem)
    return 1 if problems or not scenarios else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
