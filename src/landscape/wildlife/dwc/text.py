"""A decoded occurrence text cut into records: its layout, its header, its wanted columns."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import operator
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.problems import WIDTH, RowProblems
from landscape.readers import MAX_TABLE_BYTES, too_large
from landscape.wildlife.dwc.terms import CORE_ID, WANTED, Eml, Layout, term_name

_FIELD_SIZE_LIMIT = 2**31 - 1  # csv's own default (128 KiB) is too small for remarks fields
_BY_LOWER = {name.lower(): name for name in WANTED}


def open_text(
    path: Path, shown: str, report: RowProblems
) -> tuple[str | None, Layout | None, Eml, str]:
    """A plain text file: its decoded text and its layout, sniffed from the header line."""
    refused = too_large(path, MAX_TABLE_BYTES)
    if refused:
        report.add("", "error", refused, path=shown)
        return None, None, Eml(), shown
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add(
            "", "error", f"cannot be read ({exc.strerror or exc}); check the path", path=shown
        )
        return None, None, Eml(), shown
    text = decode(data, "utf-8", shown, report)
    return text, None if text is None else sniff(text), Eml(), shown


def sniff(text: str) -> Layout:
    """Tab-separated when the header line holds a tab, else a comma CSV. A tab-separated file
    is read without quote handling (GBIF's files), unless its header names are in double
    quotes (R's write.table, a spreadsheet's "tab-delimited text"): then quotes are read."""
    end = text.find("\n")
    header = (text if end < 0 else text[:end]).rstrip("\r")
    if "\t" in header:
        cells = [c.strip() for c in header.split("\t") if c.strip()]
        quoted = bool(cells) and all(
            len(c) >= 2 and c.startswith('"') and c.endswith('"') for c in cells
        )
        return Layout(delimiter="\t", quotechar='"' if quoted else None, skip=1)
    return Layout(delimiter=",", quotechar='"', skip=1)


def decode(data: bytes, encoding: str, shown: str, report: RowProblems) -> str | None:
    """The text of `data`; a UTF-8 BOM is dropped. A decoding failure is one error."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        report.add(
            "", "error", f"encoding {encoding!r} is unknown; save the file as UTF-8", path=shown
        )
        return None
    skip = 0
    if codec in ("utf-8", "utf-8-sig"):
        codec = "utf-8"
        skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        bad = data[offset : offset + 4]
        report.add(
            "",
            "error",
            f"byte {offset} (line {line}, bytes {bad!r}) is not valid {encoding}; "
            "save the file as UTF-8",
            path=shown,
        )
        return None
    except (LookupError, UnicodeError) as exc:  # rot13, base64: no text codec; punycode
        report.add(
            "",
            "error",
            f"encoding {encoding!r} cannot decode this file as text ({exc}); expected a text "
            'encoding such as UTF-8: save the file as UTF-8 and declare encoding="UTF-8"',
            path=shown,
        )
        return None
    if not text.strip():
        report.add(
            "",
            "error",
            "file is empty; expected a header row of Darwin Core terms and a row per occurrence",
            path=shown,
        )
        return None
    return text


