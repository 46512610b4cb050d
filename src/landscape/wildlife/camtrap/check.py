"""The field checks: types, ranges, dates, unique keys, order, references, region."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from landscape.problems import RowProblems, Severity, quote
from landscape.region import Region, outside, position_message
from landscape.wildlife.camtrap.findings import Message, Table, flag
from landscape.wildlife.camtrap.schema import FALSE_VALUES, TRUE_VALUES, UNUSED, USED, Rule

# ISO 8601 as the standard writes it (%Y-%m-%dT%H:%M:%S%z), fractions of a second allowed.
_DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})"
# A date or date and time without an offset: said so, because that is the usual mistake.
_NO_OFFSET = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_INTEGER = r"[+-]?\d+"
_EXAMPLE_TIME = "2020-05-30T04:57:37+06:00"
# pandas keeps times in nanoseconds: the years it can hold.
_EARLIEST = pd.Timestamp("1678-01-01", tz="UTC")
_LATEST = pd.Timestamp("2261-12-31", tz="UTC")


def _expected(rule: Rule) -> str:
    """What a valid value of the field looks like, in words."""
    if rule.enum:
        return "one of " + ", ".join(rule.enum)
    if rule.pattern:
        return rule.pattern_hint
    if rule.kind == "boolean":
        return "true or false"
    if rule.kind == "datetime":
        return f"a date and time with a UTC offset, like {_EXAMPLE_TIME} or ending in Z"
    if rule.kind in ("number", "integer"):
        noun = "a number" if rule.kind == "number" else "an integer"
        low, high = _number_text(rule.minimum), _number_text(rule.maximum)
        if low is not None and high is not None and not rule.above_minimum:
            return f"{noun} from {low} to {high}"
        if low is not None and high is not None:
            return f"{noun} above {low} and at most {high}"
        if low is not None:
            return f"{noun} {'above' if rule.above_minimum else 'of at least'} {low}"
        return noun
    return "a value"


def _number_text(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def check_field(
    rule: Rule,
    raw: pd.Series,
    values: pd.Series,
    findings: RowProblems,
    label: str | None = None,
    severity: Severity = "error",
) -> pd.Series | None:
    """Check one column; the parsed values (numbers or UTC times) for typed fields. `label` is
    the field as the file names it; a `severity` "warning" says the dashboard does not use it."""
    name, expected = label or rule.name, _expected(rule)
    present = values.notna()
    note = f" ({UNUSED})" if severity == "warning" else ""

    def says(text: str) -> Message:
        return lambda i: (
            f"field {name!r}: value {quote(raw.iat[i])} {text}; expected {expected}{note}"
        )

    def add(mask: pd.Series | np.ndarray, message: Message) -> None:
        flag(findings, name, mask, message, severity)

    if rule.required:
        add(~present, says("is missing (the field is required)"))
    parsed: pd.Series | None = None
    if rule.kind in ("number", "integer"):
        syntax = values.str.fullmatch(_NUMBER if rule.kind == "number" else _INTEGER)
        parsed = values.where(syntax).astype("float64")
        parsed = parsed.where(np.isfinite(parsed))  # "1e999" is too large to be a number
        add(
            present & parsed.isna(),
            says(f"is not {'a number' if rule.kind == 'number' else 'an integer'}"),
        )
        add(_out_of_range(rule, parsed), says("is out of range"))
    elif rule.kind == "boolean":
        add(present & ~values.isin(TRUE_VALUES + FALSE_VALUES), says("is not true or false"))
    elif rule.kind == "datetime":
        parsed = _check_datetime(values, present, add, says)
    if rule.enum:
        add(present & ~values.isin(rule.enum), says("is not allowed"))
    if rule.pattern:
        add(present & ~values.str.fullmatch(rule.pattern), says("does not fit"))
    if rule.unique:
        _check_unique(values, present, findings, name, raw)
    return parsed


def _out_of_range(rule: Rule, numbers: pd.Series) -> pd.Series:
    """True where a parsed number lies outside the rule's bounds."""
    outside = pd.Series(False, index=numbers.index)
    if rule.minimum is not None:
        outside |= numbers <= rule.minimum if rule.above_minimum else numbers < rule.minimum
    if rule.maximum is not None:
        outside |= numbers > rule.maximum
    return outside


