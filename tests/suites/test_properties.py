"""Property-based tests (hypothesis) of every reader and validator of data files.

The property, for every reader: arbitrary bytes written as the file, and arbitrary mutations
of a valid file (lines deleted, duplicated or swapped; bytes flipped or inserted; the file cut
short; a field or a TOML/JSON value replaced by hostile text: unicode, huge numbers, NaN,
empty, quotes, line breaks), give a result or a clean error, never an unhandled exception or a
hang. A clean error is a `Problem` with a path and a message; a result without errors has the
documented columns and types.

Hangs: every example has a hypothesis `deadline` (DEADLINE seconds, CATALOG_DEADLINE for a
whole catalog), so a slow example fails as DeadlineExceeded; a real hang is stopped by an alarm
after HARD_LIMIT seconds and fails as `Hang`.

Reproducible: the CI profile ("landscape-ci") runs few examples with `derandomize=True`, so
every run tries the same inputs, in well under a minute. To search harder, run more examples
(the "landscape-deep" profile: random, a new search each run):

    LANDSCAPE_HYPOTHESIS_EXAMPLES=2000 python -m pytest tests/suites/test_properties.py

A failure prints the smallest input that fails. Each open bug found so far has a `test_bug_*`
test at the end with its minimal input, marked `xfail(strict=True)`, and the properties reject
inputs that fail with exactly that bug (an exception in KNOWN_BUGS, or a flag beside the
property), so that they keep looking for others. When a bug is fixed its test passes, which
fails the run (strict): remove the marker and the KNOWN_BUGS entry or flag. The 13 bugs found
so far are all fixed: their tests are plain tests, and KNOWN_BUGS is empty.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import re
import shutil
import signal
import tempfile
import threading
import tomllib
import traceback
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import HealthCheck, currently_in_test_context, given, reject, settings
from hypothesis import strategies as st

import landscape
from landscape.catalog import Catalog, empty_layer, load_catalog, load_layer
from landscape.mett import ANSWER_COLUMNS, ASSESSMENT_COLUMNS, FOLDER, load_mett
from landscape.paths import BUNDLED_DATA
from landscape.problems import Problem
from landscape.schema import LAYER_BY_NAME, LAYERS, Layer
from landscape.text import LANGS, is_blank
from landscape.validate import ID_PATTERN
from landscape.viewstate import (
    COLOUR,
    MODES,
    SHOW,
    URL_PARAMS,
    ViewState,
    as_dict,
    parse,
    to_params,
)
from landscape.wildlife.camtrap import read_camtrap_dp
from landscape.wildlife.dwc import read_dwc
from landscape.wildlife.model import (
    CATEGORICAL_OBSERVATIONS,
    KINDS,
    Parsed,
    binomial,
    empty_deployments,
    empty_observations,
    empty_patrols,
    empty_waypoints,
)
from landscape.wildlife.smart import Mapping, read_mapping, read_smart
from landscape.wildlife.store import BOOL_FIELDS, Record, read_record
from tests.packages import write_package

# GDAL warns about some broken GeoJSON while it reads it; the reader reports the problem.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning:pyogrio")

# --- settings --------------------------------------------------------------------------------

DEADLINE = 5.0  # seconds per example: a reader slower than this on a small file has a problem
CATALOG_DEADLINE = 15.0  # a whole data directory
HARD_LIMIT = 60.0  # a real hang is stopped here
DEEP = int(os.environ.get("LANDSCAPE_HYPOTHESIS_EXAMPLES", "0") or 0)

settings.register_profile(
    "landscape-ci",
    derandomize=True,
    database=None,
    deadline=dt.timedelta(seconds=DEADLINE),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=False,
)
settings.register_profile(
    "landscape-deep",
    parent=settings.get_profile("landscape-ci"),
    derandomize=False,
    print_blob=True,
    max_examples=max(DEEP, 1),
)
PROFILE = settings.get_profile("landscape-deep" if DEEP else "landscape-ci")


def budget(examples: int, share: float = 1.0, deadline: float = DEADLINE) -> settings:
    """The settings of one property: `examples` in CI; with LANDSCAPE_HYPOTHESIS_EXAMPLES=N,
    N x `share` (the slow properties take a share of N)."""
    count = max(examples, int(DEEP * share)) if DEEP else examples
    return settings(PROFILE, max_examples=count, deadline=dt.timedelta(seconds=deadline))


# --- running a reader ------------------------------------------------------------------------


class Hang(Exception):
    """A reader gave no result within HARD_LIMIT seconds."""


@contextmanager
def hard_limit(seconds: float = HARD_LIMIT) -> Iterator[None]:
    """Raise Hang in the running code after `seconds` (main thread on POSIX; else no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Bugs documented by the strict xfail tests at the end: (exception type, file and function of
# src/landscape where it escapes). An input failing with exactly one of these is rejected by
# the properties, so that they keep looking for other bugs. Remove an entry when it is fixed.
KNOWN_BUGS: tuple[tuple[type[BaseException], str, str], ...] = ()
SOURCE = Path(landscape.__file__).resolve().parent


def _escapes_from(exc: BaseException) -> tuple[str, str]:
    """(file name, function) of the innermost frame of src/landscape that `exc` passed."""
    found = ("", "")
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve().is_relative_to(SOURCE):
            found = (Path(frame.filename).name, frame.name)
    return found


def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """function(*args, **kwargs) under the hard limit; in a property, a known bug rejects the
    example (the test_bug_* tests call the same helpers and see the exception)."""
    try:
        with hard_limit():
            return function(*args, **kwargs)
    except Exception as exc:
        where = _escapes_from(exc)
        known = any(isinstance(exc, kind) and where == (f, n) for kind, f, n in KNOWN_BUGS)
        if known and currently_in_test_context():
            reject()
        raise


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@contextmanager
def scratch(work: Path) -> Iterator[Path]:
    """A fresh empty folder for one example, removed afterwards."""
    with tempfile.TemporaryDirectory(dir=work) as name:
        yield Path(name)


class Files(dict):
    """File name -> bytes, with a short repr for hypothesis' reports of a failing example."""

    def __init__(self, label: str, files: dict[str, bytes]) -> None:
        super().__init__(files)
        self.label = label

    def __repr__(self) -> str:
        return f"Files({self.label!r})"


def _write_all(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


# --- checking results ------------------------------------------------------------------------


def check_problems(problems: object) -> list[Problem]:
    """Every problem is a Problem with a path, a locator, a severity and a message."""
    assert isinstance(problems, list | tuple), type(problems)
    for problem in problems:
        assert isinstance(problem, Problem), problem
        assert isinstance(problem.path, str) and problem.path.strip(), problem
        assert isinstance(problem.locator, str), problem
        assert problem.severity in ("error", "warning"), problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
    return list(problems)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def check_frame(frame: object, template: pd.DataFrame, what: str) -> None:
    assert isinstance(frame, pd.DataFrame), (what, type(frame))
    assert list(frame.columns) == list(template.columns), what
    assert frame.dtypes.equals(template.dtypes), (what, frame.dtypes, template.dtypes)


def check_parsed(parsed: object) -> Parsed:
    """A reader's result: clean problems, every frame in its documented columns and dtypes,
    and, when there is no error, records that keep the model's promises."""
    assert isinstance(parsed, Parsed), type(parsed)
    problems = check_problems(parsed.problems)
    for name, template in (
        ("observations", empty_observations()),
        ("deployments", empty_deployments()),
        ("waypoints", empty_waypoints()),
        ("patrols", empty_patrols()),
    ):
        check_frame(getattr(parsed, name), template, name)
    if not has_errors(problems):
        obs = parsed.observations
        assert obs["record_id"].notna().all() and obs["record_id"].is_unique, obs["record_id"]
        assert (obs["count"] >= 1).all(), obs["count"]
        assert obs["lat"].dropna().between(-90, 90).all()
        assert obs["lon"].dropna().between(-180, 180).all()
        assert (obs["lat"].isna() == obs["lon"].isna()).all()
        for frame in (parsed.deployments, parsed.waypoints):
            assert frame["lat"].dropna().between(-90, 90).all()
            assert frame["lon"].dropna().between(-180, 180).all()
    return parsed


# --- hostile values and mutations ------------------------------------------------------------

NASTY = (
    "",
    " ",
    "NA",
    "NaN",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "1e999",
    "-1e999",
    "1e-999",
    "9" * 400,
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
    "-0",
    "0",
    "0.0",
    "1",
    "-1",
    "1.5",
    "1,5",
    "1_000",
    "0x10",
    "+",
    "-",
    ".",
    "  7  ",
    "²",
    "①",
    "١٢",
    "𝟙𝟚",
    "Ⅻ",
    "true",
    "false",
    "null",
    "None",
    '"',
    '""',
    '"unclosed',
    "a,b",
    "a;b",
    "a\tb",
    "a\nb",
    "a\r\nb",
    "\r",
    "\x00",
    "\ufeff",
    "\u2028",
    "\\",
    "'",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\x",
    "http://example.org/x.csv",
    "<img src=x onerror=alert(1)>",
    "${x}",
    "{}",
    "[]",
    "2023-02-30T00:00:00Z",
    "2023-06-10T03:14:15+06:00",
    "2023-06-10T03:14:15",
    "2023-06-10",
    "2023-06",
    "2023",
    "2023-06-01/2023-06-30",
    "/",
    "0000-01-01T00:00:00Z",
    "0001-01-01",
    "1677-09-21T00:00:00Z",
    "2262-04-12T00:00:00Z",
    "9999-12-31T23:59:59+14:00",
    "2023-06-10T25:61:61+99:99",
    "19-Jun-22",
    "31-Feb-22",
    "19-июн-22",
    "29.02.2100",
    "00.00.0000",
    "8:49:33 AM",
    "13:00 PM",
    "0:00 AM",
    "24:00",
    "99:99:99",
    "Panthera uncia",
    "Panthera",
    "panthera uncia",
    "Asia/Bishkek",
    "Etc/GMT+14",
    "x" * 3000,
    "9" * 5000,
)
nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.integers().map(str),
    st.floats().map(repr),
)
# What TOML can hold, in the shapes a data manager may write by mistake.
toml_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    nasty_text,
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=6))])),
    st.times(),
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner)


