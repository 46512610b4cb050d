"""Reading data files: vector layers through GDAL (pyogrio) and TOML record tables.

Readers never raise for bad input: they return what they could read and a list of problems.
"""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio

from landscape.problems import Problem

# GDAL reads many more; these are the single-file (or main-file) formats a GIS user saves.
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".fgb", ".kml", ".gml", ".sqlite")


def rel(path: Path, data_dir: Path) -> str:
    """A path as the data manager sees it: relative to the data directory when inside it."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return str(path)


def find_vector(data_dir: Path, stem: str) -> tuple[Path | None, list[Problem]]:
    """The one file for a vector layer, in any format GDAL reads (parks.geojson, parks.gpkg...)."""
    base = data_dir / stem
    hits = sorted(
        p for p in base.parent.glob(base.name + ".*") if p.suffix.lower() in VECTOR_SUFFIXES
    )
    if len(hits) > 1:
        names = ", ".join(rel(p, data_dir) for p in hits)
        return None, [
            Problem(
                rel(base, data_dir),
                "",
                "error",
                f"several files for one layer ({names}); keep exactly one of them",
            )
        ]
    if not hits:
        expected = f"{stem}.geojson (or .gpkg, .shp, ...)"
        return None, [Problem(expected, "", "error", "file is missing; restore it from git")]
    return hits[0], []


# Text formats: a file GDAL cannot read is checked for its encoding, the usual fault.
TEXT_SUFFIXES = (".geojson", ".json", ".kml", ".gml")
# GDAL's GML driver writes its schema guess (a .gfs file) beside any .gml it opens from disk;
# these are read from memory instead, so that reading never writes into the data directory.
IN_MEMORY_SUFFIXES = (".gml",)


def _not_utf8(path: Path, shown: str) -> Problem | None:
    """An error naming the first byte that is not UTF-8, or None when the file is UTF-8 (or
    too large to check in memory)."""
    if too_large(path, MAX_TABLE_BYTES):
        return None
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Problem(
            shown,
            f"byte {exc.start}",
            "error",
            f"is not UTF-8 text (line {line}, bytes {data[exc.start : exc.start + 4]!r}); "
            "it was probably saved in another encoding (such as Windows-1251): "
            "save the file as UTF-8 (in QGIS: Export, Save Features As, Encoding UTF-8)",
        )
    except OSError:
        return None
    return None


def _source(path: Path) -> Path | bytes:
    """What GDAL opens: the path, or the file's bytes for formats that write beside a file."""
    return path.read_bytes() if path.suffix.lower() in IN_MEMORY_SUFFIXES else path


def read_vector(path: Path, shown: str) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read a vector file with its own CRS; a file GDAL cannot read is one clear problem."""
    problems: list[Problem] = []
    in_memory = path.suffix.lower() in IN_MEMORY_SUFFIXES
    refused = too_large(path, MAX_TABLE_BYTES) if in_memory else None
    if refused:
        return None, [Problem(shown, "", "error", refused)]
    try:
        source = _source(path)
        layers = pyogrio.list_layers(source)
        layer = None
        if len(layers) > 1:
            layer = str(layers[0][0])
            problems.append(
                Problem(shown, "", "warning", f"{len(layers)} layers in the file; read '{layer}'")
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = gpd.read_file(source, layer=layer, engine="pyogrio")
    except Exception as exc:  # GDAL's errors are many and untyped; each becomes one message
        encoding = _not_utf8(path, shown) if path.suffix.lower() in TEXT_SUFFIXES else None
        if encoding is not None:
            return None, [encoding]
        reason = " ".join(str(exc).split())[:300]
        return None, [
            Problem(
                shown,
                "",
                "error",
                f"cannot be read as a vector file ({reason}); "
                "save it as GeoJSON or GeoPackage from your GIS",
            )
        ]
    return frame, problems


# The largest input files read (README, "Limits"): a bigger file is refused with a message
# naming it, instead of filling the memory. A million observations take about 150-300 MB.
MAX_TABLE_BYTES = 1 << 30  # 1 GiB: a CSV or tab-separated table
MAX_TOML_BYTES = 16 << 20  # 16 MiB: a TOML file (the bundled ones are a few KB)


def too_large(path: Path, limit: int) -> str | None:
    """Why `path` is refused for its size, or None when it is within `limit` (or unreadable:
    the read itself then names the fault)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size <= limit:
        return None
    mib = 1 << 20
    return (
        f"file is {size / mib:,.0f} MiB, over the limit of {limit / mib:,.0f} MiB; split it "
        "into smaller files (for example one per year or per park) and import each"
    )


def read_toml(path: Path, shown: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """A TOML file's document; None, with the reason and the fix, when it cannot be read."""
    refused = too_large(path, MAX_TOML_BYTES)
    if refused:
        return None, [Problem(shown, "", "error", refused)]
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig")), []
    except OSError as exc:
        return None, [Problem(shown, "", "error", f"cannot be read ({exc.strerror or exc})")]
    except UnicodeDecodeError as exc:
        return None, [
            Problem(shown, f"byte {exc.start}", "error", "not UTF-8 text; save the file as UTF-8")
        ]
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(shown, "", "error", f"not valid TOML ({exc}); fix the syntax there")]
    except (ValueError, RecursionError) as exc:  # a 4300-digit integer, arrays nested 1000 deep
        reason = str(exc) or type(exc).__name__
        return None, [Problem(shown, "", "error", f"cannot be read ({reason}); fix the value")]


def read_toml_table(
    path: Path, table: str, shown: str
) -> tuple[list[dict[str, Any]] | None, list[Problem]]:
    """The records of one [[table]] in a TOML file."""
    if not path.exists():
        return None, [Problem(shown, "", "error", "file is missing; restore it from git")]
    doc, problems = read_toml(path, shown)
    if doc is None:
        return None, problems
    if not doc:  # 0 bytes, blank or comments only: a file emptied by mistake
        return None, [
            Problem(
                shown,
                "",
                "error",
                f"file is empty; expected [[{table}]] records (see geodata/README.md): "
                "restore it from git, or add the records",
            )
        ]
    rows = doc.get(table)
    if rows is None:
        return [], [
            Problem(
                shown,
                "",
                "warning",
                f"no [[{table}]] records, so none is shown; add [[{table}]] entries "
                "(see geodata/README.md), or check the spelling of the table name",
            )
        ]
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return None, [
            Problem(shown, table, "error", f"'{table}' must be an array of tables: [[{table}]]")
        ]
    return rows, []
