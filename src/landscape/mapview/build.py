"""The map: a constant base (basemaps, context, border, legend, controls) plus dynamic layers.

The base depends only on the whole catalog, the language and the basemap, so it is identical
across filter changes and streamlit-folium keeps zoom and centre; the filtered layers travel
as `feature_group_to_add` (TECH-NOTES.md, "Reruns and keeping the view").

The layers come from their own modules: basemaps.py (basemaps and their scripts), context.py
(the offline basemap's countries, rivers, lakes and towns), groups.py (parks, places, border
and ridge), legend.py (the legend's rows); their names stay importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium

from landscape import geometry
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.mapview import assets, keyboard, panes
from landscape.mapview.basemaps import add_basemaps, basemap_bounds, uses_vector_tiles
from landscape.mapview.context import LABEL_BOX, context_group, label
from landscape.mapview.controls import FitNow, HtmlControl, JumpControl, TooltipInside, map_css
from landscape.mapview.groups import (
    border_groups,
    park_edge,
    park_style,
    parks_group,
    places_group,
    ridge_note,
    schematic_shown,
)
from landscape.mapview.legend import legend_html
from landscape.text import tr

__all__ = [
    "BORDER_PANE",
    "CONTEXT_PANE",
    "LABEL_BOX",
    "LABEL_PANE",
    "PARK_EDGE_PANE",
    "POINT_PANE",
    "MapParts",
    "base_map",
    "basemap_bounds",
    "build_map",
    "jump_targets",
    "label",
    "layer_control",
    "layer_groups",
    "legend_html",
    "park_edge",
    "park_style",
    "parks_group",
    "places_group",
    "ridge_note",
    "schematic_shown",
    "standalone",
    "uses_vector_tiles",
]

CONTEXT_PANE = panes.CONTEXT
PARK_EDGE_PANE = panes.PARK_EDGE
BORDER_PANE = panes.BORDER
POINT_PANE = panes.POINT
LABEL_PANE = panes.LABEL


@dataclass
class MapParts:
    """What st_folium needs: the constant base, the filtered groups and the layer control."""

    base: folium.Map
    groups: list[folium.FeatureGroup]
    control: folium.LayerControl


def jump_targets(cat: Catalog, lang: str, t: Translate) -> list[dict[str, Any]]:
    """The landscape first, then every place where an event happens."""
    (south, west), (north, east) = geometry.bounds_of(cat.parks, cat.border)
    targets = [
        {
            "id": "landscape",
            "label": t("map.jump_landscape"),
            "bounds": [[south, west], [north, east]],
            "maxZoom": 10,
        }
    ]
    used = set(cat.events["place"].dropna())
    for place in cat.places.to_dict("records"):
        if place["id"] in used:
            p = place["geometry"]
            targets.append(
                {
                    "id": place["id"],
                    "label": tr(place, "name", lang),
                    "bounds": [[p.y - 0.15, p.x - 0.2], [p.y + 0.15, p.x + 0.2]],
                    "maxZoom": 11,
                }
            )
    return targets


def base_map(
    cat: Catalog, lang: str, basemap: str, t: Translate, large: bool = False
) -> folium.Map:
    """Everything that does not change with the project filter."""
    (south, west), (north, east) = geometry.landscape_bounds(cat.parks, cat.border)
    fmap = keyboard.ScalableMap(
        location=((south + north) / 2, (west + east) / 2),
        zoom_start=9,
        tiles=None,
        min_zoom=4,
        max_zoom=18,
        control_scale=True,
        zoomSnap=0.25,
        maxZoom=18,  # Leaflet.markercluster reads this camelCase option (TECH-NOTES.md)
    )
    fmap.default_js, fmap.default_css = assets.links(vector_tiles=uses_vector_tiles(cat))
    fmap.get_root().header.add_child(map_css(cat.styles, large), name="landscape_css")
    keyboard.add_to(fmap, cat.styles, t)  # first: before any layer binds a tooltip
    for name, z_index, clicks in panes.PANES:
        folium.map.CustomPane(name, z_index=z_index, pointer_events=clicks).add_to(fmap)
    TooltipInside().add_to(fmap)
    context_group(cat, lang, t).add_to(fmap)
    add_basemaps(fmap, cat, basemap, lang, t)
    for group in border_groups(cat, lang, t):
        group.add_to(fmap)
    HtmlControl(
        legend_html(cat, lang, t),
        "bottomleft",
        "landscape-legend",
        # presenting, the large legend would hide the map: it starts closed, one click opens it
        collapse_below=100_000 if large else 1000,  # open only where it leaves room
    ).add_to(fmap)
    JumpControl(jump_targets(cat, lang, t)).add_to(fmap)
    FitNow([[south, west], [north, east]]).add_to(fmap)
    return fmap


def layer_groups(
    view: Catalog, lang: str, t: Translate, extra: list[folium.FeatureGroup] | None = None
) -> list[folium.FeatureGroup]:
    """The groups that change with the filters: parks, then `extra` (wildlife), then places."""
    return [parks_group(view, lang, t), *(extra or []), places_group(view, lang, t)]


def layer_control() -> folium.LayerControl:
    return folium.LayerControl(collapsed=True, position="topright")


def build_map(
    cat: Catalog,
    view: Catalog,
    lang: str,
    basemap: str,
    t: Translate,
    extra: list[folium.FeatureGroup] | None = None,
    large: bool = False,
) -> MapParts:
    """The base from the whole catalog, the dynamic groups from the filtered view; `extra`
    groups (wildlife) are drawn above the parks and below the places."""
    return MapParts(
        base=base_map(cat, lang, basemap, t, large),
        groups=layer_groups(view, lang, t, extra),
        control=layer_control(),
    )


def standalone(parts: MapParts) -> folium.Map:
    """One folium map with every layer, for export and for tests that render the whole map."""
    for group in parts.groups:
        group.add_to(parts.base)
    parts.control.add_to(parts.base)
    return parts.base
