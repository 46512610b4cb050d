"""Where the map looks, and what it says it shows.

A view's Frame names the bounds of what it shows (a project choice, a tour step). The map
fits those bounds to its own size when the frame is new, and only then: reruns of the same
frame keep the visitor's pan and zoom (FrameScript). The frame also carries the note the map
shows about the view (which projects, or that nothing of them is mapped), the parks a tour
step highlights and names, and which legend rows apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
from shapely.ops import polylabel

from landscape import geometry
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.mapview.context import label
from landscape.mapview.frame_script import FrameScript
from landscape.mapview.groups import park_edge
from landscape.mapview.palette import size
from landscape.schema import TOUR_LAYERS
from landscape.text import tr
from landscape.tour import Step
from landscape.wildlife import grid

MAX_ZOOM = 11.0  # a framed view never zooms in further than this
ALL = "all"  # the frame key of the unfiltered view


@dataclass(frozen=True)
class Frame:
    """Where a view's map looks when the view is new, and what it says about the view.

    `bounds` [[south, west], [north, east]] are fitted to the map's size; `zoom` (with
    `center`) wins over fitting; neither keeps the view as it is. `note` is plain text shown
    on the map; `empty_note` replaces it when the view draws nothing of its own."""

    key: str
    bounds: geometry.Bounds | None
    note: str = ""
    empty_note: str = ""
    highlight: tuple[str, ...] = ()
    center: tuple[float, float] | None = None
    zoom: float | None = None
    max_zoom: float = MAX_ZOOM


def _titles(view: Catalog, projects: tuple[str, ...], lang: str) -> str:
    chosen = view.projects[view.projects["id"].isin(projects)]
    return "; ".join(tr(p, "title", lang) for p in chosen.to_dict("records"))


def project_note(
    view: Catalog, projects: tuple[str, ...], layers: tuple[str, ...], lang: str, t: Translate
) -> tuple[str, str]:
    """The map's note for a project choice, and the one for when nothing of it is mapped."""
    if not projects:
        return "", t("map.nothing_mapped")
    titles = _titles(view, projects, lang)
    parks = "parks" in layers and not view.parks.empty
    places = "places" in layers and not view.places.empty
    key = "map.frame_places_only" if places and not parks else "map.frame_projects"
    return t(key, projects=titles), t("map.nothing_mapped")


def shown_bounds(view: Catalog, layers: tuple[str, ...]) -> geometry.Bounds | None:
    """The bounds of what a view maps: its parks when it draws any (as the handouts frame a
    project; the jump buttons reach its event places), else its places; None: nothing."""
    if "parks" in layers and not view.parks.empty:
        return geometry.frame_bounds([view.parks], view.places.iloc[:0])
    places = view.places if "places" in layers else view.places.iloc[:0]
    return geometry.frame_bounds([view.parks.iloc[:0]], places)


def for_projects(
    cat: Catalog, view: Catalog, projects: tuple[str, ...], lang: str, t: Translate
) -> Frame:
    """The dashboard's frame: the landscape with no project chosen (as the map starts);
    with a choice, what it leaves on the map (shown_bounds), and a note naming it."""
    if not projects:
        home = geometry.landscape_bounds(cat.parks, cat.border)
        return Frame(ALL, home, "", t("map.nothing_mapped"))
    ordered = tuple(sorted(projects))
    note, empty = project_note(view, ordered, TOUR_LAYERS, lang, t)
    return Frame(f"projects:{','.join(ordered)}", shown_bounds(view, TOUR_LAYERS), note, empty)


def for_step(step: Step, view: Catalog, lang: str, t: Translate) -> Frame:
    """A tour step's frame: its focus, fitted to the screen (or its own zoom); its parks
    highlighted and named; a project step's note says what the project maps."""
    note, empty = project_note(view, step.projects, step.layers, lang, t)
    bounds = step.bounds
    if {"detections", "patrols"} & set(step.layers):  # grid cells reach past the parks
        (south, west), (north, east) = bounds
        pad = grid.PUBLIC_STEP
        bounds = ((south - pad, west - pad), (north + pad, east + pad))
    return Frame(
        key=f"step:{step.number}:{step.id}",
        bounds=bounds,
        note=note,
        empty_note=empty,
        highlight=step.highlight,
        center=step.center if step.zoom is not None else None,
        zoom=step.zoom,
    )


def shown_keys(view: Catalog, names: list[str] | tuple[str, ...], cells: bool) -> list[str]:
    """The legend rows (data-legend) of what a view's groups `names` draw: each park, the
    places, cameras, detections (`cells`: the grid has cells) and patrol coverage."""
    keys: list[str] = []
    if "parks" in names:
        keys += [f"park:{pid}" for pid in view.parks["id"]]
    if "places" in names and not view.places.empty:
        keys.append("places")
    if "cameras" in names and not view.deployments.dropna(subset=["lat", "lon"]).empty:
        keys.append("cameras")
    if "detections" in names and cells:
        keys.append("detections")
    if "patrols" in names and not view.patrols.empty:
        keys.append("patrols")
    return keys


def _frame_js(frame: Frame, shown: list[str]) -> dict[str, Any]:
    return {
        "key": frame.key,
        "bounds": [list(corner) for corner in frame.bounds] if frame.bounds else None,
        "center": list(frame.center) if frame.center else None,
        "zoom": frame.zoom,
        "maxZoom": frame.max_zoom,
        "note": frame.note if shown else frame.empty_note,
        "shown": shown,
    }


def frame_group(
    frame: Frame, view: Catalog, shown: list[str], lang: str, name: str = "frame"
) -> folium.FeatureGroup:
    """A group outside the layer control: the frame's script, and for each highlighted park
    a bold outline above the data layers and its name."""
    group = folium.FeatureGroup(name=name, control=False)
    parks = view.parks[view.parks["id"].isin(frame.highlight)]
    weight = size(view.styles, "park", "edge", "highlight_weight")
    for park in parks.to_dict("records"):
        park_edge(group, view, park, weight, "highlight")
        shape = park["geometry"]
        polygons = [g for g in getattr(shape, "geoms", [shape]) if g.geom_type == "Polygon"]
        largest = max(polygons, key=lambda g: g.area)
        at = polylabel(largest, tolerance=max(largest.length / 200, 1e-4))
        label(group, at, tr(park, "name", lang), f"park-label park-label-{park['id']}")
    FrameScript(_frame_js(frame, shown)).add_to(group)
    return group
