"""The tile-free (offline) basemap's context layer: countries, rivers, lakes and towns, and
their names; `label`, how every name is put on the map."""

from __future__ import annotations

from typing import Any

import folium
import shapely

from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.mapview import panes
from landscape.mapview.features import feature
from landscape.mapview.palette import paint
from landscape.text import esc, tr

LABEL_BOX = shapely.box(64.0, 37.0, 81.0, 46.5)  # where country labels are worth placing


def context_group(cat: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    """The tile-free basemap: countries, rivers, lakes and towns, drawn below any tiles; their names
    in the label pane, above everything else, shown only over this basemap (map_css)."""
    group = folium.FeatureGroup(name=esc(t("map.context")), control=False)
    _countries(group, cat, lang)
    _water(group, cat, lang)
    _towns(group, cat, lang)
    return group


def _countries(group: folium.FeatureGroup, cat: Catalog, lang: str) -> None:
    """Each country filled (the parks' countries brighter), named where the map shows it."""
    styles = cat.styles
    focus = set(cat.parks["country"])
    for row in cat.countries.to_dict("records"):
        fill = paint(styles, "basemap", "land_focus" if row["id"] in focus else "land")
        folium.GeoJson(
            feature(row["geometry"]),
            style_function=lambda _f, fill=fill: {
                "color": paint(styles, "basemap", "country_line"),
                "weight": 1.2,
                "fillColor": fill,
                "fillOpacity": 1,
            },
            pane=panes.CONTEXT,
            interactive=False,
        ).add_to(group)
        spot = row["geometry"].intersection(LABEL_BOX)
        if not spot.is_empty and spot.area > 1.0:
            at = spot.representative_point()
            label(group, at, tr(row, "name", lang), "context-label country-label")


def _water(group: folium.FeatureGroup, cat: Catalog, lang: str) -> None:
    """The rivers as one line layer, then each lake, named when it has a name."""
    styles = cat.styles
    if len(cat.rivers):
        river = paint(styles, "basemap", "river")
        folium.GeoJson(
            feature(shapely.union_all(list(cat.rivers.geometry))),
            style_function=lambda _f: {"color": river, "weight": 1.2, "opacity": 1},
            pane=panes.CONTEXT,
            interactive=False,
        ).add_to(group)
    lake = paint(styles, "basemap", "lake")
    for row in cat.lakes.to_dict("records"):
        folium.GeoJson(
            feature(row["geometry"]),
            style_function=lambda _f: {
                "color": lake,
                "weight": 1,
                "fillColor": lake,
                "fillOpacity": 1,
            },
            pane=panes.CONTEXT,
            interactive=False,
        ).add_to(group)
        name = tr(row, "name", lang)
        if name:  # Natural Earth's smaller lakes come unnamed: drawn, not labelled
            label(group, row["geometry"].representative_point(), name, "context-label lake-label")


def _towns(group: folium.FeatureGroup, cat: Catalog, lang: str) -> None:
    """A dot and a name per town."""
    for row in cat.towns.to_dict("records"):
        point = row["geometry"]
        dot = folium.CircleMarker(
            (point.y, point.x),
            radius=3,
            color=paint(cat.styles, "basemap", "town"),
            fill=True,
            fill_opacity=1,
            interactive=False,
        )
        panes.in_pane(dot, panes.CONTEXT).add_to(group)
        label(group, point, tr(row, "name", lang), "context-label town-label", dx=6)


def label(group: folium.FeatureGroup, point: Any, text: str, css: str, dx: int = 0) -> None:
    """A name on the map, in the label pane: above every fill, data layer and point."""
    folium.Marker(
        (round(point.y, 4), round(point.x, 4)),
        icon=folium.DivIcon(
            html=f'<div class="landscape-label {css}" style="margin-left:{dx}px">{esc(text)}</div>',
            icon_size=(0, 0),
            icon_anchor=(0, 8),
        ),
        pane=panes.LABEL,
        interactive=False,
        keyboard=False,  # a name is no Tab stop (and a focused marker would pan the map)
        autoPanOnFocus=False,
    ).add_to(group)
