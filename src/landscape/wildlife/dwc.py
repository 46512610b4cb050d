"""Darwin Core occurrence data: read it, validate it, normalise it; write it back.

`read_dwc` reads

1. a GBIF download's `occurrence.txt` (tab-separated, a header row, no quoting);
2. a GBIF "simple CSV" download (tab-separated and unquoted too, despite its name);
3. a comma-separated CSV with standard double-quote quoting;
4. a Darwin Core Archive (zip) with an occurrence core, described by its `meta.xml`, with its
   `eml.xml` for title, citation and licence; or a zip holding exactly one of 1-3;
5. the folder such a zip was unpacked into (GBIF's download, unzipped), read like the zip.

A text file whose header line holds a tab is read as tab-separated with no quote handling (so
a value may start with a double quote), unless every header name is in double quotes (R's
write.table, a spreadsheet's tab-delimited text): then quotes are read; any other file as a
comma CSV. Bytes are UTF-8, with or without a BOM; CRLF and LF line endings both work. A
gzip, bzip2, xz, 7-Zip or RAR file, an Excel workbook or a PDF is refused saying what it is and
what to pass instead.

Only the empty string is missing, and "NA" (R's write.csv) in the number and date columns and
gbifID (_NA_MISSING); in text columns "NA" is a value: countryCode NA is Namibia. Every record
is as wide as the header (an archive's too): a wider or narrower one is refused by its row.
The record id is gbifID, else occurrenceID, else the archive's core id, else "row N"; it must be
unique. A record naming no taxon (scientificName and species empty: GBIF could not match its
name) is dropped and counted in one warning. eventDate is ISO 8601, or GBIF's old Java form
"Tue Apr 01 00:00:00 CET 1930" (midnight: that day; another time: in the named zone).

Zips are read in memory, never extracted. An archive is refused when a member name is absolute
or climbs out with "..", when the members declare more than MAX_ARCHIVE_BYTES in all, or when
a member larger than BOMB_MIN_BYTES is compressed more than BOMB_RATIO times; a member is read
with a cap of MAX_MEMBER_BYTES whatever it declares.

Bad input never raises: it becomes `Problem`s, and any "error" means the caller rejects the
file. Row locators are `row N`, N counting records of the file from 1 (a header is row 1, so
the first data record is row 2); column problems are located by the field name. Per field at
most MAX_MESSAGES_PER_FIELD rows are reported, then one "... and N more rows".

The counting rule is COUNTING below: an empty individualCount counts as 1, because a recorded
occurrence is at least one animal.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import operator
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.atomic import replace_file
from landscape.problems import Problem, Severity
from landscape.readers import MAX_TABLE_BYTES, too_large
from landscape.region import Region, outside, position_message
from landscape.wildlife.model import (
    OBSERVATION_COLUMNS,
    DatasetMeta,
    Parsed,
    binomial,
    empty_deployments,
    empty_observations,
)

# Zip safety (see the module docstring). Sizes in bytes.
MAX_ARCHIVE_BYTES = 1 << 30  # 1 GiB: all members' declared uncompressed sizes together
MAX_MEMBER_BYTES = 1 << 30  # 1 GiB: read cap for any one member, whatever it declares
BOMB_RATIO = 100  # a member compressed more than this many times ...
BOMB_MIN_BYTES = 50 * 1024 * 1024  # ... and larger than 50 MB uncompressed is a zip bomb
MAX_MESSAGES_PER_FIELD = 20  # row problems reported per field before "... and N more rows"
MAX_HEADER_LINES = 1000  # more ignoreHeaderLines is a broken meta.xml (the standard: 0 or 1)
_FIELD_SIZE_LIMIT = 2**31 - 1  # csv's own default (128 KiB) is too small for remarks fields

COUNTING = (
    "One record per occurrence row; its individuals are individualCount, an empty "
    "individualCount counting as 1 (a recorded occurrence is at least one animal), and records "
    "with occurrenceStatus 'absent' or individualCount 0, or naming no taxon, are dropped."
)

OCCURRENCE_ROW_TYPE = "http://rs.tdwg.org/dwc/terms/Occurrence"
_CORE_ID = "(core id)"  # the archive core's <id> column; no Darwin Core term has this name
_WIDTH = "(fields)"  # the key of "wrong number of fields" problems
_WANTED = (
    "occurrenceID",
    "gbifID",
    "scientificName",
    "species",
    "decimalLatitude",
    "decimalLongitude",
    "eventDate",
    "year",
    "month",
    "day",
    "individualCount",
    "occurrenceStatus",
    "basisOfRecord",
    "countryCode",
    "license",
    "informationWithheld",
    "dataGeneralizations",
    "coordinateUncertaintyInMeters",
    "datasetName",
    "datasetKey",
    "datasetID",
    "institutionCode",
    "bibliographicCitation",
)
_BY_LOWER = {name.lower(): name for name in _WANTED}
_WRITTEN = (
    ("occurrenceID", "record_id"),
    ("basisOfRecord", "basis"),
    ("scientificName", "scientific_name"),
    ("species", "species"),
    ("eventDate", "time"),
    ("decimalLatitude", "lat"),
    ("decimalLongitude", "lon"),
    ("individualCount", "count"),
    ("countryCode", "country"),
    ("license", "licence"),
    ("informationWithheld", "withheld"),
)
# Terms kept per record as the source gives them, beside the normalised columns, and written
# back after them: GBIF asks users to keep gbifID and datasetKey to cite what they use, and
# coordinateUncertaintyInMeters says how coarse a position already is (a generalised one).
KEPT_TERMS = ("gbifID", "datasetKey", "coordinateUncertaintyInMeters")
_ISO_DATE = re.compile(
    r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?"
)
_DATE_FORMS = (
    "an ISO 8601 date such as 2020-05-03, 2020-05, 2020, 2020-05-03T14:30:00Z, "
    "2020-05-03T14:30:00+02:00 or an interval 2020-05-01/2020-05-31 (or GBIF's old form "
    "Tue Apr 01 00:00:00 CET 1930)"
)
# GBIF's downloads of about 2014-2016 wrote eventDate as Java prints a date: "Tue Apr 01
# 00:00:00 CET 1930" (weekday, month, day, time, zone, year).
_JAVA_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([A-Z]{2,5}) (\d{4})"
)
_JAVA_MONTHS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7}
_JAVA_MONTHS |= {"Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
# The zone names Java prints that name one offset (hours from UTC); "CST" or "IST" name several.
_JAVA_ZONES = {"UTC": 0, "GMT": 0, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "MET": 1}
_JAVA_ZONES |= {"MEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "MST": -7}
_JAVA_ZONES |= {"MDT": -6, "PST": -8, "PDT": -7}
_EARLIEST = pd.Timestamp("1678-01-01", tz="UTC")  # datetime64[ns] holds 1677-09-21 .. 2262-04-11
_LATEST = pd.Timestamp("2262-01-01", tz="UTC")
# What reading a damaged, encrypted or exotic zip raises (NotImplementedError is a RuntimeError).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError)
_WHOLE = re.compile(r"[0-9]+")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")  # a member, an empty zip, spanned
_JUNK = re.compile(r"(^|/)(__MACOSX/|\._)")


@dataclass(frozen=True)
class _Layout:
    """How to cut one text file into records and which column holds which term."""

    delimiter: str = ","
    quotechar: str | None = '"'  # None: no quote handling
    skip: int = 0  # header records before the data (the first one names the columns)
    terms: dict[str, int] | None = None  # term -> index (an archive); None: from the header
    defaults: dict[str, str] = field(default_factory=dict)  # term -> value for empty fields


@dataclass(frozen=True)
class _Eml:
    """What an archive's eml.xml says of the dataset as a whole."""

    title: str = ""
    citation: str = ""
    licence: str = ""


