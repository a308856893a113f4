"""The documentation's relative links lead somewhere: to a file that exists, and to a heading in it.

GitHub gives each heading an anchor (its slug); a link to `page.md#anchor` or `#anchor` must name
one. Links with a scheme (https:, mailto:) are not followed: that would need the network.
"""

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
# The README is the front door: what this is, how to run it, a map, and links. The rest is in docs/.
README_MAX_LINES = 200

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+).+?\1")
INLINE_LINK = re.compile(r"\]\(\s*<?([^()\s<>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
HTML_ANCHOR = re.compile(r"<a\s[^>]*\b(?:id|name)=\"([^\"]+)\"")
SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def prose(text: str):
    """The lines outside fenced code blocks: only there do links and headings mean anything."""
    fence = ""
    for line in text.splitlines():
        marker = FENCE.match(line)
        if marker and not fence:
            fence = marker[1]
        elif marker and marker[1].startswith(fence):
            fence = ""
        elif not fence:
            yield line


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text a reader sees, lower case, punctuation dropped, spaces as -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found, seen = set(), {}
    for line in prose(page.read_text(encoding="utf-8")):
        found.update(HTML_ANCHOR.findall(line))
        if heading := HEADING.match(line):
            name = slug(heading[1])
            # A repeated heading gets -1, -2, ... after its slug, in order.
            found.add(f"{name}-{seen[name]}" if name in seen else name)
            seen[name] = seen.get(name, 0) + 1
    return found


def links(page: Path) -> list[str]:
    targets = []
    for line in prose(page.read_text(encoding="utf-8")):
        line = CODE_SPAN.sub("", line)
        targets += INLINE_LINK.findall(line) + REFERENCE.findall(line)
    return targets


def broken_links(page: Path) -> list[str]:
    problems = []
    for target in links(page):
        if SCHEME.match(target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / unquote(path)).resolve() if path else page
        if not linked.exists():
            problems.append(f"{target}: there is no {os.path.relpath(linked, page.parent)}")
        elif anchor and linked.suffix == ".md" and unquote(anchor) not in anchors(linked):
            problems.append(f"{target}: {linked.name} has no heading with the anchor #{anchor}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    assert broken_links(page) == []


def test_the_readme_stays_a_front_door():
    lines = len((ROOT / "README.md").read_text(encoding="utf-8").splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move the details into docs/"


@pytest.mark.parametrize(
    "heading, anchor",
    [
        ("Rules that matter to clients", "rules-that-matter-to-clients"),
        ("12. Docker instead", "12-docker-instead"),
        ("`make run` and `make test`", "make-run-and-make-test"),
        ("What's new? [See here](other.md)", "whats-new-see-here"),
        ("purge_sessions, A -- B", "purge_sessions-a----b"),
        ("Ünïcode Wörter", "ünïcode-wörter"),
    ],
)
def test_anchors_follow_githubs_rules(heading, anchor):
    assert slug(heading) == anchor


def test_a_link_to_a_missing_file_or_heading_is_found(tmp_path):
    (tmp_path / "other.md").write_text(
        "# Other\n\n## Twice\n\n## Twice\n\n```sh\n# not a heading\n```\n"
    )
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[fine](other.md#twice-1) [fine](#page) [web](https://example.com/x#y) `[code](gone.md)`\n"
        "[gone](gone.md) [no anchor](other.md#twice-2) [in a fence](other.md#not-a-heading)\n"
        "[ref]: missing/dir/\n\n"
        "```md\n[inside a fence](gone-too.md)\n```\n"
    )
    assert broken_links(page) == [
        "gone.md: there is no gone.md",
        "other.md#twice-2: other.md has no heading with the anchor #twice-2",
        "other.md#not-a-heading: other.md has no heading with the anchor #not-a-heading",
        "missing/dir/: there is no missing/dir",
    ]


def test_the_testing_guide_names_every_feature_file_and_step_module():
    guide = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    features = [f"`features/{path.name}`" for path in (ROOT / "features").glob("*.feature")]
    helpers = [
        f"`{path.name}`"
        for path in (ROOT / "features" / "steps").glob("*.py")
        if not path.name.startswith(("test_", "__"))
    ]
    assert [name for name in features + helpers if name not in guide] == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_migration_the_docs_name_exists(page):
    migrations = {path.stem for path in ROOT.glob("*/migrations/0*.py")}
    named = set(re.findall(r"\b\d{4}_\w+", page.read_text(encoding="utf-8")))
    assert named <= migrations


# `python manage.py` outside the virtual environment fails with a traceback: Django is not there.
BARE_MANAGE = re.compile(r"(?<![\w/.-])python3? manage\.py")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_management_commands_are_shown_with_a_python_that_has_django(page):
    lines = page.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if BARE_MANAGE.search(line) and "docker" not in line] == []
