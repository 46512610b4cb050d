"""The map built as folium would send it: offline assets, escaping, constant base."""

from __future__ import annotations

import re

from streamlit_folium import _get_map_string, generate_js_hash

from landscape import filters
from landscape.catalog import load_catalog
from landscape.i18n import translator
from landscape.mapview import assets
from landscape.mapview.build import build_map, legend_html, standalone
from tests.conftest import poison_text_fields

EXTERNAL = re.compile(r"""(?:src|href)=["']?(https?:)?//""")


def _html(cat, view=None, basemap="osm"):
    t = translator(cat.ui, "en")
    return standalone(build_map(cat, view or cat, "en", basemap, t)).get_root().render()


def test_every_js_and_css_link_is_served_by_the_app(catalog):
    html = _html(catalog)
    assert not EXTERNAL.search(html), "no script or stylesheet from another host"
    assert "../../app/static/vendor/leaflet/leaflet.js" in html
    assert "../../app/static/vendor/jquery/jquery.min.js" in html
    for name, _ in assets.JS + assets.CSS:
        assert name  # declared
    for _, served in assets.JS + assets.CSS:
        assert assets.source_path(served).stat().st_size > 500


def test_ensure_static_copies_every_asset(tmp_path):
    vendor = assets.ensure_static(tmp_path)
    for _, served in assets.JS + assets.CSS:
        assert (vendor / served).read_bytes() == assets.source_path(served).read_bytes()
    assert (vendor / "leaflet/images/layers.png").exists()


def test_map_holds_parks_border_ridge_samarkand_and_schematic_legend(catalog):
    html = _html(catalog)
    assert '"id": "chon-kemin"' in html and '"id": "ile-alatau"' in html
    assert '"layer": "border"' in html and '"layer": "ridge"' in html
    assert "place-samarkand" in html
    legend = legend_html(catalog, "en", translator(catalog.ui, "en"))
    assert legend.count("schematic outline, not an official boundary") == 2


def test_only_tile_urls_point_off_the_machine(catalog):
    html = _html(catalog)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    tile_hosts = ("tile.openstreetmap.org", "tile.opentopomap.org", "server.arcgisonline.com")
    offending = {u for u in urls if not any(h in u for h in tile_hosts)}
    # Source citations may name web addresses as text; they are never loaded.
    assert all(
        "protectedplanet" in u or "naturalearthdata" in u or "doi.org" in u for u in offending
    ), offending


def test_base_map_is_identical_across_filters_so_the_view_is_kept(catalog):
    t = translator(catalog.ui, "en")
    keys = set()
    for chosen in ([], ["camca"], ["transboundary", "vanishing-treasures"]):
        parts = build_map(catalog, filters.by_projects(catalog, chosen), "en", "osm", t)
        parts.base.render()
        keys.add(generate_js_hash(_get_map_string(parts.base), "landscape-map"))
    assert len(keys) == 1


def test_hostile_text_reaches_the_map_only_escaped(data_copy):
    poison_text_fields(data_copy)
    cat = load_catalog(data_copy)
    assert len(cat.parks) == 2 and len(cat.projects) == 3
    html = _html(cat)
    assert "<img src=x" not in html
    # Raw backticks are folium's own template literals; data never opens or closes one,
    # and nothing inside one can run.
    for literal in re.findall(r"`([^`]*)`", html):
        assert "${" not in literal
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&#36;&#123;alert(1)&#125;" in html and "&#96;" in html and "&#92;" in html


def test_unchanged_layers_give_the_same_script_so_open_popups_survive_a_rerun(catalog):
    from streamlit_folium import _get_feature_group_string

    t = translator(catalog.ui, "en")
    scripts = []
    for _ in range(2):
        parts = build_map(catalog, catalog, "en", "osm", t)
        scripts.append(
            [_get_feature_group_string(g, parts.base, i) for i, g in enumerate(parts.groups)]
        )
    assert scripts[0] == scripts[1]


def test_the_map_is_keyboard_ready_and_lets_the_visitor_zoom(catalog):
    """Issue 18: the live frame's header lets a phone zoom; the keyboard script comes before
    any tooltip is bound (Leaflet's focus listeners make shapes Tab stops); labels are no Tab
    stops; the controls' names are the page's language's; the ring's colour is styles.toml's."""
    from landscape.mapview import palette
    from landscape.ui.map_component import component_args

    for lang in ("en", "ru"):
        t = translator(catalog.ui, lang)
        args = component_args(build_map(catalog, catalog, lang, "offline", t))
        assert "user-scalable" not in args["header"] and "maximum-scale" not in args["header"]
        assert 'content="width=device-width, initial-scale=1.0"' in args["header"]
        assert f"3px solid {palette.paint(catalog.styles, 'control', 'focus')}" in args["header"]
        script = args["script"]
        assert 0 <= script.index("_addFocusListenersOnLayer") < script.index("bindTooltip")
        for key in ("map.zoom_in", "map.zoom_out", "map.layers", "map.keyboard"):
            assert t(key) in script, key
        markers = re.findall(r"L\.marker\(\s*\[[^\]]*\],\s*(\{[^}]*\})", script)
        labels = [m for m in markers if '"landscape-labels"' in m]
        assert len(labels) >= 10 and len(labels) == len(markers), "every marker is a name"
        assert all('"keyboard": false' in m and '"autoPanOnFocus": false' in m for m in labels)