class _Report:
    """The problems of one file, with row problems capped per field."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._reported: Counter[str] = Counter()
        self._more: dict[tuple[str, str], tuple[int, Severity]] = {}

    def add(self, path: str, locator: str, severity: Severity, message: str) -> None:
        self.problems.append(Problem(path, locator, severity, message))

    def rows(
        self,
        path: str,
        key: str,
        severity: Severity,
        rows: np.ndarray,
        message: Callable[[int], str],
    ) -> None:
        """One problem per row number in `rows`; message(i) says what is wrong with rows[i].

        Only the first MAX_MESSAGES_PER_FIELD rows of a field (`key`) are formatted; the rest
        are counted for one "... and N more rows" problem.
        """
        room = max(0, MAX_MESSAGES_PER_FIELD - self._reported[key])
        shown = min(room, len(rows))
        for i in range(shown):
            self.add(path, f"row {rows[i]}", severity, message(i))
        self._reported[key] += shown
        if len(rows) > shown:
            count, worst = self._more.get((path, key), (0, "warning"))
            self._more[(path, key)] = (
                count + len(rows) - shown,
                "error" if "error" in (worst, severity) else "warning",
            )

    def finish(self) -> list[Problem]:
        """All problems, each capped field closed by its "... and N more rows" problem."""
        for (path, key), (count, severity) in self._more.items():
            what = f"field '{key}'" if key != _WIDTH else "the number of fields"
            self.add(path, key, severity, f"... and {count} more rows with problems in {what}")
        self._more = {}
        return self.problems


# -- reading ---------------------------------------------------------------------------------


def read_dwc(path: Path, shown: str | None = None, region: Region | None = None) -> Parsed:
    """Read Darwin Core occurrences from a text file or an archive; see the module docstring.
    With a `region`, an occurrence outside it is an error (see landscape.region)."""
    shown = str(path) if shown is None else shown
    report = _Report()
    if path.is_dir():
        text, layout, eml, where = _open_folder(path, shown, report)
    else:
        try:
            with open(path, "rb") as handle:
                magic = handle.read(8)
        except OSError as exc:
            report.add(
                shown, "", "error", f"cannot be read ({exc.strerror or exc}); check the path"
            )
            return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
        other = _other_kind(magic)
        if other:
            report.add(shown, "", "error", other)
            return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
        if magic[:4] in _ZIP_MAGIC:
            text, layout, eml, where = _open_archive(path, shown, report)
        else:
            text, layout, eml, where = _open_text(path, shown, report)
    if text is None or layout is None:
        return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
    frame, numbers = _records(text, layout, where, report)
    del text
    if frame is None:
        return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
    observations, kept = _normalise(frame, numbers, where, report, region)
    meta = _meta(frame[kept], eml, path.name)
    return _parsed(meta, observations, report, _kept_terms(frame, kept))


# Files that are no Darwin Core text or zip, by their first bytes: what they are, what to pass.
_PASS = "pass the occurrence.txt inside, the folder it was unpacked into, or the download as a zip"
_OTHER_KINDS = (
    (
        b"\x1f\x8b",
        f"is a gzip-compressed file (.gz, .tgz or .tar.gz), not a text file or zip; "
        f"unpack it and {_PASS}",
    ),
    (b"BZh", f"is a bzip2-compressed file (.bz2), not a text file or zip; unpack it and {_PASS}"),
    (
        b"\xfd7zXZ\x00",
        f"is an xz-compressed file (.xz), not a text file or zip; unpack it and {_PASS}",
    ),
    (b"7z\xbc\xaf\x27\x1c", f"is a 7-Zip archive (.7z); unpack it and {_PASS}"),
    (b"Rar!", f"is a RAR archive (.rar); unpack it and {_PASS}"),
    (
        b"\xd0\xcf\x11\xe0",
        "is an old Excel or Word file (.xls), not a text file; save the sheet "
        "as CSV UTF-8 (comma-separated) and pass that",
    ),
    (b"%PDF", "is a PDF document, not a table; pass the occurrence file itself"),
)


def _other_kind(magic: bytes) -> str:
    """What a file is when its first bytes say it is no Darwin Core text or zip, else ""."""
    return next((what for start, what in _OTHER_KINDS if magic.startswith(start)), "")


def _parsed(
    meta: DatasetMeta,
    observations: pd.DataFrame | None,
    report: _Report,
    terms: pd.DataFrame | None = None,
) -> Parsed:
    """The result; observations are empty when nothing could be read."""
    frame = empty_observations() if observations is None else observations
    return Parsed(meta, frame, empty_deployments(), report.finish(), terms=terms)


def _kept_terms(frame: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame | None:
    """The KEPT_TERMS columns of the kept records (text, "" when empty); None without any."""
    present = [term for term in KEPT_TERMS if term in frame]
    if not present:
        return None
    return frame.loc[kept, present].reset_index(drop=True)


def _open_text(
    path: Path, shown: str, report: _Report
) -> tuple[str | None, _Layout | None, _Eml, str]:
    """A plain text file: its decoded text and its layout, sniffed from the header line."""
    refused = too_large(path, MAX_TABLE_BYTES)
    if refused:
        report.add(shown, "", "error", refused)
        return None, None, _Eml(), shown
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add(shown, "", "error", f"cannot be read ({exc.strerror or exc}); check the path")
        return None, None, _Eml(), shown
    text = _decode(data, "utf-8", shown, report)
    return text, None if text is None else _sniff(text), _Eml(), shown


def _sniff(text: str) -> _Layout:
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
        return _Layout(delimiter="\t", quotechar='"' if quoted else None, skip=1)
    return _Layout(delimiter=",", quotechar='"', skip=1)


def _decode(data: bytes, encoding: str, shown: str, report: _Report) -> str | None:
    """The text of `data`; a UTF-8 BOM is dropped. A decoding failure is one error."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        report.add(shown, "", "error", f"encoding {encoding!r} is unknown; save the file as UTF-8")
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
            shown,
            "",
            "error",
            f"byte {offset} (line {line}, bytes {bad!r}) is not valid {encoding}; "
            "save the file as UTF-8",
        )
        return None
    except (LookupError, UnicodeError) as exc:  # rot13, base64: no text codec; punycode
        report.add(
            shown,
            "",
            "error",
            f"encoding {encoding!r} cannot decode this file as text ({exc}); expected a text "
            'encoding such as UTF-8: save the file as UTF-8 and declare encoding="UTF-8"',
        )
        return None
    if not text.strip():
        report.add(
            shown,
            "",
            "error",
            "file is empty; expected a header row of Darwin Core terms and a row per occurrence",
        )
        return None
    return text


