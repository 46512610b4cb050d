"""The wildlife formats, one declared record each: adding a format is one record and one reader.

A record says what the format is called (in dataset.toml and as `landscape import KIND`), how
its input and its stored dataset are read, what the dataset folder keeps and how it is written,
the command's options, and whether it takes a SMART mapping. The store (wildlife/store.py),
the importer (importers/wildlife.py), the command line, the privacy rules and the panels read
these records; none of them branches on a format's name.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from landscape.region import Region
from landscape.wildlife.camtrap import read_camtrap_dp
from landscape.wildlife.dwc import read_dwc, write_occurrences
from landscape.wildlife.model import Parsed
from landscape.wildlife.smart import Mapping, read_smart, write_smart

CAMTRAP_FILE = "datapackage.json"
DWC_FILE = "occurrence.txt"
SMART_FILE = "patrols.csv"


@dataclass(frozen=True)
class Names:
    """What turns SMART's common names into species: species.toml and the mapping's aliases."""

    species: pd.DataFrame
    mapping: Mapping


# (input or stored data, its name in problems, names, time zone or None, region) -> Parsed
Reader = Callable[[Path, str, Names, "str | None", "Region | None"], Parsed]
# (what was read, the input's files with their names in the folder, the folder, time zone)
Writer = Callable[[Parsed, list[tuple[Path, str]], Path, str], None]


@dataclass(frozen=True)
class Option:
    """An option of `landscape import KIND` beyond --id, --data and --allow-outside."""

    flag: str
    help: str


@dataclass(frozen=True)
class Format:
    """One wildlife format: how it is read, stored, written and asked for."""

    kind: str  # in dataset.toml and on the command line: `landscape import KIND`
    help: str  # the command's help
    metavar: str  # the command's input argument
    source_help: str
    placed: str  # what --allow-outside lets lie outside the landscape: "cameras", ...
    stored: str  # the data file of a dataset folder
    read: Reader  # an input, or a stored dataset (see `stored_at`)
    write: Writer  # the dataset folder's data, from what was read
    counting_key: str  # the UI catalogs' key of its counting rule
    options: tuple[Option, ...] = ()
    takes_mapping: bool = False  # read with a SMART mapping and a time zone
    package: bool = False  # a package (folder, descriptor or zip), stored as it came
    normalised: bool = True  # keeps a columnar copy (normalised.py)
    patrols: bool = False  # holds patrols and waypoints: personal data, generalised harder

    def stored_at(self, folder: Path, shown: str) -> tuple[Path, str]:
        """What the reader reads of a stored dataset, and its name in problems."""
        if self.package:
            return folder, shown
        return folder / self.stored, f"{shown}/{self.stored}"

    def inputs(self, source: Path) -> list[tuple[Path, str]]:
        """The input's files, each with its name in the dataset folder (for the input's hash,
        and what a package keeps)."""
        if self.package:
            return _package_files(source)
        if source.is_dir():  # an unzipped Darwin Core Archive: every file of it
            found = [(p, p.relative_to(source).as_posix()) for p in sorted(source.rglob("*"))]
            return [(path, name) for path, name in found if path.is_file()]
        return [(source, source.name)]


def _package_files(package: Path) -> list[tuple[Path, str]]:
    """The descriptor and its three tables, with their paths relative to the package."""
    doc = json.loads((package / CAMTRAP_FILE).read_text(encoding="utf-8-sig"))
    out = [(package / CAMTRAP_FILE, CAMTRAP_FILE)]
    for resource in doc.get("resources", []):
        if resource.get("name") in ("deployments", "media", "observations"):
            out.append((package / resource["path"], str(resource["path"])))
    return out


def _read_camtrap(
    path: Path, shown: str, names: Names, zone: str | None, region: Region | None
) -> Parsed:
    return read_camtrap_dp(path, shown, region=region)


def _read_dwc(
    path: Path, shown: str, names: Names, zone: str | None, region: Region | None
) -> Parsed:
    return read_dwc(path, shown, region=region)


def _read_smart(
    path: Path, shown: str, names: Names, zone: str | None, region: Region | None
) -> Parsed:
    return read_smart(path, shown, names.mapping, names.species, zone or None, region=region)


def _copy(parsed: Parsed, files: list[tuple[Path, str]], folder: Path, zone: str) -> None:
    """A package kept as it came: its descriptor and tables copied."""
    for path, relative in files:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / relative)


def _write_dwc(parsed: Parsed, files: list[tuple[Path, str]], folder: Path, zone: str) -> None:
    write_occurrences(parsed.observations, folder / DWC_FILE, parsed.terms)


def _write_smart(parsed: Parsed, files: list[tuple[Path, str]], folder: Path, zone: str) -> None:
    write_smart(parsed, folder / SMART_FILE, zone)


FORMATS = (
    Format(
        kind="camtrap-dp",
        help="import a Camtrap DP package (1.0; 1.0-rc.1 and 0.1.x read as 1.0)",
        metavar="PACKAGE",
        source_help="the package's folder, its datapackage.json or its zip",
        placed="cameras",
        stored=CAMTRAP_FILE,
        read=_read_camtrap,
        write=_copy,
        counting_key="wildlife.counting_camtrap_dp",
        package=True,
    ),
    Format(
        kind="dwc",
        help="import Darwin Core occurrences",
        metavar="FILE",
        source_help="a GBIF occurrence.txt, a GBIF simple CSV (tab-separated), a DwC-A zip or "
        "the folder it was unpacked into",
        placed="occurrences",
        stored=DWC_FILE,
        read=_read_dwc,
        write=_write_dwc,
        counting_key="wildlife.counting_dwc",
    ),
    Format(
        kind="smart",
        help="import a SMART patrol observation export (CSV)",
        metavar="FILE",
        source_help="a SMART Desktop observation-query CSV",
        placed="waypoints",
        stored=SMART_FILE,
        read=_read_smart,
        write=_write_smart,
        counting_key="wildlife.counting_smart",
        options=(
            Option(
                "--mapping",
                "which columns hold species and count (default: smart-mapping.toml of the data)",
            ),
            Option("--timezone", "IANA time zone of the export's times (default: the mapping's)"),
        ),
        takes_mapping=True,
        normalised=False,
        patrols=True,
    ),
)
BY_KIND = {f.kind: f for f in FORMATS}
PATROL_KINDS = frozenset(f.kind for f in FORMATS if f.patrols)