toml_values = st.recursive(toml_scalars, _containers, max_leaves=8)
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), nasty_text)
json_values = st.recursive(json_scalars, _containers, max_leaves=8)


def toml_key(key: str) -> str:
    return toml_string(key)


def toml_string(text: str) -> str:
    # JSON's string escapes are TOML's, except that TOML wants DEL escaped too.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_literal(value: Any) -> str:
    """A TOML value on one line (tables inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{toml_key(str(k))} = {toml_literal(v)}" for k, v in value.items())
        return "{" + inner + "}"
    raise TypeError(type(value))


def toml_document(doc: dict[str, Any]) -> str:
    return "".join(f"{toml_key(k)} = {toml_literal(v)}\n" for k, v in doc.items())


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def text_mutation(draw: st.DrawFn, data: bytes, kind: str) -> bytes:
    """One to three edits of a file's bytes. `kind` says how a value is found in a line:
    "csv" (commas), "tsv" (tabs), "toml" (after "="), anything else (no value edits)."""
    for _ in range(draw(st.integers(1, 3))):
        lines = _lines(data)
        ops = ["delete", "duplicate", "swap", "flip", "insert", "truncate"]
        if kind in ("csv", "tsv", "toml"):
            ops += ["value"] * 4  # the edit that reaches the validators
        op = draw(st.sampled_from(ops))
        line = draw(st.integers(0, max(len(lines) - 1, 0)))
        at = draw(st.integers(0, len(data)))
        if op == "delete" and len(lines) > 1:
            del lines[line]
        elif op == "duplicate":
            lines.insert(line, lines[line])
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[line], lines[other] = lines[other], lines[line]
        elif op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
            continue
        elif op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
            continue
        elif op == "truncate":
            data = data[:at]
            continue
        elif op == "value":
            holding = [i for i, text in enumerate(lines) if b"=" in text or kind != "toml"]
            if holding:  # a line that holds a value: a row, or a TOML key = value
                line = draw(st.sampled_from(holding))
                lines[line] = draw(_new_value(lines[line], kind))
        data = b"\n".join(lines)
    return data


@st.composite
def _new_value(draw: st.DrawFn, line: bytes, kind: str) -> bytes:
    """The line with one value replaced by hostile text (quoted or not) or a TOML value."""
    if kind == "toml":
        if b"=" not in line:
            return line
        key = line.split(b"=", 1)[0]
        literal = draw(st.booleans())  # a valid TOML value, or any text
        value = toml_literal(draw(toml_values)) if literal else draw(nasty_text)
        return key + b"= " + value.encode("utf-8")
    delimiter = b"," if kind == "csv" else b"\t"
    cells = line.split(delimiter)
    value = draw(nasty_text).encode("utf-8")
    if kind == "csv" and draw(st.booleans()):
        value = b'"' + value.replace(b'"', b'""') + b'"'
    cells[draw(st.integers(0, len(cells) - 1))] = value
    return delimiter.join(cells)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value inside a JSON/TOML document, the document itself first."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def tree_mutation(draw: st.DrawFn, data: bytes, kind: str) -> bytes:
    """A parsed JSON or TOML document with one to three values replaced, removed or added."""
    doc = json.loads(data) if kind == "json" else tomllib.loads(data.decode("utf-8"))
    values = json_values if kind == "json" else toml_values
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _at(doc, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if op == "replace":
            parent[last] = draw(values)
        elif op == "remove":
            del parent[last]
        elif isinstance(parent, dict):
            keys = [str(k) for p in paths for k in p if isinstance(k, str)]
            parent[draw(st.sampled_from(keys) | st.text(max_size=8))] = draw(values)
        else:
            parent.insert(int(last), draw(values))
    if kind == "json":
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    return toml_document(doc).encode("utf-8")


def fuzzed(data: bytes, kind: str) -> st.SearchStrategy[bytes]:
    """Mutations of a valid file `data` (kind: csv, tsv, toml, json, xml)."""
    options = [text_mutation(data, kind)]
    if kind in ("json", "toml"):
        options.append(tree_mutation(data, kind))
    return st.one_of(options)


arbitrary_bytes = st.binary(max_size=2048)


def head(path: Path, rows: int) -> bytes:
    """The header and the first `rows` lines of a text file."""
    return b"".join(path.read_bytes().splitlines(keepends=True)[: rows + 1])


# --- Camtrap DP --------------------------------------------------------------------------------

SAMPLE = BUNDLED_DATA / "observations" / "synthetic-sample"
CAMTRAP_FILES = ("datapackage.json", "deployments.csv", "media.csv", "observations.csv")


def _kind(name: str) -> str:
    return name.rsplit(".", 1)[-1]


@pytest.fixture(scope="module")
def camtrap_packages(work: Path) -> list[Files]:
    """Two small valid packages: a slice of the bundled sample (event-level observations) and
    a media-level package (two images of one event, and an image without an event)."""
    sample = Files("synthetic-sample, 6 rows", {n: head(SAMPLE / n, 6) for n in CAMTRAP_FILES})
    sample["datapackage.json"] = (SAMPLE / "datapackage.json").read_bytes()
    media_level = [
        {
            "observationID": f"obs-{i}",
            "deploymentID": "dep-1",
            "mediaID": f"m-obs-{i}",
            "eventID": event,
            "eventStart": f"2023-06-10T03:1{i}:15+06:00",
            "eventEnd": f"2023-06-10T03:1{i}:45+06:00",
            "observationLevel": "media",
            "observationType": "animal",
            "scientificName": "Panthera uncia",
            "count": count,
        }
        for i, (event, count) in enumerate((("ev-1", "1"), ("ev-1", "2"), ("", "")))
    ]
    folder = write_package(work / "media-level", observations=media_level)
    media = Files("media-level", {name: (folder / name).read_bytes() for name in CAMTRAP_FILES})
    for package in (sample, media):
        with scratch(work) as root:
            parsed = check_parsed(read_camtrap_dp(_write_all(root, package), "pkg"))
            assert not has_errors(parsed.problems), parsed.problems
            assert len(parsed.observations) > 0
    return [sample, media]


def _camtrap(work: Path, package: dict[str, bytes], name: str, data: bytes) -> None:
    with scratch(work) as root:
        folder = _write_all(root, {**package, name: data})
        parsed = run(read_camtrap_dp, folder, "pkg")
    check_parsed(parsed)


@pytest.mark.parametrize("name", CAMTRAP_FILES)
@budget(5, share=0.25)
@given(data=st.data())
def test_camtrap_any_bytes(work: Path, camtrap_packages, name: str, data: st.DataObject) -> None:
    package = data.draw(st.sampled_from(camtrap_packages), label="package")
    _camtrap(work, package, name, data.draw(arbitrary_bytes, label=name))


@pytest.mark.parametrize("name", CAMTRAP_FILES)
@budget(10, share=0.25)
@given(data=st.data())
def test_camtrap_mutations(work: Path, camtrap_packages, name: str, data: st.DataObject) -> None:
    package = data.draw(st.sampled_from(camtrap_packages), label="package")
    _camtrap(work, package, name, data.draw(fuzzed(package[name], _kind(name)), label=name))


# --- Darwin Core ---------------------------------------------------------------------------------

DWC_TERMS = (
    "gbifID",
    "occurrenceID",
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
    "datasetName",
    "institutionCode",
)
# Three records: every column used, an interval date, "NA" (Namibia), an absence.
DWC_ROWS = (
    {
        "gbifID": "1",
        "occurrenceID": "occ-1",
        "scientificName": "Panthera uncia (Schreber, 1775)",
        "species": "Panthera uncia",
        "decimalLatitude": "42.81",
        "decimalLongitude": "76.45",
        "eventDate": "2023-06-10T03:14:15+06:00",
        "individualCount": "2",
        "occurrenceStatus": "PRESENT",
        "basisOfRecord": "HUMAN_OBSERVATION",
        "countryCode": "KG",
        "license": "CC-BY-4.0",
        "datasetName": "Test set",
        "institutionCode": "TEST",
    },
    {
        "gbifID": "2",
        "occurrenceID": "occ-2",
        "scientificName": "Ursus arctos",
        "year": "2022",
        "occurrenceStatus": "present",
        "countryCode": "NA",
        "license": "CC0-1.0",
        "informationWithheld": "coordinates withheld",
    },
    {
        "gbifID": "3",
        "scientificName": "Capra sibirica",
        "decimalLatitude": "43.1",
        "decimalLongitude": "77.2",
        "eventDate": "2024-02-01/2024-02-03",
        "year": "2024",
        "month": "2",
        "day": "1",
        "occurrenceStatus": "absent",
        "basisOfRecord": "MACHINE_OBSERVATION",
        "countryCode": "KZ",
        "dataGeneralizations": "rounded to 0.1",
    },
)


def _dwc_text(delimiter: str) -> bytes:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter == "," and ("," in value or " " in value) else value

    rows = [DWC_TERMS, *([row.get(t, "") for t in DWC_TERMS] for row in DWC_ROWS)]
    return "".join(delimiter.join(cell(v) for v in row) + "\n" for row in rows).encode("utf-8")


DWC_TSV = _dwc_text("\t")
DWC_CSV = _dwc_text(",")
META_XML = rb"""<?xml version="1.0" encoding="UTF-8"?>
<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="eml.xml">
  <core encoding="UTF-8" fieldsTerminatedBy="\t" linesTerminatedBy="\n" fieldsEnclosedBy=""
        ignoreHeaderLines="1" rowType="http://rs.tdwg.org/dwc/terms/Occurrence">
    <files><location>occurrence.txt</location></files>
    <id index="0"/>
    <field index="2" term="http://rs.tdwg.org/dwc/terms/scientificName"/>
    <field index="4" term="http://rs.tdwg.org/dwc/terms/decimalLatitude"/>
    <field index="5" term="http://rs.tdwg.org/dwc/terms/decimalLongitude"/>
    <field index="6" term="http://rs.tdwg.org/dwc/terms/eventDate"/>
    <field index="10" term="http://rs.tdwg.org/dwc/terms/individualCount"/>
    <field index="11" term="http://rs.tdwg.org/dwc/terms/occurrenceStatus"/>
    <field index="13" term="http://rs.tdwg.org/dwc/terms/countryCode" default="KG"/>
    <field term="http://rs.tdwg.org/dwc/terms/basisOfRecord" default="MACHINE_OBSERVATION"/>
  </core>
