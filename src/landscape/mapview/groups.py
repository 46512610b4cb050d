"""The map's park, place and border groups: parks (fill and edge), event places, the state
border and the shared ridge."""

from __future__ import annotations

from typing import Any

import folium

from landscape import geometry
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.mapview import panes
from landscape.mapview.controls import Attribution
from landscape.mapview.features import feature, stable_popup
from landscape.mapview.palette import paint, park_colors, size
from landscape.mapview.popups import park_popup, park_tooltip, place_popup, place_tooltip
from landscape.reads import reads
from landscape.text import esc, tr


def park_style(cat: Catalog, country: str) -> dict[str, Any]:
    """A park's fill (drawn below the data layers) and edge colour, from styles.toml."""
    edge, fill = park_colors(cat.styles, country)
    return {
        "color": edge,
        "fillColor": fill,
        "weight": size(cat.styles, "park", "edge", "weight"),
        "fillOpacity": size(cat.styles, "park", "edge", "fill_opacity"),
    }


def schematic_shown(parks: Any) -> bool:
    """Whether any of these parks has a schematic outline."""
    return bool((parks["accuracy"] == "schematic").any()) if not parks.empty else False


def park_edge(
    group: folium.FeatureGroup, cat: Catalog, park: dict[str, Any], weight: float, key: str
) -> None:
    """A park's outline in the edge pane, above every data layer: a white casing under the
    park's colour, never filled and never clickable (clicks reach the cells and parks below)."""
    style = park_style(cat, park["country"])
    casing = paint(cat.styles, "park", "edge", "casing")
    extra = size(cat.styles, "park", "edge", "casing_weight") - style["weight"]
    for name, line in (
        ("casing", {"color": casing, "weight": weight + extra, "opacity": 0.9}),
        ("line", {"color": style["color"], "weight": weight, "opacity": 1}),
    ):
        folium.GeoJson(
            feature(park["geometry"], {"id": park["id"], "layer": f"{key}-{name}"}),
            style_function=lambda _f, line=line: {**line, "fill": False},
            pane=panes.PARK_EDGE,
            interactive=False,
            class_name=f"landscape-{key} landscape-{key}-{name}",
        ).add_to(group)


@reads("countries", "parks", "sources", "styles")
def parks_group(view: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    """Each park twice: its fill below the data layers (with popup and tooltip), and its edge
    above them (PARK_EDGE_PANE), so a wildlife grid never hides where a park ends."""
    group = folium.FeatureGroup(name=esc(t("map.parks")))
    if schematic_shown(view.parks):  # said on the map itself, in every language
        Attribution(esc(t("map.attribution_schematic"))).add_to(group)
    for park in view.parks.to_dict("records"):
        style = park_style(view, park["country"])
        folium.GeoJson(
            feature(park["geometry"], {"id": park["id"], "layer": "parks"}),
            style_function=lambda _f, s=style: {**s, "weight": 1, "opacity": 0.6},
            highlight_function=lambda _f: {"fillOpacity": 0.5},
            popup=stable_popup(park_popup(park, view, lang, t), f"park-{park['id']}"),
            tooltip=folium.Tooltip(park_tooltip(park, lang, t), sticky=True),
        ).add_to(group)
        park_edge(group, view, park, style["weight"], "park-edge")
    return group


@reads("events", "places", "sources", "styles")
def places_group(view: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    """One circle per event place, in the point pane, with popup and tooltip."""
    group = folium.FeatureGroup(name=esc(t("map.places")))
    styles = view.styles
    for place in view.places.to_dict("records"):
        point = place["geometry"]
        marker = folium.CircleMarker(
            location=(round(point.y, 5), round(point.x, 5)),
            radius=size(styles, "place", "radius"),
            color=paint(styles, "place", "color"),
            fill=True,
            fill_color=paint(styles, "place", "fill"),
            fill_opacity=0.85,
            weight=3,
            class_name=f"landscape-place place-{esc(place['id'])}",
            popup=stable_popup(place_popup(place, view, lang, t), f"place-{place['id']}"),
            tooltip=folium.Tooltip(place_tooltip(place, view, lang, t)),
        )
        panes.in_pane(marker, panes.POINT).add_to(group)
    return group


def ridge_note(cat: Catalog, t: Translate) -> str:
    """What the shared ridge is; computed from schematic outlines, it says so."""
    return t("map.ridge_schematic") if schematic_shown(cat.parks) else t("map.ridge_note")


def border_groups(cat: Catalog, lang: str, t: Translate) -> list[folium.FeatureGroup]:
    """The state border, and the shared ridge with its white casing (whole catalog)."""
    styles = cat.styles
    border = folium.FeatureGroup(name=esc(t("map.border")))
    for row in cat.border.to_dict("records"):
        tip = f"<b>{esc(tr(row, 'name', lang))}</b><br><small>{esc(t('map.border_note'))}</small>"
        folium.GeoJson(
            feature(row["geometry"], {"id": row["id"], "layer": "border"}),
            style_function=lambda _f: {
                "color": paint(styles, "border", "color"),
                "weight": size(styles, "border", "weight"),
                "dashArray": "6 4",
            },
            tooltip=folium.Tooltip(tip, sticky=True),
            pane=panes.BORDER,
        ).add_to(border)
    ridge = folium.FeatureGroup(name=esc(t("map.ridge")))
    if schematic_shown(cat.parks):  # the ridge's extent follows the schematic outlines
        Attribution(esc(t("map.attribution_schematic"))).add_to(ridge)
    line = geometry.shared_ridge(cat.border, cat.parks)
    if not line.is_empty:
        casing = {
            "color": paint(styles, "park", "edge", "casing"),
            "weight": size(styles, "ridge", "weight") + 3,
            "opacity": 0.9,
        }
        folium.GeoJson(  # a white casing: the ridge stands apart from the cells below
            feature(line, {"id": "shared-ridge", "layer": "ridge-casing"}),
            style_function=lambda _f: casing,
            pane=panes.BORDER,
            interactive=False,
        ).add_to(ridge)
        folium.GeoJson(
            feature(line, {"id": "shared-ridge", "layer": "ridge"}),
            style_function=lambda _f: {
                "color": paint(styles, "ridge", "color"),
                "weight": size(styles, "ridge", "weight"),
                "opacity": 0.85,
            },
            tooltip=folium.Tooltip(
                f"<b>{esc(t('map.ridge'))}</b><br><small>{esc(ridge_note(cat, t))}</small>",
                sticky=True,
            ),
            pane=panes.BORDER,
        ).add_to(ridge)
    return [border, ridge]
