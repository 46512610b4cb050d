"""The map component: a constant base map with the filtered layers swapped in place.

Rendering a folium map is most of a rerun's time (every element's script is rendered, then
compiled again as a Jinja template), so rendering is split from showing, and the base from
the layers:
- `render_base` renders the base map (everything that no filter changes) once; the page keeps
  the result per data, viewer, language and basemap;
- `layer_args` renders one view's layer groups and layer control into that base, as
  streamlit-folium does after rendering a map, and forgets them again;
- `show` hands the arguments to streamlit-folium's component.

The map reports once it has loaded (`reported`): its default value carries a `PENDING` mark
that the frontend's first value does not, so the frontend sends that value when the map has
drawn, and the script runs again. The page uses this to draw a session's first run with the
map alone and everything else after the map (see ui/page.py).

This is what `st_folium` does before it calls its component, with streamlit-folium's own
helpers; a test checks that `component_args` gives the same arguments as `st_folium`, so an
upgrade that changes them is caught.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import folium
import streamlit as st
import streamlit_folium as sf
from streamlit import runtime

from landscape.mapview.build import MapParts

KEY = "landscape-map"
HEIGHT = 640
RETURNED = ["last_object_clicked"]
PENDING = "landscape_pending"  # in the default value only: the map has not reported yet
REPORTED = "map_reported"  # session state: this session's map has loaded once
# The names streamlit-folium gives the layers it adds to the map (see _get_feature_group_string)
_ADDED = ("feature_group_feature_group_", "layer_control_layer_control")


@dataclass
class RenderedBase:
    """A rendered base map, reused for every view's layers (one view at a time: `lock`).
    `name` says which base it is (data, viewer, language, basemap); it is its cache key."""

    name: str
    fmap: folium.Map
    args: dict[str, Any]
    rendered: dict[str, list[str]]  # the root's header/html/script parts after the base
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __repr__(self) -> str:
        return f"RenderedBase({self.name!r})"


def _links(fmap: folium.Map) -> tuple[list[str], list[str]]:
    """The map's JS and CSS links, deduplicated, in streamlit-folium's order."""
    css: list[str] = []
    js: list[str] = []
    stack: list[Any] = [fmap]
    while stack:
        element = stack.pop(0)
        css += [href for _, href in getattr(element, "default_css", [])]
        js += [src for _, src in getattr(element, "default_js", [])]
        stack = list(getattr(element, "_children", {}).values()) + stack  # depth first
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def _root_parts(fmap: folium.Map) -> dict[str, list[str]]:
    root = fmap.get_root()
    return {name: list(getattr(root, name)._children) for name in ("header", "html", "script")}


def render_base(fmap: folium.Map, name: str = "") -> RenderedBase:
    """Render the base map once: its script, header, html, id, key and links."""
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    leaflet = sf._get_map_string(fmap)
    css, js = _links(fmap)
    args = {
        "script": leaflet,
        "header": header,
        "html": html,
        "id": sf.get_full_id(fmap),
        "key": sf.generate_js_hash(leaflet, KEY, False),
        "height": HEIGHT,
        "width": None,
        "returned_objects": RETURNED,
        "default": {**{name: None for name in RETURNED}, PENDING: True},
        "return_on_hover": False,
        "pixelated": False,
        "css_links": css,
        "js_links": js,
        "wrap_longitude": False,
    }
    return RenderedBase(name, fmap, args, _root_parts(fmap))


def _forget_layers(base: RenderedBase) -> None:
    """Take the previous view's layers and everything their rendering added off the base."""
    for name in [n for n in base.fmap._children if n.startswith(_ADDED)]:
        del base.fmap._children[name]
    root = base.fmap.get_root()
    for part, kept in base.rendered.items():
        children = getattr(root, part)._children
        for name in [n for n in children if n not in kept]:
            del children[name]