</archive>
"""
EML_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<eml:eml xmlns:eml="eml://ecoinformatics.org/eml-2.1.1" packageId="x" system="http://gbif.org">
  <dataset><title>Test occurrences</title>
    <intellectualRights><para>CC-BY 4.0</para></intellectualRights></dataset>
  <additionalMetadata><metadata><gbif><citation>Test (2024)</citation></gbif></metadata>
  </additionalMetadata>
</eml:eml>
"""
ARCHIVE = {"meta.xml": META_XML, "eml.xml": EML_XML, "occurrence.txt": DWC_TSV}
# Values for meta.xml's attributes: what the format allows, what it does not, and codec names
# (meta.xml's `encoding` is passed to Python's codecs).
XML_VALUES = (
    "\\t",
    ",",
    ";",
    "",
    '"',
    "\\n",
    "\\r\\n",
    "\\r",
    "ab",
    "0",
    "1",
    "-1",
    "99",
    "99999999999999999999",
    "UTF-8",
    "utf-16",
    "latin-1",
    "cp1251",
    "ascii",
    "idna",
    "utf-7",
    "rot13",
    "hex",
    "base64",
    "punycode",
    "undefined",
    "no-such-codec",
    "http://rs.tdwg.org/dwc/terms/Event",
    "occurrence.txt",
    "meta.xml",
    "../x",
)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@st.composite
def xml_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """An attribute value or element text of an XML file replaced; or a text mutation."""
    spots = [m.span(1) for m in re.finditer(rb'="([^"]*)"', data)]
    spots += [m.span(1) for m in re.finditer(rb">([^<]+)<", data) if m.group(1).strip()]
    if not spots or draw(st.booleans()):
        return draw(text_mutation(data, "xml"))
    start, end = draw(st.sampled_from(spots))
    value = draw(st.sampled_from(XML_VALUES) | nasty_text)
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return data[:start] + escaped.encode("utf-8") + data[end:]


