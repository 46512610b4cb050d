"""The catalog: every layer of a data directory, validated, in EPSG:4326, with its problems.

`load_catalog` never raises for bad data. A file that cannot be used becomes an empty layer
and a problem; every other layer loads as usual.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from landscape import geometry, region, tilesets
from landscape.mett import Mett, empty_mett, load_mett
from landscape.problems import Problem
from landscape.readers import find_vector, read_toml, read_toml_table, read_vector, rel
from landscape.schema import LANDSCAPE, LAYER_BY_NAME, LAYERS, Layer
from landscape.text import LANGS, is_blank
from landscape.validate import clean_geometries, clean_records
from landscape.wildlife import smart
from landscape.wildlife.model import (
    CATEGORICAL_OBSERVATIONS,
    categorical,
    empty_deployments,
    empty_observations,
    empty_patrols,
    empty_waypoints,
)
from landscape.wildlife.privacy import unknown_species
from landscape.wildlife.store import FOLDER, Names, assign_parks, empty_datasets, load_wildlife


@dataclass(frozen=True)
class Catalog:
    """All content of one data directory. Filters return a new Catalog of the same shape."""

    data_dir: Path
    sources: pd.DataFrame
    parks: gpd.GeoDataFrame
    border: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    projects: pd.DataFrame
    events: pd.DataFrame
    species: pd.DataFrame
    figures: pd.DataFrame
    statements: pd.DataFrame
    basemaps: pd.DataFrame
    countries: gpd.GeoDataFrame
    lakes: gpd.GeoDataFrame
    rivers: gpd.GeoDataFrame
    towns: gpd.GeoDataFrame
    tour: pd.DataFrame = field(default_factory=pd.DataFrame)
    datasets: pd.DataFrame = field(default_factory=empty_datasets)
    observations: pd.DataFrame = field(default_factory=empty_observations)
    deployments: pd.DataFrame = field(default_factory=empty_deployments)
    waypoints: pd.DataFrame = field(default_factory=empty_waypoints)
    patrols: pd.DataFrame = field(default_factory=empty_patrols)
    mett: Mett = field(default_factory=empty_mett)
    styles: dict[str, Any] = field(default_factory=dict)
    ui: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def layer(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def replace(self, **changes: Any) -> Catalog:
        return dataclasses.replace(self, **changes)

    def rows(self) -> int:
        """Rows of its wildlife tables, the ones that grow: a measure of its memory."""
        frames = (self.observations, self.deployments, self.waypoints, self.patrols)
        return sum(len(frame) for frame in frames)


def _columns(layer: Layer) -> list[str]:
    cols: list[str] = []
    for f in layer.fields:
        cols += [f"{f.name}_{c}" for c in LANGS] if f.kind == "text" else [f.name]
    return cols


def empty_layer(layer: Layer) -> pd.DataFrame:
    """An empty frame with the layer's columns, so that code downstream needs no special case."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _columns(layer)})
    if layer.is_vector:
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    return frame


def load_layer(data_dir: Path, layer: Layer) -> tuple[pd.DataFrame, list[Problem]]:
    """Read, reproject and validate one layer."""
    if not layer.is_vector:
        shown = layer.file
        rows, problems = read_toml_table(data_dir / layer.file, layer.table, shown)
        if rows is None:
            return empty_layer(layer), problems
        kept, _, found = clean_records(layer, rows, shown, noun=f"[[{layer.table}]] #")
        frame = (
            pd.DataFrame(kept, columns=_columns(layer), dtype=object)
            if kept
            else empty_layer(layer)
        )
        return _blanks_as_none(frame), problems + found

    path, problems = find_vector(data_dir, layer.file)
    if path is None:
        missing_is_fine = layer.optional and not list(data_dir.glob(layer.file + ".*"))
        return empty_layer(layer), [] if missing_is_fine else problems
    shown = rel(path, data_dir)
    raw, found = read_vector(path, shown)
    problems += found
    if raw is None:
        return empty_layer(layer), problems
    shaped, found = clean_geometries(layer, raw, shown)
    problems += found
    if shaped is None:
        return empty_layer(layer), problems
    attributes = shaped.drop(columns=shaped.geometry.name).to_dict("records")
    kept, positions, found = clean_records(layer, attributes, shown, noun="feature")
    problems += found
    if not kept:
        return empty_layer(layer), problems
    frame = gpd.GeoDataFrame(
        pd.DataFrame(kept, dtype=object),
        geometry=shaped.geometry.iloc[positions].values,
        crs="EPSG:4326",
    )
    return _blanks_as_none(frame), problems


def _blanks_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Cleaned values keep their Python types; pandas' NaN never stands in for a blank."""
    for column in frame.columns:
        if column != "geometry":
            frame[column] = pd.Series(
                [
                    None if v is None or (isinstance(v, float) and v != v) else v
                    for v in frame[column]
                ],
                index=frame.index,
                dtype=object,
            )
    return frame


