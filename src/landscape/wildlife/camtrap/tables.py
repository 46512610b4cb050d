"""The CSV tables: read as text, legacy layouts upgraded, columns checked."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from landscape.problems import Problem, RowProblems
from landscape.readers import MAX_TABLE_BYTES, too_large
from landscape.wildlife.camtrap.check import check_field
from landscape.wildlife.camtrap.findings import Resource, Table
from landscape.wildlife.camtrap.schema import (
    LEGACY_NAMES,
    LEGACY_VALUES,
    MISSING_VALUES,
    RC_VALUES,
    RULES,
    TEXT_COLUMNS,
    UNUSED,
    USED,
    Era,
)


def missing_markers(schema: object, name: str, where: str) -> tuple[tuple[str, ...], list[Problem]]:
    """The missing-value markers of an inline schema, else the defaults ("", NA, NaN, nan)."""
    if not isinstance(schema, dict) or "missingValues" not in schema:
        return MISSING_VALUES, []
    markers = schema["missingValues"]
    if isinstance(markers, list) and all(isinstance(m, str) for m in markers):
        return tuple(markers), []
    return MISSING_VALUES, [
        Problem(
            where,
            f"resources/{name}/schema/missingValues",
            "warning",
            f"value {markers!r} is not a list of texts; expected a list like "
            '["", "NA"]; the defaults "", "NA", "NaN", "nan" are used',
        )
    ]


# --- the tables --------------------------------------------------------------------------------


def _read_csv(resource: Resource, findings: RowProblems) -> pd.DataFrame | None:
    """The CSV file as text cells, or None (and an error) when it cannot be read as a table.

    pyarrow parses a million rows in about a second, pandas' own parser in several; when
    pyarrow fails (or is absent) pandas' parser reads the file again and names the fault.
    Both keep every cell as written: nothing becomes NaN here.
    """
    refused = too_large(resource.path, MAX_TABLE_BYTES)
    if refused:
        findings.add("", "error", refused)
        return None
    try:
        return _parse_csv(resource.path, "pyarrow")
    except pd.errors.ParserError:
        if _ragged_rows(resource.path, findings):
            return None
    except Exception:  # pyarrow is absent, or the file has a fault pandas' parser will name
        pass
    try:
        return _parse_csv(resource.path, "c")
    except UnicodeDecodeError as exc:
        findings.add(
            "",
            "error",
            f"not valid UTF-8 (byte {exc.start}); expected a UTF-8 CSV file",
        )
    except pd.errors.EmptyDataError:
        findings.add(
            "",
            "error",
            "file is empty; expected a header row naming the columns",
        )
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        findings.add(
            f"row {line.group(1)}" if line else "",
            "error",
            f"not a valid CSV table ({str(exc).strip()}); expected as many fields in every "
            "row as the header has columns, with values holding commas or quotes quoted",
        )
    except OSError as exc:
        findings.add(
            "",
            "error",
            f"cannot be read ({exc.strerror}); expected a readable CSV file",
        )
    return None


def _parse_csv(path: Path, engine: Literal["pyarrow", "c"]) -> pd.DataFrame:
    """Every cell as text, "" and "NA" included (missing-value markers are applied later)."""
    if engine == "pyarrow":  # pyarrow never turns a value into NaN with keep_default_na=False
        return pd.read_csv(
            path, engine="pyarrow", dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    return pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
    )


def _ragged_rows(path: Path, findings: RowProblems) -> bool:
    """Report the rows whose number of fields differs from the header's; False if none."""
    try:
        from pyarrow import csv as arrow_csv
    except ImportError:
        return False
    found: list[tuple[int, int, int]] = []  # (position, fields, expected)

    def note(row: Any) -> str:
        found.append((int(row.number or 0) - 2, row.actual_columns, row.expected_columns))
        return "skip"

    options = arrow_csv.ParseOptions(invalid_row_handler=note, newlines_in_values=True)
    try:
        arrow_csv.read_csv(
            path,
            read_options=arrow_csv.ReadOptions(use_threads=False),
            parse_options=options,
            convert_options=arrow_csv.ConvertOptions(strings_can_be_null=False),
        )
    except Exception:  # any other fault: the caller reports pandas' message
        return False
    if not found:
        return False
    detail = {position: (fields, expected) for position, fields, expected in found}

    def message(i: int) -> str:
        fields, expected = detail[i]
        return (
            f"the row has {fields} fields; expected {expected} as in the header (values "
            "holding commas or quotes must be in double quotes)"
        )

    positions = np.array(sorted(detail), dtype="int64")
    findings.rows("", positions + 2, lambda i: message(int(positions[i])))
    return True


