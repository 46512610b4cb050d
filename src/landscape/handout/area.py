"""The area a handout maps: its bounds, the view a map box shows, what lies within.

Plain geometry (shapely), no drawing library: `content` uses it to cite what the map shows,
the legend and the map to draw it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import shapely

from landscape import geometry
from landscape.catalog import Catalog
from landscape.handout.model import Bounds, Handout
from landscape.handout.sizes import MAP_W, MAX_MAP_H, MIN_MAP_H, MIN_SPAN_DEG, PAD_FRACTION


def box(geoms: Sequence[Any]) -> Bounds:
    """The geometries' bounds with room around them, at least MIN_SPAN_DEG for points."""
    west, south, east, north = shapely.union_all(list(geoms)).bounds
    pad_x = max((east - west) * PAD_FRACTION, 0.05)
    pad_y = max((north - south) * PAD_FRACTION, 0.05)
    if east - west < 1e-6 and north - south < 1e-6:
        pad_x = pad_y = MIN_SPAN_DEG / 2
    return (west - pad_x, south - pad_y, east + pad_x, north + pad_y)


def inside(geom: Any, bounds: Bounds) -> bool:
    """True when the geometry lies within the bounds."""
    return bool(shapely.box(*bounds).covers(geom))


def touching(frame: Any, bounds: Bounds) -> list[dict[str, Any]]:
    """The records of a vector layer whose geometry meets the bounds."""
    area = shapely.box(*bounds)
    return [r for r in frame.to_dict("records") if r["geometry"].intersects(area)]


def map_view(bounds: Bounds, width: float, height: float) -> Bounds:
    """The bounds grown to fill a width × height box without distorting the map."""
    west, south, east, north = bounds
    k = math.cos(math.radians((south + north) / 2))
    dx, dy = max(east - west, 0.01) * k, max(north - south, 0.01)
    if dx / dy < width / height:
        grow = (dy * width / height / k - (east - west)) / 2
        return (west - grow, south, east + grow, north)
    grow = (dx * height / width - (north - south)) / 2
    return (west, south - grow, east, north + grow)


def reach(bounds: Bounds) -> Bounds:
    """Everything any rendered map of these bounds can show, whatever height the map gets."""
    wide, tall = map_view(bounds, MAP_W, MIN_MAP_H), map_view(bounds, MAP_W, MAX_MAP_H)
    return (
        min(wide[0], tall[0]),
        min(wide[1], tall[1]),
        max(wide[2], tall[2]),
        max(wide[3], tall[3]),
    )


def ridge_in_view(cat: Catalog, view: Bounds, ridge: Any = None) -> Any:
    """The shared ridge (computed here unless given) within the view, or an empty line."""
    ridge = geometry.shared_ridge(cat.border, cat.parks) if ridge is None else ridge
    return ridge.intersection(shapely.box(*view)) if not ridge.is_empty else ridge


def shown_places(cat: Catalog, h: Handout) -> list[dict[str, Any]]:
    """The handout's event places that lie on its map."""
    places = cat.places[cat.places["id"].isin(h.place_ids)].to_dict("records")
    return [p for p in places if inside(p["geometry"], h.bounds)]


def towns(cat: Catalog, h: Handout, view: Bounds) -> list[dict[str, Any]]:
    """Towns within the view, except where an event place already marks the spot."""
    places = [p["geometry"] for p in shown_places(cat, h)]
    return [
        r
        for r in cat.towns.to_dict("records")
        if inside(r["geometry"], view) and all(r["geometry"].distance(p) > 0.03 for p in places)
    ]