def check_references(
    layers: dict[str, pd.DataFrame], shown: dict[str, str] | None = None
) -> list[Problem]:
    """Every ref/refs field names ids that exist; unknown ones are errors and are dropped.
    `shown`: the file name of each layer as problems name it (default: the schema's)."""
    shown = shown or {}
    problems: list[Problem] = []
    for layer in LAYERS:
        frame = layers[layer.name]
        for f in layer.fields:
            if f.kind not in ("ref", "refs") or frame.empty:
                continue
            known = set(layers[f.ref]["id"])
            cleaned = []
            for rid, value in zip(frame["id"], frame[f.name], strict=True):
                refs = [] if is_blank(value) else [value] if isinstance(value, str) else list(value)
                bad = [r for r in refs if r not in known]
                for ref in bad:
                    hint = ", ".join(sorted(known)) or "none"
                    problems.append(
                        Problem(
                            shown.get(layer.name) or _shown_name(layer),
                            str(rid),
                            "error",
                            f"field '{f.name}': unknown {f.ref} id {ref!r}; known ids: {hint}",
                        )
                    )
                good = [r for r in refs if r in known]
                cleaned.append(good if f.kind == "refs" else (good[0] if good else None))
            frame[f.name] = pd.Series(cleaned, index=frame.index, dtype=object)
    return problems


def focus_ids(value: Any) -> list[str]:
    """The ids of a tour step's focus: one id, or several separated by ';'."""
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def check_tour_focus(layers: dict[str, pd.DataFrame]) -> list[Problem]:
    """Each tour step's focus names the landscape, a park or a place; others are dropped."""
    tour = layers["tour"]
    if tour.empty:
        return []
    known = {LANDSCAPE, *layers["parks"]["id"], *layers["places"]["id"]}
    unknown = [[f for f in focus_ids(value) if f not in known] for value in tour["focus"]]
    bad = pd.Series([bool(u) for u in unknown], index=tour.index)
    problems = [
        Problem(
            "tour.toml",
            str(rid),
            "error",
            f"field 'focus': unknown place {', '.join(map(repr, names))}; "
            f"use one or more of: {', '.join(sorted(known))}",
        )
        for rid, names in zip(tour["id"], unknown, strict=True)
        if names
    ]
    layers["tour"] = tour[~bad].reset_index(drop=True)
    return problems


def check_vector_basemaps(data_dir: Path, layers: dict[str, pd.DataFrame]) -> list[Problem]:
    """Each PMTiles basemap's file can be drawn (tilesets.check); one that cannot is dropped,
    so the layer control never offers a basemap that shows nothing."""
    basemaps = layers["basemaps"]
    if basemaps.empty or "pmtiles" not in basemaps:
        return []
    area = region.landscape(layers["parks"]).bounds()
    problems: list[Problem] = []
    keep = []
    for row in basemaps.to_dict("records"):
        relative = "" if is_blank(row.get("pmtiles")) else str(row["pmtiles"])
        found = tilesets.check(data_dir / relative, relative, area) if relative else []
        problems += [
            Problem("basemaps.toml", str(row["id"]), p.severity, f"pmtiles {p.path!r} {p.message}")
            for p in found
        ]
        keep.append(not any(p.severity == "error" for p in found))
    layers["basemaps"] = basemaps[keep].reset_index(drop=True)
    return problems


def _shown_name(layer: Layer) -> str:
    return layer.file if not layer.is_vector else f"{layer.file}.*"


def shown_names(data_dir: Path) -> dict[str, str]:
    """Each layer's file as problems name it: parks.geojson, not the pattern parks.*."""
    out: dict[str, str] = {}
    for layer in LAYERS:
        path = find_vector(data_dir, layer.file)[0] if layer.is_vector else None
        out[layer.name] = rel(path, data_dir) if path is not None else _shown_name(layer)
    return out


# Which region each vector layer's geometry must lie in (see region.py).
REGION_OF_LAYER = {"parks": "central-asia", "border": "landscape", "places": "wide"}


def layer_regions(parks: gpd.GeoDataFrame) -> dict[str, region.Region]:
    """The regions of REGION_OF_LAYER: parks in Central Asia; the border in the landscape
    derived from the parks; places in the wide region around them."""
    found = {
        "central-asia": region.central_asia(),
        "landscape": region.landscape(parks),
        "wide": region.wide(parks),
    }
    return {name: found[kind] for name, kind in REGION_OF_LAYER.items()}


