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


def read_vector(path: Path, shown: str) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read a vector file with its own CRS; a file GDAL cannot read is one clear problem."""
    problems: list[Problem] = []
    try:
        layers = pyogrio.list_layers(path)
        layer = None
        if len(layers) > 1:
            layer = str(layers[0][0])
            problems.append(
                Problem(shown, "", "warning", f"{len(layers)} layers in the file; read '{layer}'")
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # GDAL's errors are many and untyped; each becomes one message
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
    rows = doc.get(table)
    if rows is None:
        return [], [Problem(shown, "", "warning", f"no [[{table}]] records")]
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return None, [
            Problem(shown, table, "error", f"'{table}' must be an array of tables: [[{table}]]")
        ]
    return rows, []
