"""The map's basemaps, from basemaps.toml: tile layers, PMTiles files and the offline basemap
(the context layer below them), with the scripts that say which one shows, keep the view
inside the offline basemap, and fall back when tiles fail."""

from __future__ import annotations

from typing import Any

import folium

from landscape import tilesets
from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.mapview.basemap_scripts import MapLimits, TileFallback
from landscape.mapview.controls import Attribution
from landscape.mapview.vector_tiles import PMTilesLayer, tiles_url
from landscape.text import esc, tr


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


def _basemap_layer(cat: Catalog, row: dict[str, Any], chosen: str, lang: str) -> Any:
    """One basemaps.toml record as a PMTiles, tile or offline layer, shown if `chosen`."""
    name = esc(tr(row, "name", lang))
    show = row["id"] == chosen
    if row.get("pmtiles"):
        return _vector_basemap(cat, row, name, lang, show)
    if row["url"]:
        return folium.TileLayer(
            tiles=row["url"],
            attr=esc(row["attribution"] or ""),
            name=name,
            overlay=False,
            control=True,
            show=show,
            max_zoom=int(row["max_zoom"] or 18),
        )
    offline = folium.FeatureGroup(name=name, overlay=False, control=True, show=show)
    if row["attribution"]:
        Attribution(esc(row["attribution"])).add_to(offline)
    return offline


def add_basemaps(fmap: folium.Map, cat: Catalog, basemap: str, lang: str, t: Translate) -> None:
    """Every basemap of the catalog, `basemap` shown (else the first), and their scripts."""
    ids = list(cat.basemaps["id"])
    chosen = basemap if basemap in ids else (ids[0] if ids else "offline")
    tiles: list[folium.TileLayer] = []
    named: list[tuple[Any, str]] = []
    offline = None
    vector: PMTilesLayer | None = None
    for row in cat.basemaps.to_dict("records"):
        layer = _basemap_layer(cat, row, chosen, lang).add_to(fmap)
        if isinstance(layer, PMTilesLayer):
            vector = vector or layer  # the first one is where failing tiles fall back to
        elif isinstance(layer, folium.TileLayer):
            tiles.append(layer)
        else:
            offline = layer
        named.append((layer, "offline" if layer is offline else str(row["id"])))
    if offline is None:  # the offline basemap always exists, data or not
        offline = folium.FeatureGroup(name=esc(t("map.context")), overlay=False, show=not tiles)
        offline.add_to(fmap)
        named.append((offline, "offline"))
    shown = "offline" if chosen not in {key for _, key in named if key != "offline"} else chosen
    MapLimits(named, shown, basemap_bounds(cat)).add_to(fmap)
    vector_id = next((key for layer, key in named if layer is vector), "")
    TileFallback(tiles, offline, t("map.tiles_failed"), vector, vector_id=vector_id).add_to(fmap)