def _records(
    text: str, layout: _Layout, shown: str, report: _Report
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
            shown,
            "",
            "error",
            f"line {reader.line_num} cannot be split into fields ({exc}); expected {expected}",
        )
        return None, np.empty(0, dtype=np.int64)
    _report_widths(wrong, low, high, layout, shown, report)
    frame = _frame(values, names, len(numbers), layout)
    if not len(frame):
        report.add(shown, "", "warning", "the file holds no records")
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


def _columns(header: list[str], layout: _Layout, shown: str, report: _Report) -> dict[str, int]:
    """Wanted term -> field index, from meta.xml or from the header row."""
    if layout.terms is not None:
        return {t: i for t, i in layout.terms.items() if t in _WANTED or t == _CORE_ID}
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _BY_LOWER.get(_term_name(raw).lower())
        if name is None:
            continue
        if name in columns:
            report.add(
                shown,
                name,
                "warning",
                f"column '{name}' appears twice (fields {columns[name] + 1} and {index + 1}); "
                "the first is read",
            )
            continue
        columns[name] = index
    return columns


def _term_name(term: str) -> str:
    """A Darwin Core column name from a header cell or term URI: the last segment."""
    return re.split(r"[/#:]", term.strip())[-1]


def _report_widths(
    wrong: list[tuple[int, int]],
    low: int,
    high: int,
    layout: _Layout,
    shown: str,
    report: _Report,
) -> None:
    """One error per record with the wrong number of fields (capped)."""
    if not wrong:
        return
    expected = f"{low} fields like the header" if low == high else f"at least {low} fields"
    hint = "a tab or line break inside a value?" if layout.delimiter == "\t" else "broken quotes?"
    report.rows(
        shown,
        _WIDTH,
        "error",
        np.asarray([n for n, _ in wrong]),
        lambda i: f"the record has {wrong[i][1]} fields; expected {expected} ({hint})",
    )


def _frame(values: list[str], names: list[str], count: int, layout: _Layout) -> pd.DataFrame:
    """The `count` records (`values` holds their wanted fields one record after the other) as a
    frame of str objects, with meta.xml's default values filled in."""
    table = np.array(values, dtype=object).reshape(count, len(names))
    frame = pd.DataFrame(table, columns=names, index=pd.RangeIndex(count), dtype=object, copy=False)
    for term, default in layout.defaults.items():
        if term not in _WANTED:
            continue
        if term in frame:
            frame[term] = frame[term].mask(frame[term].eq(""), default)
        else:
            frame[term] = pd.Series(default, index=frame.index, dtype=object)
    return frame


# -- archives --------------------------------------------------------------------------------


Reader = Callable[[str], "bytes | None"]  # a member's bytes by its name (None: refused)


def _open_archive(
    path: Path, shown: str, report: _Report
) -> tuple[str | None, _Layout | None, _Eml, str]:
    """The occurrence text of a zip (a Darwin Core Archive, or a zip of one text file)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if not _safe(members, shown, report):
                return None, None, _Eml(), shown
            files = {m.filename: m for m in members if not m.is_dir()}
            if _is_excel(files):
                report.add(
                    shown,
                    "",
                    "error",
                    "is an Excel workbook (.xlsx), not a Darwin Core file or archive; save the "
                    "sheet as CSV UTF-8 (comma-separated) and pass that",
                )
                return None, None, _Eml(), shown

            def read(name: str) -> bytes | None:
                return _read_member(archive, files[name], shown, report)

            return _open_members(set(files), read, shown, "zip", report)
    except _ZIP_ERRORS as exc:
        report.add(shown, "", "error", f"cannot be read as a zip ({exc}); export the archive again")
        return None, None, _Eml(), shown


def _is_excel(files: dict[str, zipfile.ZipInfo]) -> bool:
    return "[Content_Types].xml" in files and any(n.startswith("xl/") for n in files)


def _open_folder(
    folder: Path, shown: str, report: _Report
) -> tuple[str | None, _Layout | None, _Eml, str]:
    """The occurrence text of a folder: an unzipped Darwin Core Archive (GBIF's download,
    unpacked: meta.xml, occurrence.txt, ...), or a folder holding one .txt or .csv file."""
    try:
        names = {
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and p.suffix.lower() in (".xml", ".txt", ".csv")
        }
    except OSError as exc:
        report.add(shown, "", "error", f"cannot be read ({exc.strerror or exc}); check the path")
        return None, None, _Eml(), shown

    def read(name: str) -> bytes | None:
        path = folder / name
        refused = too_large(path, MAX_MEMBER_BYTES)
        if refused:
            report.add(f"{shown}/{name}", "", "error", refused)
            return None
        try:
            return path.read_bytes()
        except OSError as exc:
            report.add(f"{shown}/{name}", "", "error", f"cannot be read ({exc.strerror or exc})")
            return None

    return _open_members(names, read, shown, "folder", report)


def _open_members(
    names: set[str], read: Reader, shown: str, what: str, report: _Report
) -> tuple[str | None, _Layout | None, _Eml, str]:
    """The occurrence text of a zip's or a folder's files."""
    meta_name = _meta_xml(names)
    if meta_name is None:
        return _single_file(names, read, shown, what, report)
    return _core(names, read, meta_name, shown, report)


def _safe(members: list[zipfile.ZipInfo], shown: str, report: _Report) -> bool:
    """Refuse zip slip names and zip bombs, from the central directory alone."""
    ok = True
    for member in members:
        name = member.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
            report.add(
                shown,
                name,
                "error",
                f"member name {name!r} is absolute or climbs out with '..' (a zip slip); "
                "the archive is refused: expected names relative to the archive",
            )
            ok = False
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
            report.add(
                shown,
                name,
                "error",
                f"member {name!r} expands {ratio:.0f} times to {member.file_size} bytes "
                f"(a zip bomb); the archive is refused: expected at most {BOMB_RATIO} times "
                f"for members over {BOMB_MIN_BYTES} bytes",
            )
            ok = False
    total = sum(m.file_size for m in members)
    if total > MAX_ARCHIVE_BYTES:
        report.add(
            shown,
            "",
            "error",
            f"the members declare {total} bytes uncompressed; the archive is refused: expected "
            f"at most {MAX_ARCHIVE_BYTES} bytes in all",
        )
        ok = False
    return ok


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, shown: str, report: _Report
) -> bytes | None:
    """A member's bytes, read in memory with a cap whatever its declared size."""
    cap = min(member.file_size, MAX_MEMBER_BYTES)
    with archive.open(member) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        report.add(
            shown,
            member.filename,
            "error",
            f"member {member.filename!r} holds more than its declared {member.file_size} bytes "
            f"or the limit of {MAX_MEMBER_BYTES}; the archive is refused",
        )
        return None
    return data