def _dwc(work: Path, name: str, data: bytes) -> None:
    with scratch(work) as root:
        path = root / name
        path.write_bytes(data)
        check_parsed(run(read_dwc, path, name))


def test_dwc_valid_inputs_read_cleanly(work: Path) -> None:
    """The inputs the mutations start from are valid (else the properties test little)."""
    inputs = {
        "occurrence.txt": DWC_TSV,
        "occurrence.csv": DWC_CSV,
        "dwca.zip": zip_bytes(ARCHIVE),
        "single.zip": zip_bytes({"occurrence.txt": DWC_TSV}),
    }
    for name, data in inputs.items():
        with scratch(work) as root:
            (root / name).write_bytes(data)
            parsed = check_parsed(read_dwc(root / name, name))
            assert not has_errors(parsed.problems), (name, parsed.problems)
            assert len(parsed.observations) == 2, name  # the third record is an absence


@budget(30)
@given(data=st.one_of(arbitrary_bytes, arbitrary_bytes.map(lambda b: b"PK\x03\x04" + b)))
def test_dwc_any_bytes(work: Path, data: bytes) -> None:
    _dwc(work, "occurrence.txt", data)


@budget(40)
@given(data=st.data())
def test_dwc_text_mutations(work: Path, data: st.DataObject) -> None:
    name, original, kind = data.draw(
        st.sampled_from([("occurrence.txt", DWC_TSV, "tsv"), ("occurrence.csv", DWC_CSV, "csv")])
    )
    _dwc(work, name, data.draw(fuzzed(original, kind), label=name))