def _repeated_columns(path: Path) -> list[str]:
    """Header names written more than once (pandas renames the second one "name.1")."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    seen: set[str] = set()
    repeated = [name for name in header if name in seen or seen.add(name)]
    return sorted(set(repeated))


def _upgrade(
    name: str, raw: pd.DataFrame, era: Era, missing: tuple[str, ...]
) -> tuple[pd.DataFrame, dict[str, str], set[str]]:
    """A 0.1.x or 1.0-rc.1 table as a 1.0 table: (the table, 1.0 name -> the file's name of
    each renamed column, the columns made from others)."""
    if era == "1.0":
        return raw, {}, set()
    written: dict[str, str] = {}
    derived: set[str] = set()
    changes = RC_VALUES
    if era == "legacy":
        renames = {
            old: new
            for old, new in LEGACY_NAMES[name].items()
            if old in raw.columns and new not in raw.columns
        }
        raw = raw.rename(columns=renames)
        written = {new: old for old, new in renames.items()}
        if name == "observations":
            # 0.1.x has one timestamp per observation, and a sequence-level observation (an
            # event, in 1.0) is one without a mediaID
            if "eventEnd" not in raw.columns and "eventStart" in raw.columns:
                raw["eventEnd"] = raw["eventStart"]
                derived.add("eventEnd")
            if "observationLevel" not in raw.columns:
                media = raw["mediaID"] if "mediaID" in raw.columns else None
                given = media.notna() & ~media.isin(missing) if media is not None else False
                raw["observationLevel"] = np.where(given, "media", "event")
                derived.add("observationLevel")
        changes = LEGACY_VALUES
    for (table, column), change in changes.items():
        if table == name and column in raw.columns:
            raw[column] = raw[column].replace(change)
    return raw, written, derived


def read_table(resource: Resource, findings: RowProblems, era: Era = "1.0") -> Table | None:
    """A table, read and checked field by field against its rules (a 0.1.x or 1.0-rc.1 table
    after converting it to 1.0). A fault in a field the dashboard does not use is a warning."""
    raw = _read_csv(resource, findings)
    if raw is None:
        return None
    for name in _repeated_columns(resource.path):
        findings.add(
            name,
            "error",
            f"column {name!r} appears more than once in the header; expected once",
        )
    raw, written, derived = _upgrade(resource.name, raw, era, resource.missing_values)
    rules = RULES[resource.name]
    used = [c for c in raw.columns if c in TEXT_COLUMNS or c in {r.name for r in rules}]
    values = raw[used].where(~raw[used].isin(resource.missing_values))
    table = Table(resource, raw, values, written=written)
    _check_fields(table, derived, era, findings)
    return table


def _check_fields(table: Table, derived: set[str], era: Era, findings: RowProblems) -> None:
    """Each field checked by its rule (typed values kept); a missing column said once."""
    resource, raw, values = table.resource, table.raw, table.values
    rules = RULES[resource.name]
    used_here = USED[resource.name]
    required = [r.name for r in rules if r.required]
    for rule in rules:
        if rule.name in derived:
            continue
        used_field = rule.name in used_here
        if rule.name in raw.columns:
            parsed = check_field(
                rule,
                raw[rule.name],
                values[rule.name],
                findings,
                table.label(rule.name),
                "error" if used_field else "warning",
            )
            if parsed is not None:
                table.typed[rule.name] = parsed
        elif rule.required and used_field:
            table.complete = False
            table.missing.append(rule.name)
            if era != "legacy":  # a 0.1.x package says it once (legacy_problems)
                findings.add(
                    rule.name,
                    "error",
                    f"column {rule.name!r} is missing; expected the columns "
                    f"{', '.join(required)} (the required ones of a Camtrap DP "
                    f"{resource.name} table)",
                )
        elif rule.required and era != "legacy":  # 0.1.x tables lack some: not worth a word
            findings.add(
                rule.name,
                "warning",
                f"column {rule.name!r} is missing; Camtrap DP 1.0 requires it in the "
                f"{resource.name} table, but {UNUSED}",
            )
