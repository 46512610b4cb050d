"""ui.patrols: the patrol charts read like the map (each park in its map colour)."""

from __future__ import annotations

from landscape.catalog import Catalog
from landscape.mapview.build import park_style
from landscape.text import tr_column
from landscape.ui import patrols as patrol_ui


def test_each_park_is_drawn_in_its_map_colour_in_every_language(catalog: Catalog):
    for lang in ("en", "ru"):
        names = tr_column(catalog.parks, "name", lang)
        scale = patrol_ui.park_colours(catalog, sorted(names), lang).to_dict()
        assert scale["domain"] == sorted(names)
        expected = {
            name: park_style(catalog, country)["color"]
            for name, country in zip(names, catalog.parks["country"], strict=True)
        }
        assert dict(zip(scale["domain"], scale["range"], strict=True)) == expected
        assert len(set(scale["range"])) == len(names), "two parks, two colours"