@budget(40)
@given(data=st.data())
def test_dwc_archive_mutations(work: Path, data: st.DataObject) -> None:
    """One member of a Darwin Core Archive mutated (meta.xml, eml.xml, the core), or a zip of
    one occurrence file mutated, or the bytes of the zip itself."""
    target = data.draw(
        st.sampled_from(["meta.xml", "meta.xml", "eml.xml", "occurrence.txt", "single", "zip"])
    )
    if target == "zip":
        members = data.draw(st.sampled_from([ARCHIVE, {"occurrence.txt": DWC_TSV}]))
        archive = data.draw(text_mutation(zip_bytes(members), "zip"), label="zip")
    elif target == "single":
        name = data.draw(st.sampled_from(["occurrence.txt", "x/data.csv", "__MACOSX/._a.txt"]))
        archive = zip_bytes({name: data.draw(fuzzed(DWC_TSV, "tsv"), label=name)})
    else:
        content = ARCHIVE[target]
        changed = data.draw(
            xml_mutation(content) if target.endswith(".xml") else fuzzed(content, "tsv"),
            label=target,
        )
        archive = zip_bytes({**ARCHIVE, target: changed})
    _dwc(work, "dwca.zip", archive)


# --- SMART -------------------------------------------------------------------------------------

SMART_FIXTURES = Path(__file__).parents[1] / "fixtures" / "smart"
SMART_EXPORTS = ("patrols-en.csv", "patrols-ru.csv")
MAPPINGS = {
    "smart-mapping.toml": (BUNDLED_DATA / "smart-mapping.toml").read_bytes(),
    "mapping-ru-custom.toml": (SMART_FIXTURES / "mapping-ru-custom.toml").read_bytes(),
}


@pytest.fixture(scope="module")
def species_table() -> pd.DataFrame:
    return load_layer(BUNDLED_DATA, LAYER_BY_NAME["species"])[0]


@pytest.fixture(scope="module")
def mapping() -> Mapping:
    found, problems = read_mapping(BUNDLED_DATA / "smart-mapping.toml", "smart-mapping.toml")
    assert found is not None, problems
    return found


@pytest.fixture(scope="module")
def exports(mapping: Mapping, species_table: pd.DataFrame) -> Files:
    out = Files("tests/fixtures/smart", {})
    for name in SMART_EXPORTS:
        path = SMART_FIXTURES / name
        parsed = check_parsed(read_smart(path, name, mapping, species_table))
        assert not has_errors(parsed.problems), parsed.problems
        assert len(parsed.observations) > 0
        out[name] = path.read_bytes()
    return out


def _smart(
    work: Path, data: bytes, mapping: Mapping, species: pd.DataFrame, zone: str | None = None
) -> Parsed:
    with scratch(work) as root:
        path = root / "patrols.csv"
        path.write_bytes(data)
        return check_parsed(run(read_smart, path, "patrols.csv", mapping, species, zone))


def check_mapping(found: object, problems: object) -> None:
    """read_mapping: a usable Mapping and no error, or None and at least one error."""
    problems = check_problems(problems)
    if found is None:
        assert has_errors(problems), problems
        return
    assert isinstance(found, Mapping), found
    assert not has_errors(problems), problems
    for names in (found.species_columns, found.count_columns):
        assert isinstance(names, tuple) and names, names
        assert all(isinstance(n, str) and n.strip() for n in names), names
    assert all(isinstance(k, str) and binomial(v) for k, v in found.aliases.items())
    ZoneInfo(found.timezone)


@budget(25)
@given(data=arbitrary_bytes)
def test_smart_any_bytes(work: Path, mapping: Mapping, species_table, data: bytes) -> None:
    _smart(work, data, mapping, species_table)


@budget(40)
@given(data=st.data())
def test_smart_mutations(work: Path, mapping: Mapping, species_table, exports, data) -> None:
    name = data.draw(st.sampled_from(SMART_EXPORTS), label="export")
    _smart(work, data.draw(fuzzed(exports[name], "csv"), label=name), mapping, species_table)


@budget(20)
@given(zone=st.one_of(nasty_text, st.sampled_from(["UTC", "Asia/Almaty", "asia/bishkek", ""])))
def test_smart_any_time_zone(work: Path, mapping, species_table, exports, zone: str) -> None:
    parsed = _smart(work, exports["patrols-en.csv"], mapping, species_table, zone)
    try:
        known = bool(zone.strip()) and ZoneInfo(zone.strip()) is not None
    except Exception:
        known = False
    assert has_errors(parsed.problems) != known, (zone, parsed.problems)


@budget(20)
@given(data=arbitrary_bytes)
def test_smart_mapping_any_bytes(work: Path, data: bytes) -> None:
    with scratch(work) as root:
        (root / "m.toml").write_bytes(data)
        check_mapping(*run(read_mapping, root / "m.toml", "smart-mapping.toml"))


@budget(40)
@given(data=st.data())
def test_smart_mapping_mutations(work: Path, species_table, exports, data) -> None:
    """A mutated mapping file; when it is accepted, an export reads with it."""
    name = data.draw(st.sampled_from(sorted(MAPPINGS)), label="mapping")
    with scratch(work) as root:
        (root / "m.toml").write_bytes(data.draw(fuzzed(MAPPINGS[name], "toml"), label=name))
        found, problems = run(read_mapping, root / "m.toml", "smart-mapping.toml")
    check_mapping(found, problems)
    if found is not None:
        export = data.draw(st.sampled_from(SMART_EXPORTS), label="export")
        _smart(work, exports[export], found, species_table)


# --- METT --------------------------------------------------------------------------------------

METT_FIXTURES = Path(__file__).parents[1] / "fixtures" / "mett"
METT_FILES = {p.name: p.read_bytes() for p in sorted(METT_FIXTURES.glob("*.toml"))}
PARKS = {"chon-kemin", "ile-alatau"}
METT_SOURCES = {"test-fixture", "other-source"}
THIS_YEAR = 2026