def cut_records(
    text: str, layout: Layout, shown: str, report: RowProblems
) -> tuple[pd.DataFrame | None, np.ndarray]:
    """The wanted columns of every record (all values strings) and each record's row number."""
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_SIZE_LIMIT))
    if layout.quotechar is None:
        options: dict = {"quoting": csv.QUOTE_NONE}
    else:
        options = {"quotechar": layout.quotechar, "doublequote": True}
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=layout.delimiter, strict=True, **options
    )
    try:
        header = next(iter([row for row in itertools.islice(reader, layout.skip)]), [])
        columns = _columns(header, layout, shown, report)
        names = list(columns)
        indices = [columns[n] for n in names]
        low, high = max(indices, default=-1) + 1, sys.maxsize
        if layout.terms is None or len(header) >= low:
            # every record as wide as the header: a wider one (a tab or a line break inside a
            # value) would put its values under the wrong terms (meta.xml counts from 0 too)
            low = high = len(header)
        values, numbers, wrong = _split(reader, _picker(indices), low, high, layout.skip + 1)
    except csv.Error as exc:
        expected = (
            "tab-separated values"
            if layout.quotechar is None
            else f"{layout.delimiter!r}-separated values, quoted with {layout.quotechar!r}"
        )
        report.add(
            "",
            "error",
            f"line {reader.line_num} cannot be split into fields ({exc}); expected {expected}",
            path=shown,
        )
        return None, np.empty(0, dtype=np.int64)
    _report_widths(wrong, low, high, layout, shown, report)
    frame = _frame(values, names, len(numbers), layout)
    if not len(frame):
        report.add("", "warning", "the file holds no records", path=shown)
    return frame, numbers


def _split(
    reader: Iterator[list[str]],
    pick: Callable[[list[str]], tuple[str, ...]],
    low: int,
    high: int,
    first: int,
) -> tuple[list[str], np.ndarray, list[tuple[int, int]]]:
    """The picked fields of the records with low..high fields (flat, one record after the
    other), their row numbers, and (row number, field count) of the others. Blank lines are
    skipped. This loop is the one place that touches every record in Python."""
    values: list[str] = []
    keep = values.extend
    numbers: list[int] = []
    wrong: list[tuple[int, int]] = []
    for number, row in enumerate(reader, start=first):
        if low <= len(row) <= high:
            keep(pick(row))
            numbers.append(number)
        elif row:
            wrong.append((number, len(row)))
    return values, np.asarray(numbers, dtype=np.int64), wrong


def _picker(indices: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A fast function taking the fields at `indices` from a row, always as a tuple."""
    if not indices:
        return lambda row: ()
    if len(indices) == 1:
        only = indices[0]
        return lambda row: (row[only],)
    return operator.itemgetter(*indices)


def _columns(header: list[str], layout: Layout, shown: str, report: RowProblems) -> dict[str, int]:
    """Wanted term -> field index, from meta.xml or from the header row."""
    if layout.terms is not None:
        return {t: i for t, i in layout.terms.items() if t in WANTED or t == CORE_ID}
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _BY_LOWER.get(term_name(raw).lower())
        if name is None:
            continue
        if name in columns:
            report.add(
                name,
                "warning",
                f"column '{name}' appears twice (fields {columns[name] + 1} and {index + 1}); "
                "the first is read",
                path=shown,
            )
            continue
        columns[name] = index
    return columns


def _report_widths(
    wrong: list[tuple[int, int]],
    low: int,
    high: int,
    layout: Layout,
    shown: str,
    report: RowProblems,
) -> None:
    """One error per record with the wrong number of fields (capped)."""
    if not wrong:
        return
    expected = f"{low} fields like the header" if low == high else f"at least {low} fields"
    hint = "a tab or line break inside a value?" if layout.delimiter == "\t" else "broken quotes?"
    report.rows(
        WIDTH,
        np.asarray([n for n, _ in wrong]),
        lambda i: f"the record has {wrong[i][1]} fields; expected {expected} ({hint})",
        "error",
        path=shown,
    )


def _frame(values: list[str], names: list[str], count: int, layout: Layout) -> pd.DataFrame:
    """The `count` records (`values` holds their wanted fields one record after the other) as a
    frame of str objects, with meta.xml's default values filled in."""
    table = np.array(values, dtype=object).reshape(count, len(names))
    frame = pd.DataFrame(table, columns=names, index=pd.RangeIndex(count), dtype=object, copy=False)
    for term, default in layout.defaults.items():
        if term not in WANTED:
            continue
        if term in frame:
            frame[term] = frame[term].mask(frame[term].eq(""), default)
        else:
            frame[term] = pd.Series(default, index=frame.index, dtype=object)
    return frame
