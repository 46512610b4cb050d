"""The docs name what the code declares: every URL parameter the page reads, every `landscape`
command and option, every performance budget (datasette's docs test, applied to this project).

Each list is taken from the code itself, never copied here: the parameters by running the URL
parser on a mapping that records what it asks for, the commands by walking the argparse parser,
the budgets from `BUDGETS` in benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from landscape import viewstate
from landscape.catalog import load_catalog
from landscape.cli import parser
from landscape.paths import BUNDLED_DATA, REPO

DOCS = REPO / "docs"
README = REPO / "README.md"
RUN_PY = REPO / "benchmarks" / "run.py"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The text under the `## heading` line, up to the next heading of level 2 or 1."""
    lines = text.split("\n")
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if re.match(r"#{1,2} ", lines[i])), len(lines))
    return "\n".join(lines[start:end])


# --- URL parameters ---------------------------------------------------------------------------


class Recorder(Mapping[str, list[str]]):
    """An empty query string that remembers every parameter asked of it."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> list[str]:
        self.asked.add(key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return False

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def read_parameters() -> set[str]:
    """Every query parameter `viewstate.parse` reads (the page's only reader of the URL)."""
    recorder = Recorder()
    viewstate.parse(recorder, load_catalog(BUNDLED_DATA))
    return recorder.asked


def documented_parameters(page: str) -> set[str]:
    """The parameters with a row in the URL parameters table of docs/presenting.md."""
    rows = section(page, "## URL parameters").split("\n")
    return {m.group(1) for row in rows if (m := re.match(r"\| `([a-z0-9_]+)` \|", row))}


def test_the_recorder_sees_what_the_parser_reads():
    asked = read_parameters()
    assert {"lang", "mode", "species"} <= asked  # else the recorder no longer sees the reads


def test_every_url_parameter_is_documented():
    wanted = read_parameters() | set(viewstate.URL_PARAMS)
    missing = wanted - documented_parameters(_read(DOCS / "presenting.md"))
    assert not missing, f"URL parameters missing from docs/presenting.md: {sorted(missing)}"


def test_no_documented_url_parameter_is_unknown_to_the_parser():
    stale = documented_parameters(_read(DOCS / "presenting.md")) - read_parameters()
    assert not stale, f"docs/presenting.md documents parameters nobody reads: {sorted(stale)}"


# --- the command line -------------------------------------------------------------------------


def commands(
    command: argparse.ArgumentParser, path: tuple[str, ...] = ("landscape",)
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every leaf command of the parser, as `landscape import smart`, with its parser."""
    subs = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield " ".join(path), command
        return
    for name, sub in subs[0].choices.items():
        yield from commands(sub, (*path, name))


COMMANDS = list(commands(parser()))


def positional_name(action: argparse.Action) -> str:
    if action.metavar:
        return str(action.metavar)
    if action.choices:
        return "|".join(str(c) for c in action.choices)
    return action.dest.upper()


def test_the_parser_has_commands():
    names = [name for name, _ in COMMANDS]
    assert "landscape validate" in names and "landscape import smart" in names


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_and_option_is_on_the_command_line_page(name, command):
    page = _read(DOCS / "command-line.md")
    heading = f"## `{name}`"
    assert heading in page.split("\n"), f"docs/command-line.md has no section {heading}"
    text = section(page, heading)
    synopsis = next((line for line in text.split("\n") if line.startswith(f"    {name}")), "")
    assert synopsis, f"{heading}: no synopsis line `    {name} ...`"
    for action in command._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            shown = positional_name(action)
            assert shown in synopsis, f"{name}: argument {shown} missing from its synopsis"
            continue
        for option in action.option_strings:
            assert re.search(rf"{re.escape(option)}\b", synopsis), (
                f"{name}: {option} not in synopsis"
            )
            row = rf"^\| `{re.escape(option)}[ `]"
            assert re.search(row, text, re.M), f"{name}: {option} has no row in its table"


def test_the_command_line_page_documents_no_command_that_is_gone():
    page = _read(DOCS / "command-line.md")
    documented = set(re.findall(r"^## `(landscape [a-z -]+)`$", page, re.M))
    assert documented - {name for name, _ in COMMANDS} == set()


def test_the_readme_is_short_and_its_command_table_has_every_command():
    readme = _read(README)
    assert len(readme.split("\n")) <= 151, "README.md over 150 lines: move text into docs/"
    table = section(readme, "## Command table")
    for name, _ in COMMANDS:
        assert f"| `{name}` |" in table, f"{name} has no line in the README's command table"


# --- performance budgets ----------------------------------------------------------------------


def declared(name: str) -> object:
    """The literal value assigned to `name` at the top of benchmarks/run.py."""
    for node in ast.parse(_read(RUN_PY)).body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == name and node.value is not None:
            return ast.literal_eval(node.value)
    raise AssertionError(f"benchmarks/run.py no longer declares {name}")


BUDGETS = declared("BUDGETS")
REGRESSION = declared("REGRESSION")


def test_the_budgets_are_read():
    keys = [key for _, key, _, _ in BUDGETS]
    assert "rerun_new_s" in keys and "sessions_rerun_p95_s" in keys


@pytest.mark.parametrize("budget", BUDGETS, ids=[b[1] for b in BUDGETS])
def test_every_budget_is_on_the_performance_page(budget):
    _, key, limit, _ = budget
    table = section(_read(DOCS / "performance.md"), "## The budgets")
    rows = [line for line in table.split("\n") if line.startswith("|") and f"`{key}`" in line]
    assert rows, f"budget {key} missing from docs/performance.md"
    assert re.search(rf"(?<![\d.]){re.escape(f'{limit:g}')}(?![\d.])", rows[0]), (
        f"budget {key}: its limit {limit:g} is not in its row: {rows[0]}"
    )


@pytest.mark.parametrize("key", sorted(REGRESSION))
def test_every_regression_margin_is_on_the_performance_page(key):
    text = section(_read(DOCS / "performance.md"), "## What CI checks")
    clauses = [c for c in re.split(r"[;:]\s", text) if f"`{key}`" in c]
    assert clauses, f"regression check {key} missing from docs/performance.md"
    assert f"{REGRESSION[key]:g}×" in clauses[0], f"{key}: margin {REGRESSION[key]:g}× not stated"


# --- links between the pages ------------------------------------------------------------------


def slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


PAGES = [
    README,
    REPO / "CHANGELOG.md",
    REPO / "benchmarks" / "README.md",
    BUNDLED_DATA / "README.md",
    *sorted(DOCS.glob("*.md")),
]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(REPO).as_posix() for p in PAGES])
def test_every_link_between_the_pages_resolves(page):
    text, name = _read(page), page.relative_to(REPO).as_posix()
    for target, anchor in re.findall(r"\]\(([^)#:\s]*)(?:#([^)\s]+))?\)", text):
        path = (page.parent / target).resolve() if target else page
        assert path.exists(), f"{name}: link to missing {target}"
        if anchor and path.suffix == ".md":
            headings = re.findall(r"^#{1,6} (.+)$", _read(path), re.M)
            assert anchor in {slug(h) for h in headings}, f"{name}: no #{anchor} in {target}"