def _template(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})


def _mett(work: Path, name: str, data: bytes) -> None:
    with scratch(work) as root:
        _write_all(root / FOLDER, {**METT_FILES, name: data})
        mett, problems = run(load_mett, root, PARKS, METT_SOURCES, this_year=THIS_YEAR)
    problems = check_problems(problems)
    check_frame(mett.assessments, _template(ASSESSMENT_COLUMNS), "assessments")
    check_frame(mett.answers, _template(ANSWER_COLUMNS), "answers")
    rejected = {p.path for p in problems if p.severity == "error"}
    shown = set(mett.assessments["file"])
    assert not shown & rejected, (shown & rejected, problems)
    assert set(mett.assessments["park"]) <= PARKS
    assert mett.assessments["year"].between(2002, THIS_YEAR).all()
    assert mett.assessments["total_pct"].between(0, 100).all()
    assert not mett.assessments.duplicated(["park", "year"]).any()
    assert set(mett.answers["assessment"]) <= set(mett.assessments["id"])


def test_mett_fixtures_load_cleanly(work: Path) -> None:
    with scratch(work) as root:
        _write_all(root / FOLDER, METT_FILES)
        mett, problems = load_mett(root, PARKS, METT_SOURCES, this_year=THIS_YEAR)
    assert not has_errors(problems), problems
    assert len(mett.assessments) == len(METT_FILES)


@budget(20)
@given(name=st.sampled_from(sorted(METT_FILES)), data=arbitrary_bytes)
def test_mett_any_bytes(work: Path, name: str, data: bytes) -> None:
    _mett(work, name, data)


@budget(40)
@given(data=st.data())
def test_mett_mutations(work: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(METT_FILES)), label="file")
    _mett(work, name, data.draw(fuzzed(METT_FILES[name], "toml"), label=name))


# --- catalog layers ------------------------------------------------------------------------------

TOML_LAYERS = ("sources", "projects", "events", "species", "figures", "statements", "tour")
TOML_LAYERS += ("basemaps",)
VECTOR_LAYERS = ("parks", "places", "border", "towns")


def _layer_file(layer: Layer) -> str:
    return layer.file if not layer.is_vector else f"{layer.file}.geojson"


def check_layer(frame: object, problems: object, layer: Layer) -> None:
    """A layer: its columns, valid unique ids, required fields present, values typed."""
    check_problems(problems)
    assert isinstance(frame, pd.DataFrame), type(frame)
    assert list(frame.columns) == list(empty_layer(layer).columns), (layer.name, frame.columns)
    ids = list(frame["id"])
    assert all(isinstance(i, str) and ID_PATTERN.match(i) for i in ids), ids
    assert len(set(ids)) == len(ids), ids
    for f in layer.fields:
        columns = [f"{f.name}_{c}" for c in LANGS] if f.kind == "text" else [f.name]
        for column in columns:
            for value in frame[column]:
                if f.required and (f.kind != "text" or column.endswith("_en")):
                    assert not is_blank(value), (layer.name, column, value)
                if value is None:
                    continue
                expected = {
                    "int": int,
                    "float": float,
                    "date": dt.date,
                    "refs": list,
                    "choices": list,
                }.get(f.kind, str)
                assert isinstance(value, expected), (layer.name, column, value)
                if f.kind in ("int", "float") and f.low is not None and f.high is not None:
                    assert f.low <= value <= f.high, (layer.name, column, value)
                if f.kind == "choice":
                    assert value in f.choices, (layer.name, column, value)
    if layer.is_vector:
        for geom in frame.geometry:
            assert geom is not None and not geom.is_empty and geom.is_valid, geom
            assert geom.geom_type in layer.geometry, geom.geom_type
            minx, miny, maxx, maxy = geom.bounds
            assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90, geom.bounds


def _load_layer(work: Path, layer: Layer, data: bytes) -> None:
    with scratch(work) as root:
        _write_all(root, {_layer_file(layer): data})
        check_layer(*run(load_layer, root, layer), layer)


def test_bundled_layers_load_cleanly() -> None:
    for name in TOML_LAYERS + VECTOR_LAYERS:
        layer = LAYER_BY_NAME[name]
        frame, problems = load_layer(BUNDLED_DATA, layer)
        check_layer(frame, problems, layer)
        assert not has_errors(problems) and len(frame) > 0, (name, problems)


@budget(6, share=0.25)
@pytest.mark.parametrize("name", TOML_LAYERS + VECTOR_LAYERS)
@given(data=arbitrary_bytes)
def test_layer_any_bytes(work: Path, name: str, data: bytes) -> None:
    _load_layer(work, LAYER_BY_NAME[name], data)


@budget(15, share=0.25)
@pytest.mark.parametrize("name", TOML_LAYERS + VECTOR_LAYERS)
@given(data=st.data())
def test_layer_mutations(work: Path, name: str, data: st.DataObject) -> None:
    layer = LAYER_BY_NAME[name]
    original = (BUNDLED_DATA / _layer_file(layer)).read_bytes()
    kind = "json" if layer.is_vector else "toml"
    _load_layer(work, layer, data.draw(fuzzed(original, kind), label=_layer_file(layer)))


# --- the whole catalog -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_data(work: Path) -> Path:
    """A copy of geodata/ with every wildlife dataset cut to a few rows (so that a whole
    catalog loads quickly), without the README."""
    target = work / "geodata"
    shutil.copytree(BUNDLED_DATA, target, ignore=shutil.ignore_patterns("README.md"))
    for path in (target / "observations").rglob("*.csv"):
        path.write_bytes(head(path, 6 if path.parent.name == "synthetic-sample" else 30))
    catalog = load_catalog(target)
    assert not has_errors(list(catalog.problems)), catalog.problems
    assert len(catalog.observations) and len(catalog.waypoints)
    return target


def _catalog_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".toml", ".geojson", ".csv", ".json")
    )


