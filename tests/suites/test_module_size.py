"""Modules a newcomer can read: no file over 400 lines, no function over 50 (issue 20).

Checked for the modules split so far; add a module here once it meets the limits.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 50
SPLIT = [
    "landscape.handout",
    "landscape.mett",
    "landscape.wildlife.dwc",
    "landscape.wildlife.camtrap",
    "landscape.wildlife.smart",
    "landscape.importers.gbif",
    "landscape.importers.wildlife",
    "landscape.wildlife.formats",
    "landscape.problems",
    "landscape.cli",
    "landscape.cli_common",
    "landscape.cli_fetch",
    "landscape.cli_output",
    "landscape.wildlife.grid",
    "landscape.wildlife.synthetic",
    "landscape.wildlife.synthetic_patrols",
    "landscape.display",
    "landscape.viewstate",
    "landscape.ui.page",
    "landscape.ui.map",
    "landscape.ui.map_component",
    "landscape.ui.wildlife",
    "landscape.ui.wildlife_filters",
    "landscape.mapview",
    "landscape.maptext",
    "landscape.catalog",
    "landscape.schema",
    "landscape.validate",
    "landscape.settings",
    "landscape.ui.theme",
    "landscape.summary",
    "landscape.tilesets",
    "landscape.reads",
    "landscape.ui.cache",
    "landscape.ui.tables",
    "landscape.ui.charts",
    "landscape.ui.state",
]


def _files(module: str) -> list[Path]:
    """The module's file, or every file of the package."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    origin = Path(spec.origin)
    return sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]


def _long_functions(path: Path) -> list[str]:
    """'file:line name (n lines)' of each function longer than the limit, decorators included."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > MAX_FUNCTION_LINES:
                out.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    return out


@pytest.mark.parametrize("module", SPLIT)
def test_no_file_over_400_lines_and_no_function_over_50(module: str):
    files = _files(module)
    assert files
    too_long = [
        f"{p.name} ({n} lines)"
        for p in files
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert too_long == [], too_long
    assert [f for p in files for f in _long_functions(p)] == []
