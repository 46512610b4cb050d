"""Settings files, whose TOML keeps its types: styles.toml and a dataset's dataset.toml,
checked against their declaration in schema.py (`STYLES`, `DATASET`) with validate.clean_value.

A problem names the file, the key, the value and the fix, as every validator's does. A value
of styles.toml that cannot be used is left out (with an error), so that the map and the page
draw the bundled file's instead (mapview/palette.py); the rest of the file is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from landscape.mapview.palette import bundled
from landscape.problems import Problem, quote
from landscape.readers import read_toml
from landscape.schema import STYLES, Table
from landscape.validate import Invalid, clean_value

STYLES_THEN = "the bundled styles.toml's value is used until it is corrected"

_TOML_TYPE = {"bool": "boolean", "int": "number", "float": "number", "colors": "list"}
# What a value of the wrong TOML type should be: by kind, else by TOML type.
_TAKES = {
    "color": "a colour in double quotes",
    "colors": "a list of colours in double quotes",
    "boolean": "true or false without quotes",
    "number": "a number without quotes",
    "list": "a list in square brackets",
    "text": "text in double quotes",
}
# The example of a fix when the bundled file has none: by kind, else by TOML type.
_LIKE = {"color": '"#rrggbb"', "boolean": "false", "number": "1", "list": "[...]", "text": '"..."'}


def toml_type(value: object) -> str:
    """What TOML calls the type of a parsed value, as messages name it."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return "date or time"


def toml_text(value: Any) -> str:
    """A value as TOML writes it, for a message's example."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    return str(value)


def check_settings(
    table: Table, values: dict[str, Any], shown: str, then: str, at: str = "", defaults: Any = None
) -> tuple[dict[str, Any], list[Problem]]:
    """The declared values of one table of a settings file: the usable ones, in their types,
    and an error for each other naming its key, the value and the fix (an example: the
    `defaults` table's value, else one of the kind). `at`: the table's dotted path, as keys are
    named (`control` gives `control.focus`); `then`: what happens until it is corrected."""
    declared = {f.name: f for f in table.fields}
    defaults = defaults if isinstance(defaults, dict) else {}
    kept: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in values.items():
        field = declared.get(name)
        if field is None:
            continue
        wanted = _TOML_TYPE.get(field.kind, "text")
        if toml_type(value) != wanted:
            found = f"is a {toml_type(value)}"
            expected = _TAKES.get(field.kind, _TAKES[wanted])
        else:
            try:
                kept[name] = clean_value(field, value)
                continue
            except Invalid as bad:
                found, expected = "is not usable", str(bad)
        key = f"{at}.{name}" if at else name
        like = (
            toml_text(defaults[name]) if name in defaults else _LIKE.get(field.kind, _LIKE[wanted])
        )
        where = f"[{at}] " if at else ""
        message = f"field '{key}': value {quote(value)} {found}; expected {expected}, like "
        problems.append(Problem(shown, key, "error", f"{message}{where}{name} = {like}; {then}"))
    return {k: v for k, v in kept.items() if v is not None}, problems


def unknown_keys(
    values: dict[str, Any], table: Table, shown: str, at: str = "", hint: bool = False
) -> list[Problem]:
    """A warning for each key of a settings file's table that its schema does not declare;
    with `hint`, naming the keys it does."""
    known = [f.name for f in table.fields]
    tail = f" (the keys of [{at}]: {', '.join(known)})" if hint else ""
    return [
        Problem(
            shown, f"{at}.{key}" if at else key, "warning", f"unknown field; it is ignored{tail}"
        )
        for key in values
        if key not in known
    ]


def read_styles(data_dir: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The data directory's styles.toml, its usable part; a missing file gives the defaults."""
    path = data_dir / STYLES.file
    if not path.exists():
        return {}, [Problem(STYLES.file, "", "warning", "file is missing; defaults are used")]
    doc, problems = read_toml(path, STYLES.file)
    if doc is None:
        return {}, problems
    styles, found = check_styles(doc)
    return styles, problems + found


def check_styles(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The usable part of a styles.toml document, and its problems."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    _walk(doc, (), out, problems)
    return out, problems


def _matches(name: str, path: tuple[str, ...], parent: bool = False) -> bool:
    """Does the table `name` ("park.country.*") lie at `path`, or below it (`parent`)?"""
    parts = name.split(".")
    if len(parts) < len(path) or (len(parts) == len(path)) == parent:
        return False
    return all(p in ("*", q) for p, q in zip(parts, path, strict=False))


def _walk(
    node: dict[str, Any], path: tuple[str, ...], out: dict[str, Any], problems: list[Problem]
) -> None:
    """Each key of `node`: a declared table checked, a table holding some walked, the rest
    unknown (a warning); a table written as a value is an error."""
    for key, value in node.items():
        here = (*path, key)
        dotted = ".".join(here)
        table = next((t for t in STYLES.tables if _matches(t.name, here)), None)
        parent = any(_matches(t.name, here, parent=True) for t in STYLES.tables)
        if table is None and not parent:
            problems.append(Problem(STYLES.file, dotted, "warning", _unknown(path)))
        elif not isinstance(value, dict):
            problems.append(_not_a_table(dotted, value, table))
        elif table is None:
            _walk(value, here, out.setdefault(key, {}), problems)
        else:
            defaults = _find(bundled(), here)
            out[key], found = check_settings(
                table, value, STYLES.file, STYLES_THEN, dotted, defaults
            )
            problems += found + unknown_keys(value, table, STYLES.file, dotted, hint=True)


def _find(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = doc
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _unknown(path: tuple[str, ...]) -> str:
    """The warning of an undeclared table or key, with the ones declared where it is."""
    below = {t.name.split(".")[len(path)] for t in STYLES.tables if _matches(t.name, path, True)}
    names = sorted(below)
    return f"unknown table or key; it is ignored (known here: {', '.join(names)})"


def _not_a_table(dotted: str, value: Any, table: Table | None) -> Problem:
    keys = f" of {', '.join(f.name for f in table.fields)}" if table else ""
    return Problem(
        STYLES.file,
        dotted,
        "error",
        f"field '{dotted}': value {quote(value)} is a {toml_type(value)}; expected a table "
        f"[{dotted}]{keys}; {STYLES_THEN}",
    )
