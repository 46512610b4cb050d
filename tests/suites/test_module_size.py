"""Modules a newcomer can read (issue 20): no file over 400 lines and no function over 50
(decorators included), anywhere in src/landscape/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import landscape

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 50
SRC = Path(landscape.__file__).parent
FILES = sorted(SRC.rglob("*.py"))


def _long_functions(text: str, name: str) -> list[str]:
    """'file:line name (n lines)' of each function longer than the limit, decorators included."""
    out = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - start + 1
            if length > MAX_FUNCTION_LINES:
                out.append(f"{name}:{node.lineno} {node.name} ({length} lines)")
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_file_over_400_lines_and_no_function_over_50(path: Path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_FILE_LINES, f"{path.name}: {len(text.splitlines())} lines"
    assert _long_functions(text, path.name) == []


def test_every_package_is_measured():
    folders = {p.parent for p in FILES}
    assert {SRC, SRC / "ui", SRC / "mapview", SRC / "wildlife" / "dwc"} <= folders
    assert len(FILES) > 100


def test_the_measure_counts_decorators_and_nested_functions():
    body = "\n".join(f"    x = {i}" for i in range(46))
    text = f"@a\n@b\ndef f():\n{body}\n    def g():\n        pass\n"
    assert _long_functions(text, "t.py") == ["t.py:3 f (51 lines)"]
    assert _long_functions(text.replace("@a\n", ""), "t.py") == []
