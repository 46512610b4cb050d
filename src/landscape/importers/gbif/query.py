"""What is asked of GBIF: the species, the area and its polygon, the licences accepted."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.polygon import orient

from landscape.catalog import load_layer, parks_region
from landscape.region import IMPORT_ALLOW
from landscape.schema import LAYER_BY_NAME

DEFAULT_ID = "gbif"
AREAS = ("parks", "landscape")
MAX_WKT = 1500  # characters of the query polygon: it travels in the URL of every request
API = "https://api.gbif.org/v1/occurrence/search"
DATASETS_FILE = "gbif-datasets.csv"
EARLIEST_YEAR = 1600

# The licences a public, non-commercial dashboard may show, by the forms GBIF writes them in
# (the occurrence search's legal-code URLs, download enums, SPDX-like names). These are the
# three licences GBIF publishes data under: CC0 and CC BY allow any use with attribution (the
# citation gives it), and CC BY-NC allows non-commercial use, which a foundation's free public
# dashboard is. Anything else (no licence, UNSPECIFIED, UNSUPPORTED, another licence) leaves
# the terms unknown: those records are left out and counted.
ACCEPTED_LICENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"creativecommons\.org/publicdomain/zero/1\.0|^cc0[_ -]?1[._]0$"), "CC0 1.0"),
    (re.compile(r"creativecommons\.org/licenses/by/4\.0|^cc[_ -]by[_ -]4[._]0$"), "CC BY 4.0"),
    (
        re.compile(r"creativecommons\.org/licenses/by-nc/4\.0|^cc[_ -]by[_ -]nc[_ -]4[._]0$"),
        "CC BY-NC 4.0",
    ),
)


class GbifError(Exception):
    """GBIF could not be asked, refused, or answered something unusable: one line."""


@dataclass(frozen=True)
class Area:
    """Where records are kept (`shape`) and the polygon GBIF is asked for (`wkt`)."""

    name: str  # one of AREAS
    label: str  # "inside the parks' outlines"
    shape: Any  # shapely geometry, lon/lat
    wkt: str  # covers `shape`; counter-clockwise rings, as GBIF requires


@dataclass(frozen=True)
class Query:
    species: tuple[str, ...]
    area: Area
    since: int | None
    until: int  # this year

    def params(self, name: str) -> dict[str, Any]:
        """The occurrence-search parameters for one species (pygbif's names)."""
        out: dict[str, Any] = {
            "scientificName": name,
            "geometry": self.area.wkt,
            "hasCoordinate": True,
            "hasGeospatialIssue": False,
            "occurrenceStatus": "PRESENT",
        }
        if self.since is not None:
            out["year"] = f"{self.since},{self.until}"
        return out

    def describe(self, day: str, client: str) -> str:
        """The query as dataset.toml keeps it: enough to run it again."""
        years = f"; year = {self.since},{self.until}" if self.since is not None else ""
        return (
            f"GBIF occurrence search ({API}) on {day} via {client}, one search per "
            f"scientificName: {' | '.join(self.species)}; geometry = {self.area.wkt}; "
            f"hasCoordinate = true; hasGeospatialIssue = false; occurrenceStatus = PRESENT"
            f"{years}. Kept: records {self.area.label}, under "
            f"{', '.join(label for _, label in ACCEPTED_LICENCES)}"
        )


def default_species(data_dir: Path) -> list[str]:
    """The scientific names of species.toml, in its order."""
    table, _ = load_layer(data_dir, LAYER_BY_NAME["species"])
    return [str(n) for n in table["scientific_name"] if isinstance(n, str) and n.strip()]


def area(data_dir: Path, which: str) -> Area:
    """The parks' outlines (their union) or the landscape's box, and GBIF's query polygon."""
    if which == "landscape":
        region = parks_region(data_dir, IMPORT_ALLOW)
        shape = box(*region.bounds())
        return Area("landscape", f"inside {region.describe()}", shape, query_wkt(shape))
    parks, _ = load_layer(data_dir, LAYER_BY_NAME["parks"])
    geoms = [g for g in parks.geometry if g is not None and not g.is_empty]
    if not geoms:
        raise GbifError(
            "parks.geojson holds no park outline to search in; fix it (landscape validate) "
            "or pass --area landscape"
        )
    shape = shapely.union_all(geoms)
    return Area("parks", "inside the parks' outlines", shape, query_wkt(shape))


def query_wkt(shape: Any) -> str:
    """WKT of a polygon that covers `shape`, at most MAX_WKT characters, counter-clockwise.

    The outline is widened by twice a tolerance and simplified by the tolerance, so it still
    covers the outline; the tolerance doubles until the text is short enough (a convex hull,
    then the bounding box, when nothing else is)."""
    tolerance = 0.0005
    candidates: list[Any] = []
    while tolerance < 0.05:
        candidates.append(shape.buffer(2 * tolerance, join_style="mitre").simplify(tolerance))
        tolerance *= 2
    candidates += [shape.convex_hull.buffer(0.001, join_style="mitre"), _outer_box(shape)]
    for candidate in candidates:
        text = _ccw_wkt(candidate)
        if len(text) <= MAX_WKT and candidate.covers(shape):
            return text
    return _ccw_wkt(_outer_box(shape))


def _outer_box(shape: Any) -> Any:
    west, south, east, north = shape.bounds
    return box(
        math.floor(west * 1000) / 1000 - 0.001,
        math.floor(south * 1000) / 1000 - 0.001,
        math.ceil(east * 1000) / 1000 + 0.001,
        math.ceil(north * 1000) / 1000 + 0.001,
    )


def _ccw_wkt(geom: Any) -> str:
    """WKT with every ring's exterior counter-clockwise (GBIF's rule), 5 decimals."""
    if isinstance(geom, Polygon):
        geom = orient(geom, sign=1.0)
    elif isinstance(geom, MultiPolygon):
        geom = MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    return shapely.to_wkt(geom, rounding_precision=5, trim=True)


def licence_label(value: object) -> str | None:
    """ "CC BY 4.0" and so on for an accepted licence in any of GBIF's forms; None otherwise."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    for pattern, label in ACCEPTED_LICENCES:
        if pattern.search(text):
            return label
    return None


def plain_text(value: object) -> str:
    """A value as one line of text: "" for None; tabs and line breaks become spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return re.sub(r"[\t\r\n]", " ", str(value))
