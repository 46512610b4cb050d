"""The dashboard page. One page for every mode: presentation mode is a state the page reads
(the tour bar instead of the title, sidebar and panels), never a second copy. Each part is
guarded so that one failure shows a message instead of a traceback while the rest works.

Map first: a session's first run draws the title and the map alone, for the view its link
asks for; the filters and panels come in the run that follows once the map has loaded
(`map_component.reported`). Streamlit's frontend mounts the map's frame only after it has
loaded the code of every kind of element on the page, so drawing them with the map delays
the map by seconds (benchmarks: first paint 5.5 s with everything, 2.4 s map first, 2.2 s
for a page with one map and nothing else). Both runs give the map the same place in the
page, so it is not drawn twice."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import folium
import streamlit as st

from landscape import maptext, panels, tilesets, tour
from landscape.catalog import Catalog
from landscape.i18n import Translate, translator
from landscape.mapview import frame as frames
from landscape.mapview.assets import STATIC_DIR
from landscape.mapview.build import base_map, layer_control, parks_group, places_group
from landscape.mapview.wildlife import Classes, cameras_group, wildlife_layers
from landscape.paths import data_dir
from landscape.problems import errors, warnings
from landscape.schema import TOUR_LAYERS
from landscape.text import md_escape
from landscape.ui import cache, map_component, present, share, sidebar, staff, state, theme
from landscape.ui import maptext as maptext_ui
from landscape.ui import mett as mett_ui
from landscape.ui import panels as panel_ui
from landscape.ui import patrols as patrols_ui
from landscape.ui import wildlife as wildlife_ui
from landscape.ui.guard import section
from landscape.viewstate import ViewState
from landscape.wildlife import figures, grid


@dataclasses.dataclass(frozen=True)
class MapRequest:
    """What the map shows: its layers, and its frame (where the view goes when the frame is
    new; None keeps the visitor's)."""

    layers: tuple[str, ...] = TOUR_LAYERS
    frame: frames.Frame | None = None
    large: bool = False


def data_problems(cat: Catalog, t: Translate) -> None:
    """Errors in the data files, named by file and feature, above everything else."""
    found = errors(list(cat.problems))
    if not found:
        return
    with st.expander(
        t("problems.title", errors=len(found), warnings=len(warnings(list(cat.problems)))),
        expanded=True,
        icon="⚠️",
    ):
        st.caption(md_escape(t("problems.help")))
        st.code("\n".join(p.line() for p in found), language=None, wrap_lines=True)


def _picked(view: Catalog, clicked: dict[str, float] | None) -> tuple[str, str] | None:
    """The park or place of the latest click, unless the visitor cleared that click."""
    if not clicked or st.session_state.get("cleared_click") == clicked:
        return None
    return panels.pick(view, clicked["lat"], clicked["lng"])


@dataclasses.dataclass(frozen=True)
class RenderedMap:
    """The map component's arguments for one view, and what the grid legend needs."""

    args: dict[str, Any]
    cells: bool  # whether the detection grid has cells
    found: Classes
    top: float


def render_base(
    cat: Catalog, key: str, lang: str, basemap: str, large: bool, t: Translate
) -> map_component.RenderedBase:
    """The base map of the shown catalog named `key`, rendered (cached per data, viewer,
    language and basemap)."""
    name = f"{key}|{lang}|{basemap}|{large}"
    tilesets.publish(cat.data_dir, cat.basemaps, STATIC_DIR)  # PMTiles basemaps, served
    return map_component.render_base(base_map(cat, lang, basemap, t, large), name)


@dataclasses.dataclass(frozen=True)
class MapKeys:
    """The cache keys of what a map shows: the viewer's whole shown catalog (the base map),
    the view of the chosen projects alone (parks and places), the view but for the species
    filter (cameras), and the view itself (the other wildlife layers)."""

    whole: str
    projects: str
    effort: str
    view: str


def map_keys(is_staff: bool, projects: tuple[str, ...], wild: figures.WildlifeFilter) -> MapKeys:
    directory = data_dir()
    return MapKeys(
        whole=cache.view_key(directory, is_staff),
        projects=cache.view_key(directory, is_staff, projects),
        effort=cache.view_key(directory, is_staff, projects, dataclasses.replace(wild, species=())),
        view=cache.view_key(directory, is_staff, projects, wild),
    )


def _rendered(
    base: map_component.RenderedBase, idx: int, build: Callable[..., Any], *args: Any
) -> map_component.GroupScript:
    return map_component.render_group(base, build(*args), idx)


def render_map(
    base: map_component.RenderedBase,
    view: Catalog,
    keys: MapKeys,
    lang: str,
    step: float,
    display: wildlife_ui.Display,
    request: MapRequest,
    t: Translate,
) -> RenderedMap:
    """The map of a view: the rendered base with the view's layers (cached per view). The
    layers a filter leaves alone are kept rendered under the narrower keys of `keys`."""
    wanted = tuple(n for n in ("cameras", "detections", "patrols") if n in request.layers)
    if not display.patrols:  # the visitor's toggle, or a tour step that lists the layer
        wanted = tuple(n for n in wanted if n != "patrols")
    others = tuple(n for n in wanted if n != "cameras")
    wild = wildlife_layers(view, step, display.mode, display.measure, t, others, True)
    names = ["parks", *(["cameras"] if "cameras" in wanted else []), *wild.groups, "places"]
    names = [n for n in names if n in request.layers]
    groups: list[folium.FeatureGroup | map_component.GroupScript] = []
    for idx, name in enumerate(names):
        if name in ("parks", "places"):
            build = parks_group if name == "parks" else places_group
            groups.append(cache.figure(keys.projects, _rendered, base, idx, build, view, lang, t))
        elif name == "cameras":
            groups.append(cache.figure(keys.effort, _rendered, base, idx, cameras_group, view, t))
        else:
            groups.append(wild.groups[name])
    if request.frame is not None:
        shown = frames.shown_keys(view, names, not wild.cells.empty)
        groups.append(frames.frame_group(request.frame, view, shown, lang))
    args = {**base.args, **map_component.layer_args(base, groups, layer_control())}
    return RenderedMap(args, not wild.cells.empty, wild.found, wild.top)


def draw_map(
    keys: MapKeys,
    cat: Catalog,
    view: Catalog,
    vs: ViewState,
    display: wildlife_ui.Display,
    is_staff: bool,
    request: MapRequest,
    t: Translate,
) -> dict[str, float] | None:
    """The map of `view` with the requested layers; `keys` name the shown catalog `cat`, the
    view and its parts. Returns the latest click."""
    step = grid.STAFF_STEP if is_staff else grid.PUBLIC_STEP
    base_args = (keys.whole, vs.lang, vs.basemap, request.large, t)
    base = cache.figure(keys.whole, render_base, cat, *base_args)
    args = (base, view, keys, vs.lang, step, display, request, t)
    drawn = cache.figure(keys.view, render_map, *args)
    clicked = map_component.show(drawn.args)
    if display.mode == "grid" and drawn.cells:
        wildlife_ui.map_legend(drawn.found, drawn.top, step, display.measure, t)
    return clicked


def presentation(full: Catalog, seeded: ViewState, lang: str, t: Translate) -> None:
    """The tour: the bar on top, the map filling the rest; public data only."""
    fallback = t("app.error")
    cat = cache.shown_catalog(data_dir(), False)
    steps = tour.steps(full, lang)
    if not steps:
        present.empty(t)
        return
    seconds = tour.steps(full, seeded.lang2) if seeded.lang2 else None
    number = present.current_step(len(steps), seeded)
    step = steps[number - 1]
    key, view = cache.view(data_dir(), False, tuple(step.projects))
    wild = bool({"cameras", "detections", "patrols"} & set(step.layers))
    with section("tour", fallback):
        synthetic = wild and figures.synthetic_shown(view)
        present.bar(full, steps, seconds, number, seeded, synthetic, lang, t)
    vs = dataclasses.replace(seeded, lang=lang, step=number, projects=step.projects)
    with section("map", fallback):
        request = MapRequest(step.layers, frames.for_step(step, view, lang, t), large=True)
        display = wildlife_ui.Display("grid", "records", patrols=True)
        keys = MapKeys(cache.view_key(data_dir(), False), key, key, key)
        draw_map(keys, cat, view, vs, display, False, request, t)
    state.write(dataclasses.replace(vs, projects=()), full)


def heading(full: Catalog, t: Translate, controls: Callable[[], None] | None = None) -> None:
    """The title row: title and caption, and beside them the language switch and "Present"
    (`controls`; None leaves their place empty, as the map-first run does). The row has the
    same shape in every run, so the map after it keeps its place and is not drawn again."""
    title_col, control_col = st.columns(TITLE_COLUMNS, vertical_alignment="center")
    with title_col:
        st.title(t("app.title"))
        st.caption(md_escape(t("app.caption")))
    with control_col:
        if controls is None:
            st.empty()
        else:
            controls()
    data_problems(full, t)


def controls(full: Catalog, vs: ViewState, t: Translate) -> None:
    """The language switch and the way into presentation mode, in sight on every screen."""
    sidebar.language(t("lang.label"))
    share.present_button(full, vs, t)


TITLE_COLUMNS = [5, 2]
# The map is the product: with the sidebar closed it has about 55 % of a 1280×800 screen.
MAP_COLUMNS: dict[str, Any] = {"spec": [7, 3], "gap": "medium"}


def map_first(full: Catalog, seeded: ViewState, lang: str, t: Translate) -> None:
    """A session's first run: the title and the public map of the link's view, in the place
    the whole page gives them; the filters and panels follow once the map has loaded."""
    fallback = t("app.error")
    st.sidebar.caption(t("app.loading"))
    heading(full, t)
    map_col, panel_col = st.columns(**MAP_COLUMNS)
    with map_col, section("map", fallback):
        cat = cache.shown_catalog(data_dir(), False)
        whole_key = cache.view_key(data_dir(), False)
        chosen = tuple(sidebar.first_projects(cat, seeded))
        wild, display = wildlife_ui.first_choice(whole_key, cat, lang, t, seeded)
        _, view = cache.view(data_dir(), False, chosen, wild)
        vs = dataclasses.replace(seeded, basemap=sidebar.first_basemap(full, seeded, lang))
        vs = dataclasses.replace(vs, lang=lang)
        request = MapRequest(frame=frames.for_projects(cat, view, chosen, lang, t))
        draw_map(map_keys(False, chosen, wild), cat, view, vs, display, False, request, t)
    with panel_col:
        st.caption(t("app.loading"))
        # The map's report reruns the page; should it never come, a click does.
        if st.button(t("app.show_all")):
            st.session_state[map_component.REPORTED] = True
            st.rerun()


def dashboard(full: Catalog, seeded: ViewState, lang: str, t: Translate) -> None:
    """Title, filters, map and panels."""
    fallback = t("app.error")
    heading(full, t, lambda: controls(full, dataclasses.replace(seeded, lang=lang), t))
    is_staff = False
    with section("staff", fallback):
        is_staff = staff.unlocked(t)
    # From here on only what this viewer may receive: generalised unless staff.
    cat = cache.shown_catalog(data_dir(), is_staff)
    whole_key = cache.view_key(data_dir(), is_staff)

    map_col, panel_col = st.columns(**MAP_COLUMNS)
    chosen: list[str] = []
    with panel_col, section("filter", fallback):  # above the panels it filters, in sight
        chosen = sidebar.project_filter(cat, seeded, lang, t)
    wild, display = figures.WildlifeFilter(), wildlife_ui.Display("grid", "records")
    with section("wildlife-filter", fallback):
        wild, display = wildlife_ui.sidebar(whole_key, cat, lang, t, seeded)
    _, view = cache.view(data_dir(), is_staff, tuple(chosen), wild)
    chosen_basemap = seeded.basemap
    with section("basemap", fallback):
        chosen_basemap = sidebar.basemap(full, seeded, lang, t)
    vs = dataclasses.replace(
        seeded,
        basemap=chosen_basemap,
        lang=lang,
        projects=tuple(chosen),
        wildlife=wild,
        show=display.mode,
        colour=display.measure,
        patrols=display.patrols,
    )
    with section("share", fallback):
        share.panel(full, cache.shown_catalog(data_dir(), False), vs, lang, t)
    state.write(vs, full)

    clicked = None
    with map_col, section("map", fallback):
        keys = map_keys(is_staff, tuple(chosen), wild)
        request = MapRequest(frame=frames.for_projects(cat, view, tuple(chosen), lang, t))
        clicked = draw_map(keys, cat, view, vs, display, is_staff, request, t)
    with map_col, section("map-text", fallback):  # the map as text, right under it
        step = grid.STAFF_STEP if is_staff else grid.PUBLIC_STEP
        shown = maptext.Layers(TOUR_LAYERS, display.mode, display.measure, display.patrols, step)
        maptext_ui.panel(keys.view, cat, view, shown, lang, t)
    with panel_col:
        with section("selection", fallback):
            picked = _picked(view, clicked)
            if picked and panel_ui.selection(view, picked, lang, t):
                st.session_state["cleared_click"] = clicked
                st.rerun()
        # the content panels change with the projects only, not with the wildlife filters
        about_key, about = cache.view(data_dir(), is_staff, tuple(chosen))
        draw: dict[str, Callable[[], None]] = {
            "projects": lambda: panel_ui.projects_tab(about_key, about, lang, t),
            "cop14": lambda: panel_ui.cop14_tab(about_key, cat, about, lang, t),
            "parks": lambda: panel_ui.parks_tab(about_key, about, lang, t),
            "species": lambda: panel_ui.species_tab(whole_key, cat, lang, t),
            "mett": lambda: mett_ui.tab(cat, view, lang, t),
        }
        for name, tab in panel_ui.tabs(lang, t).items():
            if tab.open:  # only the open tab is drawn (panel_ui.tabs)
                with tab, section(name, fallback):
                    draw[name]()
        with section("sources", fallback):
            panel_ui.sources_list(cat, t)
    # Under the map and the panels, the whole width: on a phone the panels come right after
    # the map, so a tap on a park shows its panel on the next screen, not six screens down.
    # The figures are named by what they show, so equal wildlife is computed once.
    wild_key = cache.wildlife_key(data_dir(), is_staff, tuple(chosen), wild)
    with section("wildlife", fallback):
        st.header(t("wildlife.title"), anchor="wildlife")
        wildlife_ui.tab(wild_key, view, cat, lang, t)
    with section("patrols", fallback):
        patrols_ui.panel(wild_key, view, cat, lang, t)


def render() -> None:
    cache.tune_collector()
    cache.begin_run()  # the data files are looked at once per run, then every cache uses that
    full = cache.catalog(data_dir())
    seeded = state.from_url(full, cache.catalog_key(data_dir()))
    lang = state.lang(seeded)
    t = translator(full.ui, lang)
    cache.static_assets()
    theme.apply(seeded.presenting, lang, t, full.styles)
    if seeded.presenting:
        presentation(full, seeded, lang, t)
    elif not map_component.reported():
        map_first(full, seeded, lang, t)
        return  # the widgets are seeded in the next run, when they are drawn
    else:
        dashboard(full, seeded, lang, t)
    state.done_seeding()
