"""The map: a constant base (basemaps, context, border, legend, controls) plus dynamic layers.

The base depends only on the whole catalog, the language and the basemap, so it is identical
across filter changes and streamlit-folium keeps zoom and centre; the filtered layers travel
as `feature_group_to_add` (TECH-NOTES.md, "Reruns and keeping the view").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import folium
import shapely

from landscape import geometry, tilesets
from landscape.catalog import Catalog
from landscape.content import accuracy_note, source_titles
from landscape.i18n import Translate
from landscape.mapview import assets, keyboard, panes
from landscape.mapview.controls import (
    Attribution,
    FitNow,
    HtmlControl,
    JumpControl,
    MapLimits,
    TileFallback,
    TooltipInside,
    map_css,
)
from landscape.mapview.palette import paint, park_colors, size
from landscape.mapview.popups import park_popup, park_tooltip, place_popup, place_tooltip
from landscape.mapview.vector_tiles import PMTilesLayer, tiles_url
from landscape.mapview.wildlife import legend_rows
from landscape.text import esc, tr

CONTEXT_PANE = panes.CONTEXT
PARK_EDGE_PANE = panes.PARK_EDGE
BORDER_PANE = panes.BORDER
POINT_PANE = panes.POINT
LABEL_PANE = panes.LABEL
LABEL_BOX = shapely.box(64.0, 37.0, 81.0, 46.5)  # where country labels are worth placing


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
            _feature(park["geometry"], {"id": park["id"], "layer": f"{key}-{name}"}),
            style_function=lambda _f, line=line: {**line, "fill": False},
            pane=PARK_EDGE_PANE,
            interactive=False,
            class_name=f"landscape-{key} landscape-{key}-{name}",
        ).add_to(group)


def parks_group(view: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    """Each park twice: its fill below the data layers (with popup and tooltip), and its edge
    above them (PARK_EDGE_PANE), so a wildlife grid never hides where a park ends."""
    group = folium.FeatureGroup(name=esc(t("map.parks")))
    if schematic_shown(view.parks):  # said on the map itself, in every language
        Attribution(esc(t("map.attribution_schematic"))).add_to(group)
    for park in view.parks.to_dict("records"):
        style = park_style(view, park["country"])
        folium.GeoJson(
            _feature(park["geometry"], {"id": park["id"], "layer": "parks"}),
            style_function=lambda _f, s=style: {**s, "weight": 1, "opacity": 0.6},
            highlight_function=lambda _f: {"fillOpacity": 0.5},
            popup=_popup(park_popup(park, view, lang, t), f"park-{park['id']}"),
            tooltip=folium.Tooltip(park_tooltip(park, lang, t), sticky=True),
        ).add_to(group)
        park_edge(group, view, park, style["weight"], "park-edge")
    return group


def places_group(view: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
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
            popup=_popup(place_popup(place, view, lang, t), f"place-{place['id']}"),
            tooltip=folium.Tooltip(place_tooltip(place, view, lang, t)),
        )
        panes.in_pane(marker, POINT_PANE).add_to(group)
    return group


def ridge_note(cat: Catalog, t: Translate) -> str:
    """What the shared ridge is; computed from schematic outlines, it says so."""
    return t("map.ridge_schematic") if schematic_shown(cat.parks) else t("map.ridge_note")


def _border_groups(cat: Catalog, lang: str, t: Translate) -> list[folium.FeatureGroup]:
    styles = cat.styles
    border = folium.FeatureGroup(name=esc(t("map.border")))
    for row in cat.border.to_dict("records"):
        tip = f"<b>{esc(tr(row, 'name', lang))}</b><br><small>{esc(t('map.border_note'))}</small>"
        folium.GeoJson(
            _feature(row["geometry"], {"id": row["id"], "layer": "border"}),
            style_function=lambda _f: {
                "color": paint(styles, "border", "color"),
                "weight": size(styles, "border", "weight"),
                "dashArray": "6 4",
            },
            tooltip=folium.Tooltip(tip, sticky=True),
            pane=BORDER_PANE,
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
            _feature(line, {"id": "shared-ridge", "layer": "ridge-casing"}),
            style_function=lambda _f: casing,
            pane=BORDER_PANE,
            interactive=False,
        ).add_to(ridge)
        folium.GeoJson(
            _feature(line, {"id": "shared-ridge", "layer": "ridge"}),
            style_function=lambda _f: {
                "color": paint(styles, "ridge", "color"),
                "weight": size(styles, "ridge", "weight"),
                "opacity": 0.85,
            },
            tooltip=folium.Tooltip(
                f"<b>{esc(t('map.ridge'))}</b><br><small>{esc(ridge_note(cat, t))}</small>",
                sticky=True,
            ),
            pane=BORDER_PANE,
        ).add_to(ridge)
    return [border, ridge]


def _context_group(cat: Catalog, lang: str, t: Translate) -> folium.FeatureGroup:
    """The tile-free basemap: countries, rivers, lakes and towns, drawn below any tiles; their names
    in the label pane, above everything else, shown only over this basemap (map_css)."""
    styles = cat.styles
    group = folium.FeatureGroup(name=esc(t("map.context")), control=False)
    focus = set(cat.parks["country"])
    for row in cat.countries.to_dict("records"):
        fill = paint(styles, "basemap", "land_focus" if row["id"] in focus else "land")
        folium.GeoJson(
            _feature(row["geometry"]),
            style_function=lambda _f, fill=fill: {
                "color": paint(styles, "basemap", "country_line"),
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
            label(group, at, tr(row, "name", lang), "context-label country-label")
    if len(cat.rivers):
        river = paint(styles, "basemap", "river")
        folium.GeoJson(
            _feature(shapely.union_all(list(cat.rivers.geometry))),
            style_function=lambda _f: {"color": river, "weight": 1.2, "opacity": 1},
            pane=CONTEXT_PANE,
            interactive=False,
        ).add_to(group)
    lake = paint(styles, "basemap", "lake")
    for row in cat.lakes.to_dict("records"):
        folium.GeoJson(
            _feature(row["geometry"]),
            style_function=lambda _f: {
                "color": lake,
                "weight": 1,
                "fillColor": lake,
                "fillOpacity": 1,
            },
            pane=CONTEXT_PANE,
            interactive=False,
        ).add_to(group)
        name = tr(row, "name", lang)
        if name:  # Natural Earth's smaller lakes come unnamed: drawn, not labelled
            label(group, row["geometry"].representative_point(), name, "context-label lake-label")
    for row in cat.towns.to_dict("records"):
        point = row["geometry"]
        dot = folium.CircleMarker(
            (point.y, point.x),
            radius=3,
            color=paint(styles, "basemap", "town"),
            fill=True,
            fill_opacity=1,
            interactive=False,
        )
        panes.in_pane(dot, CONTEXT_PANE).add_to(group)
        label(group, point, tr(row, "name", lang), "context-label town-label", dx=6)
    return group


def label(group: folium.FeatureGroup, point: Any, text: str, css: str, dx: int = 0) -> None:
    """A name on the map, in the label pane: above every fill, data layer and point."""
    folium.Marker(
        (round(point.y, 4), round(point.x, 4)),
        icon=folium.DivIcon(
            html=f'<div class="landscape-label {css}" style="margin-left:{dx}px">{esc(text)}</div>',
            icon_size=(0, 0),
            icon_anchor=(0, 8),
        ),
        pane=LABEL_PANE,
        interactive=False,
        keyboard=False,  # a name is no Tab stop (and a focused marker would pan the map)
        autoPanOnFocus=False,
    ).add_to(group)


def legend_html(cat: Catalog, lang: str, t: Translate) -> str:
    """The legend as escaped HTML: one row per park, then border, ridge and places. Rows of
    what a filter can hide carry `data-legend`; the view's frame (FrameScript) shows only the
    rows of what it shows."""
    rows = []
    for park in cat.parks.to_dict("records"):
        style = park_style(cat, park["country"])
        note = accuracy_note(park["accuracy"], t)
        source = "; ".join(source_titles(cat, park["geometry_source"], lang))
        rows.append(
            f'<div class="row" data-legend="park:{esc(park["id"])}" title="{esc(source)}">'
            f'<span class="swatch" style="background:{style["fillColor"]};border:2.5px solid '
            f'{style["color"]}"></span>'
            f"<span>{esc(tr(park, 'name', lang))}<br><small>{esc(note)}</small></span></div>"
        )
    styles = cat.styles
    rows.append(
        f'<div class="row"><span class="line" style="border-top:2px dashed '
        f'{paint(styles, "border", "color")}"></span><span>{esc(t("map.border"))}<br>'
        f"<small>{esc(t('map.border_note'))}</small></span></div>"
    )
    if not geometry.shared_ridge(cat.border, cat.parks).is_empty:
        rows.append(
            f'<div class="row"><span class="line" style="border-top:5px solid '
            f'{paint(styles, "ridge", "color")}"></span><span>{esc(t("map.ridge"))}<br>'
            f"<small>{esc(ridge_note(cat, t))}</small></span></div>"
        )
    rows.append(
        f'<div class="row" data-legend="places"><span class="swatch" style="border-radius:50%;'
        f"width:14px;flex:0 0 14px;background:{paint(styles, 'place', 'fill')};border:2px solid "
        f'{paint(styles, "place", "color")}"></span><span>{esc(t("map.places"))}'
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


def basemap_bounds(cat: Catalog) -> list[list[float]] | None:
    """How far the map may pan and zoom out: the offline basemap's extent (None without one)."""
    if cat.countries.empty:
        return None
    west, south, east, north = (float(v) for v in cat.countries.total_bounds)
    return [[south, west], [north, east]]