def outside_region(
    frame: gpd.GeoDataFrame, where: region.Region, shown: str
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """The features that lie in `where`, and an error for each that does not."""
    if frame.empty:
        return frame, []
    inside = [region.geometry_inside(geom, where) for geom in frame.geometry]
    if all(inside):
        return frame, []
    problems = [
        Problem(shown, str(rid), "error", region.geometry_message(geom.bounds, where))
        for rid, geom, ok in zip(frame["id"], frame.geometry, inside, strict=True)
        if not ok
    ]
    return frame.loc[pd.Series(inside, index=frame.index, dtype=bool)].copy(), problems


def parks_region(data_dir: Path, allow: str = "") -> region.Region:
    """The landscape of `data_dir` as the importers check it: derived from the parks of its
    parks file that lie in Central Asia (those outside are errors of `validate`)."""
    parks, _ = load_layer(data_dir, LAYER_BY_NAME["parks"])
    inside, _ = outside_region(parks, region.central_asia(), "parks")
    return region.landscape(inside, allow)


def check_regions(layers: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    """Parks first (their region is fixed), then the layers whose region the parks define.
    A feature outside its region is an error and is left out, like any unusable geometry."""
    problems: list[Problem] = []
    for name in REGION_OF_LAYER:
        where = layer_regions(layers["parks"])[name]
        layers[name], found = outside_region(layers[name], where, shown[name])
        problems += found
    return problems


def _read_plain_toml(path: Path, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    if not path.exists():
        return {}, [Problem(shown, "", "warning", "file is missing; defaults are used")]
    doc, problems = read_toml(path, shown)
    return doc or {}, problems


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


# Read when the data directory has no smart-mapping.toml: the stored patrols.csv of each SMART
# dataset always uses the canonical column names.
STORED_MAPPING = smart.Mapping((smart.CANONICAL_SPECIES,), (smart.CANONICAL_COUNT,), {}, "UTC")


def smart_mapping(data_dir: Path) -> tuple[smart.Mapping | None, list[Problem]]:
    """The data directory's SMART mapping, None (with a warning-free result) when it has none."""
    path = data_dir / smart.MAPPING_FILE
    if not path.exists():
        return None, []
    return smart.read_mapping(path, smart.MAPPING_FILE)


def patrol_parks(waypoints: pd.DataFrame, patrols: pd.DataFrame) -> pd.Series:
    """Each patrol's park: the park holding most of its waypoints (None: outside every park)."""
    if patrols.empty:
        return pd.Series([], index=patrols.index, dtype=object)
    inside = waypoints.dropna(subset=["park"])
    if inside.empty:
        return pd.Series([None] * len(patrols), index=patrols.index, dtype=object)
    counts = inside.groupby(["dataset", "patrol", "park"]).size().reset_index(name="n")
    counts = counts.sort_values(["n", "park"], ascending=[False, True])
    best = counts.drop_duplicates(["dataset", "patrol"]).set_index(["dataset", "patrol"])["park"]
    keys = pd.MultiIndex.from_frame(patrols[["dataset", "patrol"]])
    found = best.reindex(keys)
    return pd.Series([None if pd.isna(v) else v for v in found], index=patrols.index, dtype=object)


def load_catalog(data_dir: Path) -> Catalog:
    """Load and validate every layer of `data_dir`."""
    problems: list[Problem] = []
    layers: dict[str, pd.DataFrame] = {}
    for layer in LAYERS:
        frame, found = load_layer(data_dir, layer)
        layers[layer.name] = frame
        problems += found
    shown = shown_names(data_dir)
    problems += check_regions(layers, shown)
    problems += check_references(layers, shown)
    problems += check_tour_focus(layers)
    problems += check_vector_basemaps(data_dir, layers)

    parks = layers["parks"]
    parks["area_km2"] = [round(geometry.area_km2(g), 2) for g in parks.geometry]

    mapping, found = smart_mapping(data_dir)
    problems += found
    wildlife = load_wildlife(
        data_dir,
        Names(layers["species"], mapping or STORED_MAPPING),
        region.landscape(parks, region.STORED_ALLOW),
    )
    problems += list(wildlife.problems)
    for dataset, records in wildlife.observations.groupby("dataset"):
        problems += unknown_species(records, layers["species"], f"{FOLDER}/{dataset}")
    observations = categorical(
        wildlife.observations.assign(
            park=assign_parks(wildlife.observations["lat"], wildlife.observations["lon"], parks)
        ),
        CATEGORICAL_OBSERVATIONS,
    )
    deployments = wildlife.deployments.assign(
        park=assign_parks(wildlife.deployments["lat"], wildlife.deployments["lon"], parks)
    )
    waypoints = wildlife.waypoints.assign(
        park=assign_parks(wildlife.waypoints["lat"], wildlife.waypoints["lon"], parks)
    )
    patrols = wildlife.patrols.assign(park=patrol_parks(waypoints, wildlife.patrols))
    assessments, found = load_mett(data_dir, set(parks["id"]), set(layers["sources"]["id"]))
    problems += found

    styles, found = _read_plain_toml(data_dir / "styles.toml", "styles.toml")
    problems += found
    ui: dict[str, dict[str, str]] = {}
    for code in LANGS:
        table, found = _read_plain_toml(data_dir / "ui" / f"{code}.toml", f"ui/{code}.toml")
        ui[code] = _flatten(table)
        if code == "en" and not table:  # every other language falls back to English
            found = [
                Problem(
                    "ui/en.toml",
                    "",
                    "error",
                    "missing or unreadable: every label shows as its [key]; restore the file "
                    "from git",
                ),
                *[p for p in found if p.severity == "error"],
            ]
        problems += [p for p in found if code == "en" or p.severity == "error"]
    return Catalog(
        data_dir=data_dir,
        datasets=wildlife.datasets,
        observations=observations,
        deployments=deployments,
        waypoints=waypoints,
        patrols=patrols,
        mett=assessments,
        styles=styles,
        ui=ui,
        problems=tuple(problems),
        **layers,
    )
