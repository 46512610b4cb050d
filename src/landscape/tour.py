"""The presentation tour: steps from geodata/tour.toml, each a map view, layers, a project
filter and a short text. Pure functions; the page reads them in presentation mode."""

from __future__ import annotations

import math
from dataclasses import dataclass

from landscape import geometry
from landscape.catalog import Catalog, focus_ids
from landscape.content import source_titles
from landscape.schema import LANDSCAPE
from landscape.text import is_blank, tr

# The map area a presenter sees at 1280×720 (the smaller of the two projector sizes), less a
# margin, used to choose a zoom that fits the focus; Leaflet tiles are 256 px wide.
VIEW_PX = (1000, 420)
PLACE_ZOOM = 9.0
MIN_ZOOM, MAX_ZOOM = 3.0, 12.0


@dataclass(frozen=True)
class Step:
    """One tour step as shown: 1-based number, texts in the chosen language, view and layers."""

    number: int
    id: str
    title: str
    text: str
    center: tuple[float, float]  # lat, lon
    zoom: float
    layers: tuple[str, ...]
    projects: tuple[str, ...]
    sources: tuple[str, ...]


def _mercator_y(lat: float) -> float:
    rad = math.radians(max(min(lat, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + rad / 2))


def fit_zoom(south: float, west: float, north: float, east: float) -> float:
    """The largest quarter zoom at which the box fits VIEW_PX (Web Mercator)."""
    width_px, height_px = VIEW_PX
    span_x = max(east - west, 1e-6) / 360.0
    span_y = max(_mercator_y(north) - _mercator_y(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(width_px / 256 / span_x), math.log2(height_px / 256 / span_y))
    return max(MIN_ZOOM, min(MAX_ZOOM, math.floor(zoom * 4) / 4))


def focus_view(cat: Catalog, focus: str) -> tuple[tuple[float, float], float]:
    """Centre and fitting zoom of the landscape, parks and places named by `focus` (ids
    separated by ';'); a single place gets PLACE_ZOOM; nothing known gives the landscape."""
    ids = set(focus_ids(focus))
    parks = cat.parks[cat.parks["id"].isin(ids)]
    places = cat.places[cat.places["id"].isin(ids)]
    if len(places) == 1 and parks.empty and LANDSCAPE not in ids:
        point = places.geometry.iloc[0]
        return (round(point.y, 5), round(point.x, 5)), PLACE_ZOOM
    frames = [parks, places]
    if LANDSCAPE in ids or (parks.empty and places.empty):
        frames += [cat.parks, cat.border]
    (south, west), (north, east) = geometry.bounds_of(*frames)
    centre = (round((south + north) / 2, 5), round((west + east) / 2, 5))
    return centre, fit_zoom(south, west, north, east)


def steps(cat: Catalog, lang: str) -> list[Step]:
    """Every tour step in file order, in `lang` (English where a translation is missing)."""
    out = []
    for number, row in enumerate(cat.tour.to_dict("records"), start=1):
        centre, zoom = focus_view(cat, row["focus"])
        if not is_blank(row.get("zoom")):
            zoom = float(row["zoom"])
        out.append(
            Step(
                number=number,
                id=row["id"],
                title=tr(row, "title", lang),
                text=tr(row, "text", lang),
                center=centre,
                zoom=zoom,
                layers=tuple(row["layers"] or ()),
                projects=tuple(row["projects"] or ()),
                sources=tuple(source_titles(cat, row["source"], lang)),
            )
        )
    return out


def clamp(number: int, count: int) -> int:
    """A step number within 1..count (1 when there are no steps)."""
    return min(max(number, 1), max(count, 1))