CATALOG_FILES = _catalog_files(BUNDLED_DATA)
_KINDS = {"toml": "toml", "geojson": "json", "json": "json", "csv": "csv"}


def check_catalog(catalog: object) -> None:
    assert isinstance(catalog, Catalog), type(catalog)
    check_problems(catalog.problems)
    for layer in LAYERS:
        frame = catalog.layer(layer.name)
        assert isinstance(frame, pd.DataFrame), layer.name
        expected = list(empty_layer(layer).columns)
        assert list(frame.columns)[: len(expected)] == expected, (layer.name, frame.columns)
    for name, template in (
        ("observations", empty_observations()),
        ("deployments", empty_deployments()),
        ("waypoints", empty_waypoints()),
        ("patrols", empty_patrols()),
    ):
        frame = catalog.layer(name)
        assert list(frame.columns) == [*template.columns, "park"], (name, frame.columns)
        for column, dtype in template.dtypes.items():
            if pd.api.types.is_object_dtype(dtype):  # dataset is pandas' str here: text either way
                found = frame[column].dtype
                if isinstance(found, pd.CategoricalDtype):  # records' repeated text, once loaded
                    assert name == "observations" and column in CATEGORICAL_OBSERVATIONS, found
                    found = found.categories.dtype
                text = pd.api.types.is_object_dtype(found) or isinstance(found, pd.StringDtype)
                assert text, (name, column, found)
            else:
                assert frame[column].dtype == dtype, (name, column, frame[column].dtype)
    assert set(catalog.ui) == set(LANGS)
    for table in catalog.ui.values():
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in table.items())
    assert isinstance(catalog.styles, dict)


@budget(6, share=0.05, deadline=CATALOG_DEADLINE)
@given(data=st.data())
def test_catalog_with_one_file_fuzzed(small_data: Path, data: st.DataObject) -> None:
    """load_catalog on the data directory with one file replaced by arbitrary bytes or a
    mutation of itself: a catalog of the usual shape, and problems that say what is wrong."""
    name = data.draw(st.sampled_from(CATALOG_FILES), label="file")
    path = small_data / name
    original = path.read_bytes()
    kind = _KINDS[path.suffix.lstrip(".")]
    content = data.draw(st.one_of(arbitrary_bytes, fuzzed(original, kind)), label=name)
    try:
        path.write_bytes(content)
        check_catalog(run(load_catalog, small_data))
    finally:
        path.write_bytes(original)


# --- dataset.toml --------------------------------------------------------------------------------

RECORD = (SAMPLE / "dataset.toml").read_bytes()


def _record(work: Path, data: bytes) -> None:
    with scratch(work) as root:
        folder = root / "synthetic-sample"
        _write_all(folder, {"dataset.toml": data})
        record, problems = run(read_record, folder, "observations/synthetic-sample")
    problems = check_problems(problems)
    if record is None:
        assert has_errors(problems), problems
        return
    assert isinstance(record, Record) and not has_errors(problems), (record, problems)
    assert record.id == "synthetic-sample" and record.kind in KINDS, record
    wrong = [
        (f.name, getattr(record, f.name))
        for f in fields(Record)
        if not isinstance(getattr(record, f.name), bool if f.name in BOOL_FIELDS else str)
    ]
    assert not wrong, wrong


@budget(20)
@given(data=arbitrary_bytes)
def test_dataset_record_any_bytes(work: Path, data: bytes) -> None:
    _record(work, data)


@budget(40)
@given(data=fuzzed(RECORD, "toml"))
def test_dataset_record_mutations(work: Path, data: bytes) -> None:
    _record(work, data)


# --- the URL view state --------------------------------------------------------------------------


@st.composite
def query_params(draw: st.DrawFn, catalog: Catalog) -> dict[str, list[str]]:
    """Arbitrary query parameters, with the catalog's ids and the known words among them."""
    known = [
        *catalog.projects["id"],
        *catalog.parks["id"],
        *catalog.datasets["id"],
        *catalog.basemaps["id"],
        *catalog.observations["species"].dropna().unique()[:5],
        *LANGS,
        *SHOW,
        *COLOUR,
        *MODES,
        "1",
        "7",
        "2021-01-01",
        "2022-06-30",
        "outside",
    ]
    value = st.one_of(st.sampled_from(known), nasty_text)
    values = st.one_of(st.lists(value, max_size=4), st.lists(value, min_size=50, max_size=60))
    keys = st.one_of(st.sampled_from(URL_PARAMS), st.text(max_size=8))
    return draw(st.dictionaries(keys, values, max_size=8))