def _meta_xml(files: set[str]) -> str | None:
    """The archive's meta.xml: at the root, else the only one in a subfolder."""
    if "meta.xml" in files:
        return "meta.xml"
    found = [n for n in files if n.rsplit("/", 1)[-1] == "meta.xml" and not _JUNK.search(n)]
    return found[0] if len(found) == 1 else None


def _single_file(
    files: set[str], read: Reader, shown: str, what: str, report: _Report
) -> tuple[str | None, _Layout | None, _Eml, str]:
    """A zip or folder without meta.xml: its one .txt or .csv file, read like a text file."""
    data_files = sorted(
        n for n in files if n.lower().endswith((".txt", ".csv")) and not _JUNK.search(n)
    )
    if len(data_files) != 1:
        report.add(
            shown,
            "",
            "error",
            f"the {what} has no meta.xml and {len(data_files)} .txt/.csv files; expected a "
            f"Darwin Core Archive (with its meta.xml) or a {what} holding exactly one "
            "occurrence file; or pass the occurrence file itself",
        )
        return None, None, _Eml(), shown
    name = data_files[0]
    where = f"{shown}/{name}"
    data = read(name)
    if data is None:
        return None, None, _Eml(), where
    text = _decode(data, "utf-8", where, report)
    return text, None if text is None else _sniff(text), _Eml(), where


def _core(
    files: set[str], read: Reader, meta_name: str, shown: str, report: _Report
) -> tuple[str | None, _Layout | None, _Eml, str]:
    """The core file of a Darwin Core Archive as meta.xml describes it, and its eml.xml."""
    base = meta_name[: -len("meta.xml")]
    meta_shown = f"{shown}/{meta_name}"
    data = read(meta_name)
    root = None if data is None else _xml(data, meta_shown, "error", report)
    if root is None:
        return None, None, _Eml(), shown
    described = _describe_core(root, meta_shown, report)
    if described is None:
        return None, None, _Eml(), shown
    layout, location, encoding = described
    name = base + location
    if name not in files:
        report.add(
            meta_shown,
            "location",
            "error",
            f"the core file {location!r} is not in the archive; expected a member of that name",
        )
        return None, None, _Eml(), shown
    eml = _archive_eml(files, read, base + root.get("metadata", "eml.xml"), shown, report)
    where = f"{shown}/{name}"
    content = read(name)
    text = None if content is None else _decode(content, encoding, where, report)
    return text, layout, eml, where


def _xml(data: bytes, shown: str, severity: Severity, report: _Report) -> ET.Element | None:
    """Parsed XML; documents declaring entities are refused (no entity expansion bombs)."""
    if b"<!ENTITY" in data:
        report.add(shown, "", severity, "declares XML entities, which are refused; remove them")
        return None
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        report.add(shown, "", severity, f"is not well-formed XML ({exc}); export it again")
        return None
    except (LookupError, ValueError) as exc:  # an XML declaration naming an unusable encoding
        report.add(
            shown,
            "",
            severity,
            f"declares an encoding that cannot be read ({exc}); expected "
            '<?xml version="1.0" encoding="UTF-8"?>: save it as UTF-8 or export it again',
        )
        return None


def _local(tag: object) -> str:
    """An element's tag without its namespace."""
    return str(tag).rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _unescape(value: str) -> str:
    r"""meta.xml's escapes: the two characters \t mean a tab, and so on."""
    escapes = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\", '\\"': '"', "\\'": "'"}
    return re.sub(r"\\[tnr\\\"']", lambda m: escapes[m.group(0)], value)


def _describe_core(
    root: ET.Element, shown: str, report: _Report
) -> tuple[_Layout, str, str] | None:
    """The core's layout, file location and encoding; None (with errors) when unusable."""
    core = _child(root, "core")
    if core is None:
        report.add(shown, "core", "error", "meta.xml has no <core>; expected a Darwin Core Archive")
        return None
    row_type = core.get("rowType", "")
    if row_type.rstrip("/").rsplit("/", 1)[-1] != "Occurrence":
        report.add(
            shown,
            "rowType",
            "error",
            f"the archive's core is {_term_name(row_type) or 'unnamed'} ({row_type!r}); only "
            f"occurrence-core archives are supported: expected rowType {OCCURRENCE_ROW_TYPE}",
        )
        return None
    ok = True
    delimiter = _unescape(core.get("fieldsTerminatedBy", ","))
    enclosed = _unescape(core.get("fieldsEnclosedBy", '"'))
    lines = _unescape(core.get("linesTerminatedBy", "\n"))
    if len(delimiter) != 1:
        report.add(
            shown,
            "fieldsTerminatedBy",
            "error",
            f"{delimiter!r} is not one character; expected \\t or ,",
        )
        ok = False
    if len(enclosed) > 1:
        report.add(
            shown,
            "fieldsEnclosedBy",
            "error",
            f'{enclosed!r} is not one character; expected " or empty',
        )
        ok = False
    if lines not in ("\n", "\r\n", "\r"):
        report.add(
            shown,
            "linesTerminatedBy",
            "error",
            f"{lines!r} is not supported; expected \\n or \\r\\n",
        )
        ok = False
    header_lines = core.get("ignoreHeaderLines", "0").strip()
    if not _WHOLE.fullmatch(header_lines):
        report.add(
            shown,
            "ignoreHeaderLines",
            "error",
            f"{header_lines!r} is not a whole number; expected 0 or 1",
        )
        ok = False
    elif int(header_lines) > MAX_HEADER_LINES:
        report.add(
            shown,
            "ignoreHeaderLines",
            "error",
            f"{header_lines!r} header lines is more than {MAX_HEADER_LINES}; expected 0 or 1",
        )
        ok = False
    terms, defaults = _fields(core, shown, report)
    files = _child(core, "files")
    location = _child(files, "location") if files is not None else None
    where = (location.text or "").strip() if location is not None else ""
    if not where:
        report.add(shown, "location", "error", "the core has no <files><location>; expected one")
        ok = False
    if terms is None or not ok:
        return None
    layout = _Layout(
        delimiter=delimiter,
        quotechar=enclosed or None,
        skip=int(header_lines),
        terms=terms,
        defaults=defaults,
    )
    return layout, where, core.get("encoding", "UTF-8")


