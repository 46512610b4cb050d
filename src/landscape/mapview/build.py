"""The map: a constant base (basemaps, context, border, legend, controls) plus dynamic layers.

The base depends only on the whole catalog, the language and the basemap, so it is identical
across filter changes and streamlit-folium keeps zoom and centre; the filtered layers travel
as `feature_group_to_add` (TECH-NOTES.md, "Reruns and keeping the view").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import folium
import shapely

from landscape import geometry
from landscape.catalog import Catalog
from landscape.content import accuracy_note, source_titles
from landscape.i18n import Translate
from landscape.mapview import assets
from landscape.mapview.controls import HtmlControl, JumpControl, TileFallback, map_css
from landscape.mapview.popups import park_popup, park_tooltip, place_popup, place_tooltip
from landscape.mapview.wildlife import legend_rows
from landscape.text import esc, tr

CONTEXT_PANE = "landscape-context"  # below the tiles: visible exactly when tiles are missing
BORDER_PANE = "landscape-border"  # above park fills
LABEL_BOX = shapely.box(64.0, 37.0, 81.0, 46.5)  # where country labels are worth placing
_COLOR = re.compile(r"^#[0-9A-Fa-f]{3,8}$|^[a-z]{3,20}$")


def color(style: dict[str, Any], key: str, default: str) -> str:
    """A colour from styles.toml, or the default when it is not a plain CSS colour."""
    value = style.get(key, default)
    return value if isinstance(value, str) and _COLOR.match(value) else default


def number(style: dict[str, Any], key: str, default: float) -> float:
    value = style.get(key, default)
    return float(value) if isinstance(value, int | float) and 0 < value < 100 else default


@dataclass
class MapParts:
    """What st_folium needs: the constant base, the filtered groups and the layer control."""

    base: folium.Map
    groups: list[folium.FeatureGroup]
    control: folium.LayerControl


def _feature(geom: Any, props: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": props or {},
        "geometry": shapely.geometry.mapping(geometry.for_display(geom)),
    }


def _popup(html: str, key: str) -> folium.Popup:
    """A popup whose inner element has a stable name.

    folium names it with a random uuid; the layer script would then differ on every rerun and
    streamlit-folium would re-add the layers, closing the popup the visitor just opened.
    """
    popup = folium.Popup(html, max_width=380)
    children = popup.html._children  # the template names each child by its key here
    kids = list(children.values())
    children.clear()
    for index, child in enumerate(kids):
        child._id = hashlib.sha1(f"{key}-{index}".encode()).hexdigest()
        children[child.get_name()] = child
    return popup


def park_style(cat: Catalog, country: str) -> dict[str, Any]:
    styles = cat.styles.get("park", {})
    own = styles.get("country", {}).get(country) or styles.get("default", {})
    return {
        "color": color(own, "color", "#555555"),
        "fillColor": color(own, "fill", "#999999"),
        "weight": 2.5,
        "fillOpacity": 0.35,
    }


def parks_group(view: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=esc(t("map.parks")))
    for park in view.parks.to_dict("records"):
        style = park_style(view, park["country"])
        folium.GeoJson(
            _feature(park["geometry"], {"id": park["id"], "layer": "parks"}),
            style_function=lambda _f, s=style: s,
            highlight_function=lambda _f: {"weight": 4, "fillOpacity": 0.5},
            popup=_popup(park_popup(park, view, lang, t), f"park-{park['id']}"),
            tooltip=folium.Tooltip(park_tooltip(park, lang, t), sticky=True),
        ).add_to(group)
    return group


def places_group(view: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=esc(t("map.places")))
    style = view.styles.get("place", {})
    for place in view.places.to_dict("records"):
        point = place["geometry"]
        folium.CircleMarker(
            location=(round(point.y, 5), round(point.x, 5)),
            radius=number(style, "radius", 9),
            color=color(style, "color", "#5b2a86"),
            fill=True,
            fill_color=color(style, "fill", "#9b59b6"),
            fill_opacity=0.85,
            weight=3,
            class_name=f"landscape-place place-{esc(place['id'])}",
            popup=_popup(place_popup(place, view, lang, t), f"place-{place['id']}"),
            tooltip=folium.Tooltip(place_tooltip(place, view, lang, t)),
        ).add_to(group)
    return group


def _border_groups(cat: Catalog, lang: str, t: Translate) -> list[folium.FeatureGroup]:
    border_style = cat.styles.get("border", {})
    ridge_style = cat.styles.get("ridge", {})
    border = folium.FeatureGroup(name=esc(t("map.border")))
    for row in cat.border.to_dict("records"):
        tip = f"<b>{esc(tr(row, 'name', lang))}</b><br><small>{esc(t('map.border_note'))}</small>"
        folium.GeoJson(
            _feature(row["geometry"], {"id": row["id"], "layer": "border"}),
            style_function=lambda _f: {
                "color": color(border_style, "color", "#333333"),
                "weight": number(border_style, "weight", 2),
                "dashArray": "6 4",
            },
            tooltip=folium.Tooltip(tip, sticky=True),
            pane=BORDER_PANE,
        ).add_to(border)
    ridge = folium.FeatureGroup(name=esc(t("map.ridge")))
    line = geometry.shared_ridge(cat.border, cat.parks)
    if not line.is_empty:
        folium.GeoJson(
            _feature(line, {"id": "shared-ridge", "layer": "ridge"}),
            style_function=lambda _f: {
                "color": color(ridge_style, "color", "#c2185b"),
                "weight": number(ridge_style, "weight", 6),
                "opacity": 0.85,
            },
            tooltip=folium.Tooltip(
                f"<b>{esc(t('map.ridge'))}</b><br><small>{esc(t('map.ridge_note'))}</small>",
                sticky=True,
            ),
            pane=BORDER_PANE,
        ).add_to(ridge)
    return [border, ridge]


def _context_group(cat: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    """The tile-free basemap: countries, lakes and towns, drawn below any tiles."""
    style = cat.styles.get("basemap", {})
    group = folium.FeatureGroup(name=esc(t("map.context")), control=False)
    focus = set(cat.parks["country"])
    for row in cat.countries.to_dict("records"):
        fill = color(style, "land_focus" if row["id"] in focus else "land", "#f3efe4")
        folium.GeoJson(
            _feature(row["geometry"]),
            style_function=lambda _f, fill=fill: {
                "color": color(style, "country_line", "#8a8170"),
                "weight": 1.2,
                "fillColor": fill,
                "fillOpacity": 1,
            },
            pane=CONTEXT_PANE,
            interactive=False,
        ).add_to(group)
        spot = row["geometry"].intersection(LABEL_BOX)
        if not spot.is_empty and spot.area > 1.0:
            at = spot.representative_point()
            _label(group, at, tr(row, "name", lang), "country-label")
    for row in cat.lakes.to_dict("records"):
        folium.GeoJson(
            _feature(row["geometry"]),
            style_function=lambda _f: {
                "color": color(style, "lake", "#8fc1e3"),
                "weight": 1,
                "fillColor": color(style, "lake", "#8fc1e3"),
                "fillOpacity": 1,
            },
            pane=CONTEXT_PANE,
            interactive=False,
        ).add_to(group)
        _label(group, row["geometry"].representative_point(), tr(row, "name", lang), "town-label")
    for row in cat.towns.to_dict("records"):
        point = row["geometry"]
        folium.CircleMarker(
            (point.y, point.x),
            radius=3,
            color=color(style, "town", "#333333"),
            fill=True,
            fill_opacity=1,
            pane=CONTEXT_PANE,
            interactive=False,
        ).add_to(group)
        _label(group, point, tr(row, "name", lang), "town-label", dx=6)
    return group


def _label(group: folium.FeatureGroup, point: Any, text: str, css: str, dx: int = 0) -> None:
    folium.Marker(
        (round(point.y, 4), round(point.x, 4)),
        icon=folium.DivIcon(
            html=f'<div class="{css}" style="margin-left:{dx}px">{esc(text)}</div>',
            icon_size=(0, 0),
            icon_anchor=(0, 8),
        ),
        pane=CONTEXT_PANE,
        interactive=False,
    ).add_to(group)


def legend_html(cat: Catalog, lang: str, t: Translate) -> str:
    """The legend as escaped HTML: one row per park, then border, ridge and places."""
    rows = []
    for park in cat.parks.to_dict("records"):
        style = park_style(cat, park["country"])
        note = accuracy_note(park["accuracy"], t)
        source = "; ".join(source_titles(cat, park["geometry_source"], lang))
        rows.append(
            f'<div class="row" title="{esc(source)}"><span class="swatch" style="background:'
            f'{style["fillColor"]};border:2px solid {style["color"]}"></span>'
            f"<span>{esc(tr(park, 'name', lang))}<br><small>{esc(note)}</small></span></div>"
        )
    border = cat.styles.get("border", {})
    ridge = cat.styles.get("ridge", {})
    place = cat.styles.get("place", {})
    rows.append(
        f'<div class="row"><span class="line" style="border-top:2px dashed '
        f'{color(border, "color", "#333333")}"></span><span>{esc(t("map.border"))}<br>'
        f"<small>{esc(t('map.border_note'))}</small></span></div>"
    )
    rows.append(
        f'<div class="row"><span class="line" style="border-top:5px solid '
        f'{color(ridge, "color", "#c2185b")}"></span><span>{esc(t("map.ridge"))}</span></div>'
    )
    rows.append(
        f'<div class="row"><span class="swatch" style="border-radius:50%;width:14px;flex:0 0 14px;'
        f'background:{color(place, "fill", "#9b59b6")}"></span><span>{esc(t("map.places"))}'
        f"<br><small>{esc(t('map.place_note'))}</small></span></div>"
    )
    rows += legend_rows(cat, t)
    return (
        f"<details open><summary><b>{esc(t('map.legend_title'))}</b></summary>"
        f"{''.join(rows)}</details>"
    )


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
    (south, west), (north, east) = geometry.bounds_of(cat.parks, cat.border)
    fmap = folium.Map(
        location=((south + north) / 2, (west + east) / 2),
        zoom_start=9,
        tiles=None,
        min_zoom=4,
        max_zoom=18,
        control_scale=True,
        zoomSnap=0.25,
        maxZoom=18,  # Leaflet.markercluster reads this camelCase option (TECH-NOTES.md)
    )
    fmap.default_js, fmap.default_css = assets.links()
    css = map_css(cat.styles.get("basemap", {}), large)
    fmap.get_root().header.add_child(css, name="landscape_css")
    folium.map.CustomPane(CONTEXT_PANE, z_index=150, pointer_events=False).add_to(fmap)
    folium.map.CustomPane(BORDER_PANE, z_index=450, pointer_events=True).add_to(fmap)
    _context_group(cat, lang, t).add_to(fmap)

    ids = list(cat.basemaps["id"])
    chosen = basemap if basemap in ids else (ids[0] if ids else "offline")
    tiles: list[folium.TileLayer] = []
    offline = None
    for row in cat.basemaps.to_dict("records"):
        name = esc(tr(row, "name", lang))
        if row["url"]:
            layer = folium.TileLayer(
                tiles=row["url"],
                attr=esc(row["attribution"] or ""),
                name=name,
                overlay=False,
                control=True,
                show=row["id"] == chosen,
                max_zoom=int(row["max_zoom"] or 18),
            )
            layer.add_to(fmap)
            tiles.append(layer)
        else:
            offline = folium.FeatureGroup(
                name=name, overlay=False, control=True, show=row["id"] == chosen
            )
            if row["attribution"]:
                offline.options["attribution"] = esc(row["attribution"])
            offline.add_to(fmap)
    if offline is None:  # the offline basemap always exists, data or not
        offline = folium.FeatureGroup(name=esc(t("map.context")), overlay=False, show=not tiles)
        offline.add_to(fmap)
    TileFallback(tiles, offline, t("map.tiles_failed")).add_to(fmap)

    for group in _border_groups(cat, lang, t):
        group.add_to(fmap)
    HtmlControl(
        legend_html(cat, lang, t),
        "bottomleft",
        "landscape-legend",
        # presenting, the large legend would hide the map: it starts closed, one click opens it
        collapse_below=100_000 if large else 1000,  # open only where it leaves room
    ).add_to(fmap)
    JumpControl(jump_targets(cat, lang, t)).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]], padding=(20, 20))
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