class Bundled:
    """The bundled catalog, with a short repr for hypothesis' reports of a failing example."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def __repr__(self) -> str:
        return "Bundled(geodata/)"


@pytest.fixture(scope="module")
def bundled(catalog: Catalog) -> Bundled:
    return Bundled(catalog)


@budget(60)
@given(data=st.data())
def test_view_state_from_any_query(bundled: Bundled, data: st.DataObject) -> None:
    """Any query gives a valid state, and its URL is stable: parsed again, it gives itself."""
    catalog = bundled.catalog
    params = data.draw(query_params(catalog), label="params")
    state = run(parse, params, catalog)
    assert isinstance(state, ViewState)
    assert state.lang in LANGS and state.lang2 in ("", *LANGS) and state.lang2 != state.lang
    assert state.mode in MODES and state.show in SHOW and state.colour in COLOUR
    assert isinstance(state.step, int) and state.step >= 1
    assert state.basemap in set(catalog.basemaps["id"])
    assert set(state.projects) <= set(catalog.projects["id"])
    w = state.wildlife
    assert not (w.start and w.end and w.start > w.end)
    pairs = to_params(state, catalog)
    again = parse(as_dict(pairs), catalog)
    assert to_params(again, catalog) == pairs
    assert replace(again, unknown_projects=()) == replace(
        state,
        unknown_projects=(),
        step=state.step if state.presenting else again.step,
        colour=state.colour if state.show == "grid" else again.colour,
    )


# --- bugs found, each with its minimal input -------------------------------------------------
# Fixed ones are plain tests. An open one is a strict xfail: it passes once its bug is fixed,
# which fails the run as a reminder to remove the marker and its KNOWN_BUGS entry or flag.

EMPTY_COLLECTION = b'{"type": "FeatureCollection", "features": []}'


def test_bug_vector_layer_without_features(work: Path) -> None:
    with scratch(work) as root:
        (root / "places.geojson").write_bytes(EMPTY_COLLECTION)
        frame, problems = load_layer(root, LAYER_BY_NAME["places"])
    check_layer(frame, problems, LAYER_BY_NAME["places"])
    assert frame.empty


def test_url_step_with_a_unicode_digit_falls_back(catalog: Catalog) -> None:
    assert parse({"step": ["²"]}, catalog).step == 1


@pytest.mark.parametrize("encoding", ["rot13", "punycode"])
def test_bug_dwc_archive_encoding_that_is_no_text_codec(work: Path, encoding: str) -> None:
    meta = META_XML.replace(b'<core encoding="UTF-8"', f'<core encoding="{encoding}"'.encode())
    _dwc(work, "dwca.zip", zip_bytes({**ARCHIVE, "meta.xml": meta}))


@pytest.mark.parametrize(
    ("member", "encoding"), [("meta.xml", "no-such"), ("meta.xml", "utf-7"), ("eml.xml", "no-such")]
)
def test_bug_dwc_archive_xml_declares_an_odd_encoding(
    work: Path, member: str, encoding: str
) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?><x/>'.encode()
    _dwc(work, "dwca.zip", zip_bytes({**ARCHIVE, member: data}))


def test_bug_dwc_archive_ignore_header_lines_beyond_maxsize(work: Path) -> None:
    meta = META_XML.replace(b'ignoreHeaderLines="1"', b'ignoreHeaderLines="9223372036854775808"')
    _dwc(work, "dwca.zip", zip_bytes({**ARCHIVE, "meta.xml": meta}))


def test_bug_toml_number_too_large_for_a_float(work: Path) -> None:
    data = b'[[source]]\nid = "A"\ntitle_en = "T"\nyear = 1' + b"0" * 309 + b"\n"
    _load_layer(work, LAYER_BY_NAME["sources"], data)


def _read_sources(work: Path, data: bytes) -> None:
    _load_layer(work, LAYER_BY_NAME["sources"], data)


def _read_mapping(work: Path, data: bytes) -> None:
    with scratch(work) as root:
        (root / "m.toml").write_bytes(data)
        check_mapping(*read_mapping(root / "m.toml", "smart-mapping.toml"))


def _read_mett(work: Path, data: bytes) -> None:
    _mett(work, "chon-kemin-2019.toml", data)


# Every TOML reader goes through readers.read_toml.
TOML_READERS: dict[str, Callable[[Path, bytes], None]] = {
    "sources.toml": _read_sources,
    "dataset.toml": lambda work, data: _record(work, data),
    "smart-mapping.toml": _read_mapping,
    "mett": _read_mett,
}


@pytest.mark.parametrize("reader", sorted(TOML_READERS))
def test_toml_integer_of_more_than_4300_digits_is_a_clean_error(work: Path, reader: str) -> None:
    TOML_READERS[reader](work, b"x = 1" + b"0" * 4300 + b"\n")


@pytest.mark.parametrize("reader", sorted(TOML_READERS))
def test_toml_nested_too_deeply_is_a_clean_error(work: Path, reader: str) -> None:
    TOML_READERS[reader](work, b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n")


def test_camtrap_descriptor_huge_integer_is_a_clean_error(work: Path, camtrap_packages) -> None:
    _camtrap(work, camtrap_packages[1], "datapackage.json", b"1" + b"0" * 4300)


@pytest.mark.parametrize("path", ["a\x00.csv", "x" * 256])
def test_bug_camtrap_resource_path_unusable_here(work: Path, camtrap_packages, path: str) -> None:
    package = camtrap_packages[1]
    descriptor = json.loads(package["datapackage.json"])
    descriptor["resources"][0]["path"] = path
    _camtrap(work, package, "datapackage.json", json.dumps(descriptor).encode())


MEDIA_LEVEL = {
    "deploymentID": "dep-1",
    "eventStart": "2023-06-10T03:14:15+06:00",
    "eventEnd": "2023-06-10T03:15:00+06:00",
    "observationLevel": "media",
    "observationType": "animal",
    "scientificName": "Panthera uncia",
    "count": "2",
}


def test_bug_camtrap_media_level_without_event_ids(work: Path) -> None:
    row = {**MEDIA_LEVEL, "observationID": "obs-1", "mediaID": "m-obs-1", "eventID": ""}
    folder = write_package(work / "no-event-ids", observations=[row])
    parsed = check_parsed(read_camtrap_dp(folder, "pkg"))
    assert not has_errors(parsed.problems)
    assert len(parsed.observations) == 1


def test_bug_camtrap_record_ids_collide(work: Path) -> None:
    rows = [
        {**MEDIA_LEVEL, "observationID": "ev-1:Panthera uncia", "eventID": ""},
        {**MEDIA_LEVEL, "observationID": "obs-2", "eventID": "ev-1"},
    ]
    folder = write_package(work / "colliding-ids", observations=rows)
    check_parsed(read_camtrap_dp(folder, "pkg"))


@pytest.mark.parametrize("line", [b'synthetic = "false"', b"title = true"])
def test_bug_dataset_record_keeps_values_of_the_wrong_type(work: Path, line: bytes) -> None:
    data = b'id = "synthetic-sample"\nkind = "camtrap-dp"\ntitle = "T"\n'
    data = data.replace(b'title = "T"', line) if line.startswith(b"title") else data + line
    with scratch(work) as root:
        _write_all(root / "synthetic-sample", {"dataset.toml": data})
        record, problems = read_record(root / "synthetic-sample", "synthetic-sample")
    if record is None:
        assert has_errors(problems)
    else:
        assert isinstance(record.synthetic, bool) and isinstance(record.title, str), record