def _vector_basemap(
    cat: Catalog, row: dict[str, Any], name: str, lang: str, show: bool
) -> PMTilesLayer:
    """The PMTiles basemap of a basemaps.toml record (checked on load: the file reads)."""
    path = cat.data_dir / str(row["pmtiles"])
    info = tilesets.read(path)
    return PMTilesLayer(
        tiles_url(tilesets.served_name(path)),
        name,
        esc(row["attribution"] or ""),
        lang,
        int(row["max_zoom"] or 18),
        info.max_zoom,
        show=show,
        bounds=info.bounds,
    )


def uses_vector_tiles(cat: Catalog) -> bool:
    """Whether the map needs protomaps-leaflet: a PMTiles basemap is offered."""
    return "pmtiles" in cat.basemaps and bool(cat.basemaps["pmtiles"].fillna("").astype(bool).any())


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
    _context_group(cat, lang, t).add_to(fmap)

    ids = list(cat.basemaps["id"])
    chosen = basemap if basemap in ids else (ids[0] if ids else "offline")
    tiles: list[folium.TileLayer] = []
    named: list[tuple[Any, str]] = []
    offline = None
    vector: PMTilesLayer | None = None
    for row in cat.basemaps.to_dict("records"):
        name = esc(tr(row, "name", lang))
        if row.get("pmtiles"):
            layer = _vector_basemap(cat, row, name, lang, row["id"] == chosen)
            layer.add_to(fmap)
            vector = vector or layer  # the first one is where failing tiles fall back to
            named.append((layer, str(row["id"])))
        elif row["url"]:
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
            named.append((layer, str(row["id"])))
        else:
            offline = folium.FeatureGroup(
                name=name, overlay=False, control=True, show=row["id"] == chosen
            )
            if row["attribution"]:
                Attribution(esc(row["attribution"])).add_to(offline)
            offline.add_to(fmap)
            named.append((offline, "offline"))
    if offline is None:  # the offline basemap always exists, data or not
        offline = folium.FeatureGroup(name=esc(t("map.context")), overlay=False, show=not tiles)
        offline.add_to(fmap)
        named.append((offline, "offline"))
    shown = "offline" if chosen not in {key for _, key in named if key != "offline"} else chosen
    MapLimits(named, shown, basemap_bounds(cat)).add_to(fmap)
    vector_id = next((key for layer, key in named if layer is vector), "")
    TileFallback(tiles, offline, t("map.tiles_failed"), vector, vector_id=vector_id).add_to(fmap)

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