def _fields(
    core: ET.Element, shown: str, report: _Report
) -> tuple[dict[str, int] | None, dict[str, str]]:
    """Term -> column index and term -> default value from the core's <id> and <field>s."""
    terms: dict[str, int] = {}
    defaults: dict[str, str] = {}
    ok = True
    for element in core:
        tag = _local(element.tag)
        if tag not in ("id", "field"):
            continue
        name = _CORE_ID if tag == "id" else _term_name(element.get("term", ""))
        index = element.get("index")
        if index is not None:
            if not _WHOLE.fullmatch(index.strip()):
                report.add(
                    shown,
                    name,
                    "error",
                    f"index {index!r} is not a whole number; expected 0 or more",
                )
                ok = False
            elif name not in terms:
                terms[name] = int(index.strip())
        if element.get("default") is not None and name not in defaults:
            defaults[name] = element.get("default", "")
    return (terms if ok else None), defaults


def _archive_eml(files: set[str], read: Reader, name: str, shown: str, report: _Report) -> _Eml:
    """Title, citation and licence from eml.xml; a bad eml.xml is a warning, not an error."""
    if name not in files:
        return _Eml()
    data = read(name)
    root = None if data is None else _xml(data, f"{shown}/{name}", "warning", report)
    if root is None:
        return _Eml()
    dataset = _child(root, "dataset")
    scope = dataset if dataset is not None else root
    title = _child(scope, "title")
    rights = _child(scope, "intellectualRights")
    # GBIF writes the dataset's citation in additionalMetadata/metadata/gbif/citation; other
    # <citation>s (in gbif/bibliography) cite literature, so they come second.
    gbif = [
        c for e in root.iter() if _local(e.tag) == "gbif" for c in e if _local(c.tag) == "citation"
    ]
    anywhere = [e for e in root.iter() if _local(e.tag) == "citation"]
    citation = next(iter(gbif + anywhere), None)
    return _Eml(
        title=_text(title),
        citation=_text(citation),
        licence=_text(rights, limit=300),
    )


