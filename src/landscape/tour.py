"""The presentation tour: steps from geodata/tour.toml, each a map frame, layers, a project
filter and a short text. Pure functions; the page reads them in presentation mode.

A step's map is framed by the bounds of its focus (parks, places or the whole landscape);
the map fits those bounds to whatever screen it is on (mapview.frame), so a projector at
1920×1080 and a phone both show the whole focus. A step's own `zoom` still wins."""

from __future__ import annotations

from dataclasses import dataclass

from landscape import geometry
from landscape.catalog import Catalog, focus_ids
from landscape.content import source_titles
from landscape.schema import LANDSCAPE
from landscape.text import is_blank, tr


@dataclass(frozen=True)
class Step:
    """One tour step as shown: 1-based number, texts in the chosen language, frame and layers."""

    number: int
    id: str
    title: str
    text: str
    bounds: geometry.Bounds  # [[south, west], [north, east]] of the focus
    center: tuple[float, float]  # lat, lon: the middle of `bounds`
    zoom: float | None  # the step's own zoom, None to fit `bounds` to the screen
    highlight: tuple[str, ...]  # the parks the step is about, highlighted and named on the map
    layers: tuple[str, ...]
    projects: tuple[str, ...]
    sources: tuple[str, ...]


def focus_bounds(cat: Catalog, focus: str) -> tuple[geometry.Bounds, tuple[str, ...]]:
    """Bounds of the landscape, parks and places named by `focus` (ids separated by ';'), and
    the parks it names; a place alone is framed with its surroundings (geometry.frame_bounds);
    nothing known gives the landscape."""
    ids = focus_ids(focus)
    parks = cat.parks[cat.parks["id"].isin(ids)]
    places = cat.places[cat.places["id"].isin(ids)]
    areas = [parks]
    if LANDSCAPE in ids or (parks.empty and places.empty):
        areas.append(cat.parks if not cat.parks.empty else cat.border)  # the landscape
    found = geometry.frame_bounds(areas, places)
    bounds = found or geometry.bounds_of(cat.parks, cat.border)
    named = tuple(p for p in ids if p in set(parks["id"]))
    return bounds, named


def steps(cat: Catalog, lang: str) -> list[Step]:
    """Every tour step in file order, in `lang` (English where a translation is missing)."""
    out = []
    for number, row in enumerate(cat.tour.to_dict("records"), start=1):
        bounds, named = focus_bounds(cat, row["focus"])
        (south, west), (north, east) = bounds
        zoom = None if is_blank(row.get("zoom")) else float(row["zoom"])
        out.append(
            Step(
                number=number,
                id=row["id"],
                title=tr(row, "title", lang),
                text=tr(row, "text", lang),
                bounds=bounds,
                center=(round((south + north) / 2, 5), round((west + east) / 2, 5)),
                zoom=zoom,
                highlight=named,
                layers=tuple(row["layers"] or ()),
                projects=tuple(row["projects"] or ()),
                sources=tuple(source_titles(cat, row["source"], lang)),
            )
        )
    return out


def clamp(number: int, count: int) -> int:
    """A step number within 1..count (1 when there are no steps)."""
    return min(max(number, 1), max(count, 1))
