"""The dashboard's map, composed: which layers a view shows (`MapRequest`), the base map and
the view's layers rendered into it (`render_base`, `render_map`, each kept in `ui/cache.py`),
the map drawn (`draw_map`) and the grid's legend under it. Rendering and showing a folium map
through streamlit-folium is `ui/map_component.py`; the page (`ui/page.py`) only says where the
map goes.

Each layer is kept rendered under the key of the tables it reads (landscape.reads), so what a
filter leaves alone is not rendered again: the parks and places per chosen projects, the
cameras whatever the species filter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import folium
import streamlit as st

from landscape import tilesets
from landscape.catalog import Catalog
from landscape.display import GRID, Display
from landscape.formatting import fmt_step
from landscape.i18n import Translate
from landscape.mapview import frame as frames
from landscape.mapview.assets import STATIC_DIR
from landscape.mapview.build import base_map, layer_control, parks_group, places_group
from landscape.mapview.palette import paint
from landscape.mapview.wildlife import Classes, cameras_group, wildlife_layers
from landscape.reads import reads, reads_of_builder
from landscape.schema import TOUR_LAYERS
from landscape.text import md_escape
from landscape.ui import cache, map_component
from landscape.viewstate import ViewState
from landscape.wildlife import grid


@dataclasses.dataclass(frozen=True)
class MapRequest:
    """What the map shows: its layers, and its frame (where the view goes when the frame is
    new; None keeps the visitor's)."""

    layers: tuple[str, ...] = TOUR_LAYERS
    frame: frames.Frame | None = None
    large: bool = False


@dataclasses.dataclass(frozen=True)
class RenderedMap:
    """The map component's arguments for one view, and what the grid legend needs."""

    args: dict[str, Any]
    cells: bool  # whether the detection grid has cells
    found: Classes
    top: float


@reads(
    "basemaps",
    "border",
    "countries",
    "datasets",
    "events",
    "lakes",
    "parks",
    "patrols",
    "places",
    "rivers",
    "sources",
    "styles",
    "towns",
)
def render_base(
    cat: Catalog, key: str, lang: str, basemap: str, large: bool, t: Translate
) -> map_component.RenderedBase:
    """The base map of the shown catalog named `key`, rendered (cached per data, viewer,
    language and basemap)."""
    name = f"{key}|{lang}|{basemap}|{large}"
    tilesets.publish(cat.data_dir, cat.basemaps, STATIC_DIR)  # PMTiles basemaps, served
    return map_component.render_base(base_map(cat, lang, basemap, t, large), name)


@reads_of_builder
def _rendered(
    base: map_component.RenderedBase, idx: int, build: Callable[..., Any], *args: Any
) -> map_component.GroupScript:
    return map_component.render_group(base, build(*args), idx)


@reads(
    "countries",
    "datasets",
    "deployments",
    "events",
    "observations",
    "parks",
    "patrols",
    "places",
    "sources",
    "styles",
    "waypoints",
)
def render_map(
    base: map_component.RenderedBase,
    view: Catalog,
    lang: str,
    step: float,
    display: Display,
    request: MapRequest,
    t: Translate,
) -> RenderedMap:
    """The map of a view: the rendered base with the view's layers (cached per view). Each
    layer is kept rendered under the key of the tables its builder reads."""
    wanted = tuple(n for n in ("cameras", "detections", "patrols") if n in request.layers)
    if not display.patrols:  # the visitor's toggle, or a tour step that lists the layer
        wanted = tuple(n for n in wanted if n != "patrols")
    others = tuple(n for n in wanted if n != "cameras")
    wild = wildlife_layers(view, step, display.mode, display.measure, t, others, True)
    names = ["parks", *(["cameras"] if "cameras" in wanted else []), *wild.groups, "places"]
    names = [n for n in names if n in request.layers]
    groups: list[folium.FeatureGroup | map_component.GroupScript] = []
    for idx, name in enumerate(names):
        if name in ("parks", "places"):
            build = parks_group if name == "parks" else places_group
            groups.append(cache.figure(_rendered, base, idx, build, view, lang, t))
        elif name == "cameras":
            groups.append(cache.figure(_rendered, base, idx, cameras_group, view, t))
        else:
            groups.append(wild.groups[name])
    if request.frame is not None:
        shown = frames.shown_keys(view, names, not wild.cells.empty)
        groups.append(frames.frame_group(request.frame, view, shown, lang))
    args = {**base.args, **map_component.layer_args(base, groups, layer_control())}
    return RenderedMap(args, not wild.cells.empty, wild.found, wild.top)


def draw_map(
    whole_key: str,
    cat: Catalog,
    view: Catalog,
    vs: ViewState,
    display: Display,
    is_staff: bool,
    request: MapRequest,
    t: Translate,
) -> dict[str, float] | None:
    """The map of `view` with the requested layers; `whole_key` names the shown catalog `cat`
    (its base map). Returns the latest click."""
    step = grid.STAFF_STEP if is_staff else grid.PUBLIC_STEP
    base = cache.figure(render_base, cat, whole_key, vs.lang, vs.basemap, request.large, t)
    drawn = cache.figure(render_map, base, view, vs.lang, step, display, request, t)
    clicked = map_component.show(drawn.args)
    if display.mode == GRID and drawn.cells:
        line = paint(view.styles, "wildlife", "cell_line")
        map_legend(drawn.found, drawn.top, step, display.measure, t, line)
    return clicked


def map_legend(
    found: Classes, top: float, step: float, measure: str, t: Translate, line: str
) -> None:
    """The class breaks of the grid, under the map (they change with the filters); each chip
    edged in `line`, the cells' line colour (styles.toml's `[wildlife] cell_line`)."""
    if not found.breaks and top <= 0:
        return
    label = t(f"wildlife.by_{measure}")  # as the sidebar names the measure
    chips = " ".join(
        f'<span style="display:inline-block;width:14px;height:14px;background:{colour};'
        f'border:1px solid {line};vertical-align:middle"></span> {md_escape(text)}'
        for colour, text in found.labels(top, t.lang)
    )
    heading = md_escape(t("wildlife.legend_title", measure=label, step=fmt_step(step, t.lang)))
    st.markdown(f"**{heading}:** {chips}", unsafe_allow_html=True)