def _check_datetime(
    values: pd.Series,
    present: pd.Series,
    add: Callable[[pd.Series | np.ndarray, Message], None],
    says: Callable[[str], Message],
) -> pd.Series:
    """UTC times of a column of ISO 8601 times with offsets (mixed offsets are fine)."""
    shaped = values.str.fullmatch(_DATETIME)
    no_offset = present & ~shaped & values.str.fullmatch(_NO_OFFSET)
    add(no_offset, says("has no UTC offset"))
    add(present & ~shaped & ~no_offset, says("is not a date and time"))
    times = pd.to_datetime(values.where(shaped), utc=True, format="ISO8601", errors="coerce")
    invalid = shaped & (times.isna() | (times < _EARLIEST) | (times > _LATEST))
    add(invalid, says("is not a valid date and time"))
    return times.where(~invalid).astype("datetime64[ns, UTC]")


def _check_unique(
    values: pd.Series, present: pd.Series, findings: RowProblems, name: str, raw: pd.Series
) -> None:
    """An error for every repeat of a value already seen in an earlier row."""
    repeated = present & values.duplicated(keep="first")
    if not repeated.any():
        return
    firsts = values[present & ~repeated]
    first_row = pd.Series(np.flatnonzero(present & ~repeated), index=firsts.to_numpy())

    def message(i: int) -> str:
        first = int(first_row.get(values.iat[i], -2)) + 2
        return (
            f"field {name!r}: value {quote(raw.iat[i])} is repeated (first in row {first}); "
            "expected each value once"
        )

    flag(findings, name, repeated, message)


def check_order(table: Table, earlier: str, later: str, findings: RowProblems) -> None:
    """An error where `later` is before `earlier` (both parsed)."""
    if earlier not in table.typed or later not in table.typed:
        return
    start, end = table.typed[earlier], table.typed[later]
    raw_start, raw_end = table.raw[earlier], table.raw[later]
    first, then = table.label(earlier), table.label(later)
    used = later in USED[table.resource.name]
    note = "" if used else f" ({UNUSED})"

    def message(i: int) -> str:
        return (
            f"field {then!r}: value {quote(raw_end.iat[i])} is before {first} "
            f"{quote(raw_start.iat[i])}; expected a time at or after {first}{note}"
        )

    before = (end < start).to_numpy(dtype=bool)
    flag(findings, then, before, message, "error" if used else "warning")


def check_reference(
    table: Table, name: str, target: Table, target_field: str, findings: RowProblems
) -> None:
    """An error for every value of `name` that is not a `target_field` of the target table."""
    if name not in table.values or target_field not in target.values:
        return
    values, raw = table.values[name], table.raw[name]
    # as objects: pandas' isin on Arrow strings converts each target value one by one, which
    # takes seconds for a million media ids; on objects it is one hash table
    known = target.values[target_field].dropna().astype(object).unique()
    unknown = values.notna() & ~values.astype(object).isin(known)
    file = PurePosixPath(target.resource.shown).name

    def message(i: int) -> str:
        return (
            f"field {name!r}: value {quote(raw.iat[i])} is not a {target_field} in {file}; "
            f"expected the {target_field} of a row of {file}"
        )

    flag(findings, name, unknown, message)


def check_region(table: Table, region: Region, findings: RowProblems) -> None:
    """An error for every deployment whose position lies outside `region`."""
    if "latitude" not in table.typed or "longitude" not in table.typed:
        return
    lat, lon = table.typed["latitude"], table.typed["longitude"]
    raw_lat, raw_lon = table.raw["latitude"], table.raw["longitude"]

    def message(i: int) -> str:
        return position_message(
            repr(raw_lon.iat[i]),
            repr(raw_lat.iat[i]),
            float(lon.iat[i]),
            float(lat.iat[i]),
            region,
            ("longitude", "latitude"),
        )

    flag(findings, "position", outside(lon, lat, region), message)