@dataclass(frozen=True)
class GroupScript:
    """A layer group rendered at position `idx` among a view's groups: its script, and what
    the layer control needs of it. Groups that a filter does not change (the parks with a
    species filter, say) are kept rendered and reused at the same position."""

    idx: int
    script: str
    name: str
    overlay: bool
    control: bool
    show: bool


def render_group(base: RenderedBase, group: folium.FeatureGroup, idx: int) -> GroupScript:
    """`group` rendered alone, at position `idx`, as `layer_args` would render it there."""
    with base.lock:
        _forget_layers(base)
        try:
            script = sf._get_feature_group_string(group, map=base.fmap, idx=idx)
        finally:
            _forget_layers(base)
    return GroupScript(idx, script, group.layer_name, group.overlay, group.control, group.show)


def _stand_in(rendered: GroupScript, fmap: folium.Map) -> None:
    """An empty group in the place of a rendered one, for the layer control to list."""
    group = folium.FeatureGroup(
        name=rendered.name, overlay=rendered.overlay, control=rendered.control, show=rendered.show
    )
    group._id = f"feature_group_{rendered.idx}"  # the name _get_feature_group_string gives
    group.add_to(fmap)


def layer_args(
    base: RenderedBase,
    groups: list[folium.FeatureGroup | GroupScript],
    control: folium.LayerControl,
) -> dict[str, str]:
    """One view's layers and layer control, rendered into `base`; groups given as
    GroupScript are not rendered again (each must have been rendered at its position)."""
    with base.lock:
        _forget_layers(base)
        try:
            scripts = []
            for idx, group in enumerate(groups):
                if isinstance(group, GroupScript):
                    if group.idx != idx:
                        raise ValueError(f"group rendered at {group.idx}, used at {idx}")
                    _stand_in(group, base.fmap)
                    scripts.append(group.script)
                else:
                    scripts.append(sf._get_feature_group_string(group, map=base.fmap, idx=idx))
            control_script = sf._get_layer_control_string(control, base.fmap)
        finally:
            _forget_layers(base)
    return {"feature_group": "".join(scripts), "layer_control": control_script}


def component_args(parts: MapParts) -> dict[str, Any]:
    """The component's arguments for a whole map (everything but centre and zoom)."""
    base = render_base(parts.base)
    return {**base.args, **layer_args(base, parts.groups, parts.control)}


def show(
    args: dict[str, Any], center: tuple[float, float] | None = None, zoom: float | None = None
) -> dict[str, Any] | None:
    """Draw the map from its arguments; returns the last clicked object's position.

    `center` and `zoom` move the view without reloading the map (the tour uses them); the
    page's CSS sizes the frame to the window, HEIGHT is the size before that CSS applies.

    Only clicks are returned, so panning and zooming never rerun the script; the layers
    change through the feature groups, so a filter change keeps zoom and centre.
    """
    hash_key = args["key"]
    registered(sf._component_func)

    def _changed() -> None:  # what st_folium's on_change does with its key; before a run
        value = st.session_state.get(hash_key, {})
        st.session_state[KEY] = value
        if isinstance(value, dict) and PENDING not in value:
            st.session_state[REPORTED] = True

    result = sf._component_func(**args, zoom=zoom, center=center, on_change=_changed)
    return (result or {}).get("last_object_clicked")


def registered(component: Any) -> None:
    """Register streamlit-folium's component with this server when its module was imported
    before the server existed: `declare_component` registers only inside a script run, and
    landscape.ui.serve imports the page's code before Streamlit starts (without this, the
    map's frame is a 404 and the page says it has trouble loading the component)."""
    registry = runtime.get_instance().component_registry
    if component.url is None and registry.get_component_path(component.name) is None:
        registry.register_component(component)


def reported() -> bool:
    """Whether the map has loaded in this session's browser once: its first value, sent then,
    has come (`_changed` runs before the run that follows it)."""
    return bool(st.session_state.get(REPORTED))
