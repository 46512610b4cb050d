"""Checks across layers: references between them, the tour's focus, the PMTiles basemaps'
files and the regions where features may lie. Each drops what it rejects and returns problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from landscape import region, tilesets
from landscape.catalog.layers import load_layer, shown_name
from landscape.problems import Problem
from landscape.schema import LANDSCAPE, LAYER_BY_NAME, LAYERS
from landscape.text import is_blank


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
                            shown.get(layer.name) or shown_name(layer),
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
