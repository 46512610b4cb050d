"""`landscape import boundary FILE --park ID`: replace a park's outline with an official one.

Reads any vector format GDAL reads, in any CRS (a WDPA download, a cadastre export), picks the
park's feature, repairs or rejects its geometry, and rewrites the parks file atomically with
`accuracy = "official"` and the given source. The area shown afterwards is computed from this
geometry on the ellipsoid.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from landscape import geometry, region
from landscape.atomic import replace_file
from landscape.catalog import load_layer, parks_region
from landscape.importers import Rejected
from landscape.problems import Problem, errors
from landscape.readers import find_vector, read_toml_table, read_vector, rel
from landscape.region import Region
from landscape.schema import LAYER_BY_NAME
from landscape.validate import clean_geometries, clean_records

WDPA_ID_COLUMNS = ("WDPAID", "WDPA_PID", "wdpa_id", "wdpaid")
SINGLE_FILE_SUFFIXES = (".geojson", ".json", ".gpkg", ".fgb")


@dataclass(frozen=True)
class BoundaryImport:
    park: str
    file: str
    area_km2: float
    vertices: int
    warnings: list[Problem]


def _reject(path: str, message: str, locator: str = "") -> Rejected:
    return Rejected([Problem(path, locator, "error", message)])


def _pick_feature(frame: gpd.GeoDataFrame, wdpa_id: Any, shown: str) -> Any:
    """The one feature to use: the only one, or the one whose WDPA id is the park's."""
    if len(frame) == 1:
        return frame.geometry.iloc[0]
    column = next((c for c in WDPA_ID_COLUMNS if c in frame.columns), None)
    if column is not None and wdpa_id is not None:
        hits = frame[frame[column].astype(str).str.split(".").str[0] == str(int(wdpa_id))]
        if len(hits) == 1:
            return hits.geometry.iloc[0]
    raise _reject(
        shown,
        f"the file has {len(frame)} features and none is identified as this park "
        f"(by a {'/'.join(WDPA_ID_COLUMNS)} column equal to the park's wdpa_id "
        f"{wdpa_id if wdpa_id is not None else '(not set)'}); "
        "export just this park's polygon, or set wdpa_id in the parks file",
    )


def read_boundary(
    source: Path, park_id: str, wdpa_id: Any, regions: tuple[Region, ...] = ()
) -> tuple[Any, list[Problem]]:
    """The park's polygon from `source`, in EPSG:4326, valid, with any repair warnings; it
    must lie in each of `regions` (the landscape, Central Asia)."""
    shown = str(source)
    frame, problems = read_vector(source, shown)
    if frame is None:
        raise Rejected(problems)
    if frame.empty:
        raise _reject(shown, "the file has no features; export the park's polygon into it")
    layer = LAYER_BY_NAME["parks"]
    frame = frame.assign(id=park_id) if len(frame) == 1 else frame
    geom = _pick_feature(frame, wdpa_id, shown)
    single = gpd.GeoDataFrame({"id": [park_id]}, geometry=[geom], crs=frame.crs)
    cleaned, found = clean_geometries(layer, single, shown)
    problems += found
    if cleaned is None or cleaned.empty:
        raise Rejected(errors(problems) or problems)
    geom = cleaned.geometry.iloc[0]
    for where in regions:
        if not region.geometry_inside(geom, where):
            message = region.geometry_message(geom.bounds, where)
            raise _reject(shown, f"{message}{'; ' + where.allow if where.allow else ''}", park_id)
    return geom, problems


def _check_parks_file(tmp: Path) -> None:
    """Refuse a rewritten parks file that no longer validates."""
    layer = LAYER_BY_NAME["parks"]
    frame, problems = read_vector(tmp, tmp.name)
    if frame is not None:
        frame, found = clean_geometries(layer, frame, tmp.name)
        problems += found
    if frame is not None:
        _, _, found = clean_records(layer, frame.to_dict("records"), tmp.name, "feature")
        problems += found
    if frame is None or errors(problems):
        raise Rejected(errors(problems) or problems)


def _write_geojson(path: Path, park_id: str, geom: Any, source_id: str) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    for feature in doc.get("features", []):
        if feature.get("properties", {}).get("id") == park_id:
            feature["geometry"] = shapely.geometry.mapping(geom)
            feature["properties"].update(geometry_source=source_id, accuracy="official")

    def write(tmp: Path) -> None:
        tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    replace_file(path, write, _check_parks_file)


def _write_gdal(path: Path, park_id: str, geom: Any, source_id: str) -> None:
    frame = gpd.read_file(path, engine="pyogrio")
    crs = frame.crs
    mask = frame["id"] == park_id
    frame.loc[mask, "geometry"] = gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(crs).iloc[0]
    frame.loc[mask, "geometry_source"] = source_id
    frame.loc[mask, "accuracy"] = "official"
    replace_file(path, lambda tmp: frame.to_file(tmp, engine="pyogrio"), _check_parks_file)


def import_boundary(
    data_dir: Path,
    source: Path,
    park_id: str,
    source_id: str = "WDPA",
    allow_outside: bool = False,
) -> BoundaryImport:
    """Replace one park's outline; raises Rejected and leaves data_dir untouched on any error.
    The outline must lie in the landscape (the parks' extent and a margin, landscape.region)
    unless `allow_outside`, and in Central Asia in any case (`validate` requires it)."""
    parks_layer = LAYER_BY_NAME["parks"]
    parks, _ = load_layer(data_dir, parks_layer)
    target, found = find_vector(data_dir, parks_layer.file)
    if target is None:
        raise Rejected(found)
    shown = rel(target, data_dir)
    if park_id not in set(parks["id"]):
        known = ", ".join(sorted(parks["id"])) or "none"
        raise _reject(shown, f"unknown park id {park_id!r}; known ids: {known}", "--park")
    sources, _ = read_toml_table(data_dir / "sources.toml", "source", "sources.toml")
    if source_id not in {str(s.get("id")) for s in sources or []}:
        raise _reject(
            "sources.toml",
            f"unknown source id {source_id!r}; add a [[source]] with this id (title, "
            "publisher, year, licence) before importing, or pass --source with a known id",
            "--source",
        )
    if target.suffix.lower() not in SINGLE_FILE_SUFFIXES:
        raise _reject(shown, "imports rewrite single-file layers only; save parks as GeoJSON")

    wdpa_id = parks.loc[parks["id"] == park_id, "wdpa_id"].iloc[0]
    landscape = () if allow_outside else (parks_region(data_dir, region.IMPORT_ALLOW),)
    geom, warnings = read_boundary(source, park_id, wdpa_id, (*landscape, region.central_asia()))
    if target.suffix.lower() in (".geojson", ".json"):
        _write_geojson(target, park_id, geom, source_id)
    else:
        _write_gdal(target, park_id, geom, source_id)

    reloaded, _ = load_layer(data_dir, parks_layer)
    area = geometry.area_km2(reloaded.loc[reloaded["id"] == park_id].geometry.iloc[0])
    return BoundaryImport(
        park_id, shown, round(area, 2), shapely.get_num_coordinates(geom), warnings
    )
