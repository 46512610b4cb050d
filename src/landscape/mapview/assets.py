"""The map's JS and CSS, served by the app itself so that the map renders with no internet.

Files come from installed PyPI packages (XStatic-Leaflet, XStatic-jQuery) and are copied into
`static/vendor/`, which Streamlit serves at /app/static/ (server.enableStaticServing).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import folium
import folium.plugins
import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

from landscape.paths import REPO
from landscape.tilesets import RENDERER

STATIC_DIR = REPO / "static"
# Relative to the streamlit-folium component iframe (/component/<name>/index.html); it also
# resolves under server.baseUrlPath (TECH-NOTES.md).
STATIC_URL = "../../app/static/vendor"

# served name -> file on disk
_FILES: dict[str, Path] = {
    "leaflet/leaflet.js": Path(xleaflet.BASE_DIR) / "leaflet.js",
    "leaflet/leaflet.css": Path(xleaflet.BASE_DIR) / "leaflet.css",
    "jquery/jquery.min.js": Path(xjquery.BASE_DIR) / "jquery.min.js",
    "markercluster/leaflet.markercluster.js": Path(xcluster.BASE_DIR) / "leaflet.markercluster.js",
    "markercluster/MarkerCluster.css": Path(xcluster.BASE_DIR) / "MarkerCluster.css",
    "markercluster/MarkerCluster.Default.css": Path(xcluster.BASE_DIR)
    / "MarkerCluster.Default.css",
    # the heatmap plugin ships inside the folium wheel
    "heat/leaflet_heat.min.js": Path(folium.__file__).parent / "templates" / "leaflet_heat.min.js",
}
# protomaps-leaflet, the renderer of PMTiles basemaps: from the npm registry, installed into
# js/node_modules by `make install` (npm ci with js/package-lock.json).
PROTOMAPS = "protomaps/protomaps-leaflet.js"
_FILES[PROTOMAPS] = RENDERER
for _image in sorted((Path(xleaflet.BASE_DIR) / "images").glob("*.png")):
    _FILES[f"leaflet/images/{_image.name}"] = _image

# (name, served file) in load order; folium's own list is replaced by these. The map always
# loads the plugins too, so its list of links never changes between views (a change would
# make streamlit-folium reload the map).
JS = [
    ("leaflet", "leaflet/leaflet.js"),
    ("jquery", "jquery/jquery.min.js"),
    ("leaflet-heat.js", "heat/leaflet_heat.min.js"),
    ("markerclusterjs", "markercluster/leaflet.markercluster.js"),
]
CSS = [
    ("leaflet_css", "leaflet/leaflet.css"),
    ("markerclustercss", "markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", "markercluster/MarkerCluster.Default.css"),
]
# The folium plugins the map uses, and the served files that replace their CDN links.
PLUGINS = {
    folium.plugins.HeatMap: (["leaflet-heat.js"], []),
    folium.plugins.MarkerCluster: (
        ["markerclusterjs"],
        ["markerclustercss", "markerclusterdefaultcss"],
    ),
    folium.plugins.FastMarkerCluster: (
        ["markerclusterjs"],
        ["markerclustercss", "markerclusterdefaultcss"],
    ),
}


def source_path(name: str) -> Path:
    """The installed file behind a served asset name."""
    return _FILES[name]


def served_names() -> list[str]:
    """Every served asset name (e.g. "leaflet/images/marker-icon.png")."""
    return sorted(_FILES)


def links(
    base: str = STATIC_URL, vector_tiles: bool = False
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """default_js and default_css for folium, pointing at `base`; with `vector_tiles`, also
    the PMTiles renderer (only maps that offer a PMTiles basemap load its 128 KB)."""
    js = [*JS, ("protomaps", PROTOMAPS)] if vector_tiles else JS
    return (
        [(key, f"{base}/{name}") for key, name in js],
        [(key, f"{base}/{name}") for key, name in CSS],
    )


def use_local_plugins(base: str = STATIC_URL) -> None:
    """Point the plugins' class-level asset lists at the served copies. Process-wide and
    idempotent (TECH-NOTES.md): the same links as the map's own, so nothing is added."""
    js, css = links(base)
    js_by_key, css_by_key = dict(js), dict(css)
    for plugin, (js_keys, css_keys) in PLUGINS.items():
        plugin.default_js = [(k, js_by_key[k]) for k in js_keys]
        plugin.default_css = [(k, css_by_key[k]) for k in css_keys]


def ensure_static(static_dir: Path = STATIC_DIR) -> Path:
    """Copy the assets into static/vendor/ where missing or changed; idempotent and cheap."""
    vendor = static_dir / "vendor"
    for name, source in _FILES.items():
        if name == PROTOMAPS and not source.exists():
            continue  # not installed: PMTiles basemaps are refused on load (tilesets.check)
        target = vendor / name
        if target.exists() and target.stat().st_size == source.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
    return vendor