def _text(element: ET.Element | None, limit: int = 1000) -> str:
    """An element's text with its children's, whitespace collapsed, cut at `limit`."""
    if element is None:
        return ""
    text = " ".join("".join(element.itertext()).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- validation and normalisation ------------------------------------------------------------


def _normalise(
    frame: pd.DataFrame,
    numbers: np.ndarray,
    shown: str,
    report: _Report,
    region: Region | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The normalised observations of the valid records, and the mask of the records kept."""
    bad = np.zeros(len(frame), dtype=bool)

    def flag(key: str, mask: pd.Series | np.ndarray, message: Callable[[int], str]) -> None:
        """An error for each record in mask; message(position) says what is wrong."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        bad[positions] = True
        report.rows(shown, key, "error", numbers[positions], lambda i: message(positions[i]))

    if not _check_columns(frame, shown, report):
        return empty_observations(), np.zeros(len(frame), dtype=bool)
    frame = _without_na(frame)
    scientific, species, nameless = _names(frame)
    lat, lon = _coordinates(frame, flag, shown, report)
    if region is not None:
        _check_region(frame, lat, lon, region, flag)
    count, dropped = _counts(frame, flag)
    out = pd.DataFrame(
        {
            "dataset": "",
            "record_id": _record_ids(frame, numbers, flag),
            "species": species,
            "scientific_name": scientific,
            "time": _times(frame, flag),
            "lat": lat,
            "lon": lon,
            "count": count,
            "deployment": None,
            "basis": _optional(frame.get("basisOfRecord"), len(frame)),
            "country": _optional(frame.get("countryCode"), len(frame)),
            "licence": _optional(frame.get("license"), len(frame)),
            "withheld": _withheld(frame),
        },
        columns=list(OBSERVATION_COLUMNS),
    )
    out["dataset"] = out["dataset"].astype(object)
    out["deployment"] = out["deployment"].astype(object)
    if dropped.any():
        report.add(
            shown,
            "occurrenceStatus",
            "warning",
            f"{int(dropped.sum())} records dropped: occurrenceStatus 'absent' or individualCount "
            "0 (an absence is not an occurrence)",
        )
    unnamed = nameless & ~bad & ~dropped
    if unnamed.any():
        rows = numbers[unnamed]
        listed = ", ".join(str(n) for n in rows[:5]) + (
            f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        )
        column = "scientificName" if "scientificName" in frame else "species"
        report.add(
            shown,
            column,
            "warning",
            f"{len(rows)} record{'s' * (len(rows) != 1)} dropped: no taxon is named "
            f"(scientificName{' and species' if 'species' in frame else ''} empty; GBIF "
            f"leaves them so when it cannot match the name), in row{'s' * (len(rows) != 1)} "
            f"{listed}; name the taxon to keep them",
        )
    kept = ~bad & ~dropped & ~nameless
    missing = int((out["lat"].isna() & kept).sum())
    if missing and "decimalLatitude" in frame:
        report.add(
            shown,
            "decimalLatitude",
            "warning",
            f"{missing} of {int(kept.sum())} records have no coordinates (decimalLatitude and "
            "decimalLongitude empty); they are kept but cannot be placed on the map",
        )
    return out[kept].reset_index(drop=True), kept


def _check_columns(frame: pd.DataFrame, shown: str, report: _Report) -> bool:
    """Column-level problems; False when the records cannot be read at all."""
    ok = True
    if "scientificName" not in frame and "species" not in frame:
        report.add(
            shown,
            "scientificName",
            "error",
            "column is missing; expected a scientificName (or GBIF species) column naming "
            "each record's taxon",
        )
        ok = False
    has_lat, has_lon = "decimalLatitude" in frame, "decimalLongitude" in frame
    if has_lat != has_lon:
        present, absent = (
            ("decimalLatitude", "decimalLongitude")
            if has_lat
            else ("decimalLongitude", "decimalLatitude")
        )
        report.add(
            shown,
            absent,
            "error",
            f"column is missing while {present} is present; expected both decimalLatitude "
            "and decimalLongitude, or neither",
        )
        ok = False
    elif not has_lat:
        report.add(
            shown,
            "decimalLatitude",
            "warning",
            "no decimalLatitude and decimalLongitude columns: no record can be placed on the map",
        )
    return ok


def _quote(value: object) -> str:
    """A value for a message, quoted and shortened."""
    text = str(value)
    return repr(text if len(text) <= 80 else text[:77] + "...")


Flag = Callable[[str, "pd.Series | np.ndarray", Callable[[int], str]], None]


# The record id: gbifID first (unique in every GBIF download), else occurrenceID (unique only
# within one publisher's dataset: a GBIF download may repeat 'present' or '1'), else the
# archive's core id, else "row N".
_ID_FIELDS = ("gbifID", "occurrenceID", _CORE_ID)


def _record_ids(frame: pd.DataFrame, numbers: np.ndarray, flag: Flag) -> pd.Series:
    """gbifID, else occurrenceID, else the archive's core id, else "row N"; unique or errors."""
    ids = pd.Series("", index=frame.index, dtype=object)
    source = pd.Series("occurrenceID", index=frame.index, dtype=object)
    for name in _ID_FIELDS:
        if name in frame:
            take = ids.eq("") & frame[name].ne("")
            ids = ids.mask(take, frame[name])
            source = source.mask(take, "id" if name == _CORE_ID else name)
    unnamed = ids.eq("")
    if unnamed.any():
        ids[unnamed] = [f"row {n}" for n in numbers[unnamed.to_numpy()]]
    duplicated = ids.duplicated(keep="first")
    if duplicated.any():
        values = ids.to_numpy(dtype=object)

        def message(i: int) -> str:
            first = numbers[int(np.argmax(values == values[i]))]
            return (
                f"field '{source.iat[i]}': value {_quote(values[i])} was already used in row "
                f"{first}; expected a unique record id per record (gbifID, else occurrenceID)"
            )

        flag("occurrenceID", duplicated, message)
    return ids.astype(object)


# Columns whose "NA" is a missing value (R's write.csv writes NA there): numbers, dates and
# GBIF's numeric id. In text columns "NA" is a value: countryCode NA is Namibia.
_NA_MISSING = ("gbifID", "decimalLatitude", "decimalLongitude", "eventDate", "year", "month")
_NA_MISSING += ("day", "individualCount")


def _without_na(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with "NA" read as empty in the numeric and date columns."""
    present = [c for c in _NA_MISSING if c in frame]
    if not present:
        return frame
    out = frame.copy()
    for column in present:
        values = out[column]
        out[column] = values.mask(values.str.strip().eq("NA"), "")
    return out


def _names(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """scientific_name as given and species (GBIF's species, else the scientificName's
    binomial), and the mask of records that name no taxon at all."""
    empty = pd.Series("", index=frame.index, dtype=object)
    given = frame.get("scientificName")
    gbif = frame.get("species", empty)
    name = given if given is not None else gbif
    lookup = {value: binomial(value) for value in name.unique()}
    species = name.map(lookup).astype(object)
    species = species.mask(gbif.ne(""), gbif.astype(object))
    nameless = (name.eq("") & gbif.eq("")).to_numpy()
    return _optional(name, len(frame)), species.where(species.notna(), None), nameless


def _numbers(values: pd.Series) -> pd.Series:
    """Numbers of text values as float64 (Python's float syntax, surrounding spaces allowed,
    "_" not); NaN where empty or not a number."""
    text = values.to_numpy(dtype=object)
    text = np.where((text == "") | values.str.contains("_", regex=False).to_numpy(), "nan", text)
    try:
        numbers = text.astype("float64")
    except (ValueError, TypeError):  # some value is not a number: convert one by one
        numbers = np.fromiter((_float(v) for v in text), dtype="float64", count=len(text))
    return pd.Series(numbers, index=values.index)


def _float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return float("nan")


def _coordinates(
    frame: pd.DataFrame, flag: Flag, shown: str, report: _Report
) -> tuple[pd.Series, pd.Series]:
    """decimalLatitude/decimalLongitude as float64: NaN when both are empty, else validated."""
    nan = pd.Series(np.nan, index=frame.index, dtype="float64")
    if "decimalLatitude" not in frame or "decimalLongitude" not in frame:
        return nan, nan.copy()
    raw = {
        "decimalLatitude": frame["decimalLatitude"],
        "decimalLongitude": frame["decimalLongitude"],
    }
    empty = {name: values.eq("") for name, values in raw.items()}
    for name, other in (
        ("decimalLatitude", "decimalLongitude"),
        ("decimalLongitude", "decimalLatitude"),
    ):
        column = raw[other]
        flag(
            name,
            empty[name] & ~empty[other],
            lambda i, other=other, column=column, name=name: (
                f"field '{name}' is empty while {other} is {_quote(column.iat[i])}; expected "
                "both coordinates or neither"
            ),
        )
    parsed: dict[str, pd.Series] = {}
    for name, limit in (("decimalLatitude", 90), ("decimalLongitude", 180)):
        values, number = raw[name], _numbers(raw[name])
        finite = np.isfinite(number)
        flag(
            name,
            ~empty[name] & ~finite,
            lambda i, name=name, values=values: (
                f"field '{name}': value {_quote(values.iat[i])} is not a number; expected "
                "decimal degrees (WGS84) with '.' as the decimal separator"
            ),
        )
        flag(
            name,
            finite & (number.abs() > limit),
            lambda i, name=name, values=values, limit=limit: (
                f"field '{name}': value {_quote(values.iat[i])} is out of range; expected a "
                f"number from -{limit} to {limit}"
            ),
        )
        parsed[name] = number.where(finite & (number.abs() <= limit))
    both = parsed["decimalLatitude"].notna() & parsed["decimalLongitude"].notna()
    return parsed["decimalLatitude"].where(both), parsed["decimalLongitude"].where(both)


def _check_region(
    frame: pd.DataFrame, lat: pd.Series, lon: pd.Series, region: Region, flag: Flag
) -> None:
    """An error for every occurrence whose position lies outside `region`."""
    raw_lat, raw_lon = frame["decimalLatitude"], frame["decimalLongitude"]
    flag(
        "decimalLatitude",
        outside(lon, lat, region),
        lambda i: position_message(
            _quote(raw_lon.iat[i]),
            _quote(raw_lat.iat[i]),
            float(lon.iat[i]),
            float(lat.iat[i]),
            region,
            ("decimalLongitude", "decimalLatitude"),
        ),
    )


def _times(frame: pd.DataFrame, flag: Flag) -> pd.Series:
    """eventDate (the start of an interval) in UTC; year/month/day where it is empty; else NaT."""
    parsed = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    empty = pd.Series(True, index=frame.index)
    if "eventDate" in frame:
        raw = frame["eventDate"]
        empty = raw.eq("")
        start = raw.str.strip()
        interval = start.str.contains("/", regex=False)
        end = pd.Series("", index=frame.index)
        if interval.any():
            end = end.mask(interval, start[interval].str.replace(r"^[^/]*/", "", regex=True))
            start = start.mask(interval, start[interval].str.replace(r"/.*$", "", regex=True))
        value = _parse_times(start)
        flag(
            "eventDate",
            ~empty & value.isna(),
            lambda i: (
                f"field 'eventDate': value {_quote(raw.iat[i])} is not a date; "
                f"expected {_DATE_FORMS}"
            ),
        )
        outside = value.notna() & ((value < _EARLIEST) | (value >= _LATEST))
        flag(
            "eventDate",
            outside,
            lambda i: (
                f"field 'eventDate': value {_quote(raw.iat[i])} is outside the years "
                f"{_EARLIEST.year} to {_LATEST.year - 1}; expected a date in that range"
            ),
        )
        parsed = value.where(~outside).astype("datetime64[ns, UTC]")
        _check_interval(raw, parsed, _parse_times(end), flag)
    if "year" in frame:
        rows = np.flatnonzero((empty & frame["year"].ne("")).to_numpy())
        if len(rows):
            parsed.iloc[rows] = _date_parts(frame, rows, flag).to_numpy()
    return parsed


def _parse_times(texts: pd.Series) -> pd.Series:
    """ISO 8601 dates or times (or GBIF's old Java form) in UTC; NaT where a text is not one
    (or is empty)."""
    form = texts.str.fullmatch(_ISO_DATE.pattern)
    times = pd.to_datetime(
        texts.where(form).str.replace(",", ".", regex=False),
        format="ISO8601",
        utc=True,
        errors="coerce",
    )
    java = ~form & texts.str.contains(":", regex=False)
    if java.any():
        found = _java_times(texts[java]).dropna()
        if len(found):
            times = times.astype("datetime64[ns, UTC]") if times.isna().all() else times
            times.loc[found.index] = found
    return times


def _java_times(texts: pd.Series) -> pd.Series:
    """GBIF's old "Tue Apr 01 00:00:00 CET 1930" in UTC. Midnight stands for the date alone (GBIF
    wrote dates at midnight of its server's zone), so it is that day, like "1930-04-01"; another
    time is read in the named zone. NaT where a text is not this form, its date is not real,
    or its time is not midnight and its zone names no one offset."""
    parts = texts.str.strip().str.extract(f"^{_JAVA_DATE.pattern}$")
    found = parts[0].notna()
    out = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns, UTC]")
    if not found.any():
        return out
    p = parts[found]
    numbers = p[[1, 2, 3, 4, 6]].astype("int64")
    local = pd.to_datetime(
        pd.DataFrame(
            {
                "year": numbers[6],
                "month": p[0].map(_JAVA_MONTHS),
                "day": numbers[1],
                "hour": numbers[2],
                "minute": numbers[3],
                "second": numbers[4],
            }
        ),
        errors="coerce",
        utc=True,
    )
    midnight = (numbers[2] == 0) & (numbers[3] == 0) & (numbers[4] == 0)
    offset = p[5].map(_JAVA_ZONES).astype("float64")
    shifted = local - pd.to_timedelta(offset.fillna(0), unit="h")
    out[found] = shifted.where(offset.notna()).mask(midnight, local)
    return out


def _check_interval(raw: pd.Series, start: pd.Series, end: pd.Series, flag: Flag) -> None:
    """An error where an eventDate interval ends on a day before the one it starts on. Ends
    written short (2023-06-01/15) are not read; times of day are not compared, so an
    interval within one day is never refused."""
    before = start.notna() & end.notna() & (end.dt.floor("D") < start.dt.floor("D"))
    flag(
        "eventDate",
        before,
        lambda i: (
            f"field 'eventDate': value {_quote(raw.iat[i])} is an interval that ends before it "
            "starts; expected start/end with the end at or after the start, like "
            "2023-06-01/2023-06-30"
        ),
    )


def _date_parts(frame: pd.DataFrame, rows: np.ndarray, flag: Flag) -> pd.Series:
    """Dates from year, month and day (missing month or day: the first) of the records at
    positions `rows`; NaT where they are not valid."""
    part = frame.iloc[rows]
    size = len(frame)

    def everywhere(mask: pd.Series) -> np.ndarray:
        """A mask over the part as a mask over the whole frame."""
        full = np.zeros(size, dtype=bool)
        full[rows[mask.to_numpy()]] = True
        return full

    numbers: dict[str, pd.Series] = {}
    ok = pd.Series(True, index=part.index)
    first, last = _EARLIEST.year, _LATEST.year - 1
    for name, low, high in (("year", first, last), ("month", 1, 12), ("day", 1, 31)):
        if name not in part:
            numbers[name] = pd.Series(1.0, index=part.index)
            continue
        raw = frame[name]
        given = part[name].ne("")
        number = _numbers(part[name])
        valid = number.notna() & (number % 1 == 0) & number.between(low, high)
        flag(
            name,
            everywhere(given & ~valid),
            lambda i, name=name, raw=raw, low=low, high=high: (
                f"field '{name}': value {_quote(raw.iat[i])} is not valid; expected a whole "
                f"number from {low} to {high}"
            ),
        )
        ok &= ~given | valid
        numbers[name] = number.where(given & valid, 1.0)
    table = pd.DataFrame({k: v[ok].astype("int64") for k, v in numbers.items()})
    dates = pd.to_datetime(table, errors="coerce", utc=True).astype("datetime64[ns, UTC]")
    present = [n for n in ("year", "month", "day") if n in frame]
    flag(
        "year",
        everywhere(ok & ok.index.isin(dates.index[dates.isna()])),
        lambda i: (
            f"fields {', '.join(present)}: values "
            + ", ".join(_quote(frame[n].iat[i]) for n in present)
            + " do not form a date; expected a real calendar date"
        ),
    )
    return dates.reindex(part.index)


def _counts(frame: pd.DataFrame, flag: Flag) -> tuple[pd.Series, np.ndarray]:
    """individualCount as int64 (empty: 1), and the mask of absences to drop."""
    count = pd.Series(1, index=frame.index, dtype="int64")
    dropped = pd.Series(False, index=frame.index)
    if "occurrenceStatus" in frame:
        status = frame["occurrenceStatus"]
        other = status[status.ne("PRESENT") & status.ne("present")]  # the common values
        dropped |= other.str.strip().str.lower().eq("absent").reindex(frame.index, fill_value=False)
    raw = frame.get("individualCount")
    given = raw.ne("") if raw is not None else dropped & False
    if raw is None or not given.any():
        return count, dropped.to_numpy()
    text = raw[given].str.strip()
    whole = text.str.fullmatch(r"\+?\d{1,15}")
    negative = text.str.fullmatch(r"-\s*\d+(\.0*)?")
    expected = "expected a whole number of individuals, 0 or more (empty counts as 1)"
    flag(
        "individualCount",
        negative.reindex(frame.index, fill_value=False),
        lambda i: f"field 'individualCount': value {_quote(raw.iat[i])} is negative; {expected}",
    )
    flag(
        "individualCount",
        (~whole & ~negative).reindex(frame.index, fill_value=False),
        lambda i: (
            f"field 'individualCount': value {_quote(raw.iat[i])} is not a whole number; "
            + expected
        ),
    )
    numbers = pd.to_numeric(text[whole]).astype("int64")
    count[numbers.index] = numbers
    dropped |= (numbers == 0).reindex(frame.index, fill_value=False)
    return count, dropped.to_numpy()


def _optional(values: pd.Series | None, length: int) -> pd.Series:
    """Text values as objects, None where empty (or when the column is absent)."""
    if values is None:
        return pd.Series([None] * length, dtype=object)
    return values.astype(object).where(values.ne(""), None)


def _withheld(frame: pd.DataFrame) -> pd.Series:
    """informationWithheld, then dataGeneralizations after "; "; None when both are empty."""
    empty = pd.Series("", index=frame.index, dtype=object)
    withheld = frame.get("informationWithheld", empty)
    general = frame.get("dataGeneralizations", empty)
    joined = withheld.mask(withheld.ne("") & general.ne(""), withheld + "; " + general)
    joined = joined.mask(withheld.eq(""), general)
    return _optional(joined, len(frame))


# -- dataset metadata ------------------------------------------------------------------------


def _distinct(frame: pd.DataFrame, name: str) -> list[str]:
    """The distinct non-empty values of a column, in order of first appearance."""
    if name not in frame:
        return []
    values = frame[name]
    return [str(v) for v in pd.unique(values[values.ne("")])]


def _listed(values: list[str], most: int = 3) -> str:
    """Values joined with "; ", at most `most` of them, then "and N more"."""
    text = "; ".join(values[:most])
    return f"{text} and {len(values) - most} more" if len(values) > most else text


def _by_frequency(frame: pd.DataFrame, name: str) -> list[str]:
    """Distinct non-empty values, most frequent first (ties: first appearance first)."""
    if name not in frame:
        return []
    values = frame[name]
    counts = values[values.ne("")].value_counts(sort=False)
    return [str(v) for v, _ in sorted(counts.items(), key=lambda item: -item[1])]


def _meta(frame: pd.DataFrame, eml: _Eml, file_name: str) -> DatasetMeta:
    """The dataset's metadata: eml.xml first, else what the records' own columns say."""
    names = _listed(_distinct(frame, "datasetName"))
    institutions = _listed(_distinct(frame, "institutionCode"))
    citations = _distinct(frame, "bibliographicCitation")
    licences = _by_frequency(frame, "license")
    keys, ids = _distinct(frame, "datasetKey"), _distinct(frame, "datasetID")
    head = names
    if institutions:
        head = f"{names} ({institutions})" if names else institutions
    fallback = f"{head}, occurrence file {file_name}" if head else f"occurrence file {file_name}"
    return DatasetMeta(
        kind="dwc",
        title=eml.title or names or file_name,
        citation=eml.citation or _listed(citations) or fallback,
        licence=eml.licence or ("per record: " + ", ".join(licences) if licences else ""),
        url="",
        name=keys[0] if len(keys) == 1 else ids[0] if len(ids) == 1 else "",
        coordinate_precision=None,
        counting=COUNTING,
    )


# -- writing ---------------------------------------------------------------------------------


def write_occurrences(
    observations: pd.DataFrame, path: Path, terms: pd.DataFrame | None = None
) -> None:
    """Write normalised observations as a tab-separated UTF-8 Darwin Core occurrence file.

    Columns: occurrenceID, basisOfRecord, scientificName, species, eventDate (ISO 8601 in UTC,
    e.g. 2023-04-19T12:04:00Z), decimalLatitude, decimalLongitude (the float's repr),
    individualCount, countryCode, license, informationWithheld; then the KEPT_TERMS columns of
    `terms` (a reader's Parsed.terms, row for row), as they are. Missing values are empty; tabs
    and line breaks inside values become spaces; no quoting; LF line endings. The same frame
    always gives the same bytes, and `read_dwc` of the file gives the frame back.
    """
    columns = [_written(observations[source], source) for _, source in _WRITTEN]
    header = [term for term, _ in _WRITTEN]
    if terms is not None:
        extra = [term for term in KEPT_TERMS if term in terms]
        columns += [_written(terms[term].reset_index(drop=True), term) for term in extra]
        header += extra
    lines = ["\t".join(header)]
    lines += map("\t".join, zip(*columns, strict=True))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    replace_file(path, lambda tmp: tmp.write_bytes(data))


def _written(values: pd.Series, source: str) -> list[str]:
    """One output column as text values: empty when missing, no tabs or line breaks."""
    if source == "time":
        return _iso_times(values)
    if source in ("lat", "lon"):
        return ["" if v != v else repr(v) for v in values.astype("float64").tolist()]
    if source == "count":
        return [str(v) for v in values.astype("int64").tolist()]
    text = pd.Series(values.astype(object).where(values.notna(), "").tolist(), dtype="str")
    return text.str.replace(r"[\t\r\n]", " ", regex=True).tolist()


def _iso_times(values: pd.Series) -> list[str]:
    """ISO 8601 UTC texts ("2023-04-19T12:04:00Z", with a fraction only when non-zero)."""
    times = pd.to_datetime(values, utc=True).astype("datetime64[ns, UTC]")
    naive = times.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")
    seconds = np.datetime_as_string(naive.astype("datetime64[s]"), unit="s").tolist()
    nanos = (naive - naive.astype("datetime64[s]")).astype("int64").tolist()
    missing = np.isnat(naive).tolist()
    return [_iso(*parts) for parts in zip(seconds, nanos, missing, strict=True)]


def _iso(second: str, nano: int, missing: bool) -> str:
    """ "2023-04-19T12:04:00" and 5 ns -> "2023-04-19T12:04:00.000000005Z"; "" when missing."""
    if missing:
        return ""
    return f"{second}.{nano:09d}".rstrip("0") + "Z" if nano else second + "Z"
