"""The map component's arguments: rendered by us (cached per view) exactly as st_folium would,
and a rendered base reused for many views without leftovers."""

from __future__ import annotations

from typing import Any

import folium
import pytest
import streamlit_folium

from landscape.catalog import load_catalog
from landscape.filters import by_projects
from landscape.i18n import translator
from landscape.mapview.build import base_map, build_map, layer_control, layer_groups
from landscape.paths import BUNDLED_DATA
from landscape.ui import map_component
from landscape.wildlife.privacy import public_view


@pytest.fixture(scope="module")
def cat():
    return public_view(load_catalog(BUNDLED_DATA))


def _st_folium_args(parts, monkeypatch) -> dict[str, Any]:
    captured: dict[str, Any] = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: captured.update(kw))
    streamlit_folium.st_folium(
        parts.base,
        key=map_component.KEY,
        height=map_component.HEIGHT,
        use_container_width=True,
        returned_objects=map_component.RETURNED,
        feature_group_to_add=parts.groups,
        layer_control=parts.control,
    )
    for name in ("on_change", "zoom", "center"):
        captured.pop(name)
    return captured


def test_the_default_value_differs_from_what_the_map_sends_once_loaded():
    """The frontend sends its first value only when it differs from the default (the map
    has loaded: `reported`); streamlit-folium filters that value to `returned_objects`."""
    base = map_component.render_base(folium.Map(tiles=None), "test")
    default = base.args["default"]
    first_value = {name: None for name in base.args["returned_objects"]}
    assert default != first_value
    assert {k: v for k, v in default.items() if k != map_component.PENDING} == first_value


def test_our_arguments_are_st_folium_arguments(cat, monkeypatch):
    t = translator(cat.ui, "en")
    ours = map_component.component_args(build_map(cat, cat, "en", "offline", t))
    theirs = _st_folium_args(build_map(cat, cat, "en", "offline", t), monkeypatch)
    assert set(ours) == set(theirs)
    for name, value in theirs.items():
        if name == "default":  # ours marks the map as not yet loaded (see `reported`)
            value = {**value, map_component.PENDING: True}
        assert ours[name] == value, name
    assert "chon-kemin" in ours["feature_group"]


def test_a_base_rendered_once_serves_every_view_without_leftovers(cat):
    t = translator(cat.ui, "en")
    base = map_component.render_base(base_map(cat, "en", "offline", t), "test")
    root = base.fmap.get_root()
    sizes = {n: len(getattr(root, n)._children) for n in ("header", "html", "script")}
    views = [cat, by_projects(cat, ["camca"]), cat]
    layers = [
        map_component.layer_args(base, layer_groups(v, "en", t), layer_control()) for v in views
    ]
    fresh = [map_component.component_args(build_map(cat, v, "en", "offline", t)) for v in views[:2]]
    assert layers[0] == layers[2]  # the CAMCA view in between left nothing behind
    for got, want in zip(layers, fresh, strict=False):
        assert got["feature_group"] == want["feature_group"]
        assert got["layer_control"] == want["layer_control"]
    assert "chon-kemin" in layers[0]["feature_group"]
    assert "chon-kemin" not in layers[1]["feature_group"]
    assert {n: len(getattr(root, n)._children) for n in sizes} == sizes  # nothing piles up
    assert not [n for n in base.fmap._children if n.startswith("feature_group_feature_group")]


def test_groups_rendered_apart_give_the_same_arguments(cat):
    """A group kept rendered (GroupScript) and reused gives exactly what rendering it with
    the others gives, layer control included; at another position it is refused."""
    t = translator(cat.ui, "en")
    base = map_component.render_base(base_map(cat, "en", "offline", t), "test")
    fresh = map_component.layer_args(base, layer_groups(cat, "en", t), layer_control())
    parks, places = layer_groups(cat, "en", t)
    kept = [map_component.render_group(base, parks, 0), map_component.render_group(base, places, 1)]
    assert map_component.layer_args(base, kept, layer_control()) == fresh
    mixed = [kept[0], layer_groups(cat, "en", t)[1]]
    assert map_component.layer_args(base, mixed, layer_control()) == fresh
    assert "Event places" in fresh["layer_control"] and "chon-kemin" in kept[0].script
    with pytest.raises(ValueError, match="rendered at 1, used at 0"):
        map_component.layer_args(base, [kept[1]], layer_control())
