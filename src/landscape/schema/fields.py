"""The types of the schema: a field, a layer (a file of records) and a table of a settings file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "id",
    "str",
    "text",
    "int",
    "float",
    "date",
    "choice",
    "choices",
    "ref",
    "refs",
    "url",
    "bool",
    "color",
    "colors",
]


@dataclass(frozen=True)
class Field:
    """One attribute: its kind, whether it is required, and what it may hold."""

    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str = ""  # the layer a ref/refs field points into
    low: float | None = None
    high: float | None = None
    doc: str = ""


@dataclass(frozen=True)
class Layer:
    """One data file: a vector layer (geometry set) or a table of TOML records."""

    name: str
    file: str  # vector layers: the file stem, any GDAL format; records: the TOML file name
    fields: tuple[Field, ...]
    geometry: tuple[str, ...] = ()
    table: str = ""  # records: the TOML array-of-tables name
    doc: str = ""
    optional: bool = False  # a data directory may leave the file out (older directories)

    @property
    def is_vector(self) -> bool:
        return bool(self.geometry)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Table:
    """One table of a settings file (TOML that keeps its types: a quoted number is text).
    `name` is its dotted path, "" for the file's top level; "*" stands for any key (in
    `park.country.*`, one table per country)."""

    name: str
    fields: tuple[Field, ...]
    doc: str = ""


@dataclass(frozen=True)
class Settings:
    """A settings file: its tables. A key the file lacks takes its default; one it holds
    is checked against its field."""

    file: str
    tables: tuple[Table, ...]
    doc: str = ""

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)
