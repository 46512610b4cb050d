"""A cached figure declares the tables it reads (landscape.reads) and its key is made of
exactly those tables of the catalogs it gets (ui/cache.py, issue 20): a figure of the parks is
kept while only the wildlife filter changes, one of the records is not; equal filters share
keys whatever the order of their lists; an undeclared figure, or a catalog the cache did not
hand out, is refused; and every declaration holds: a figure given its declared tables alone
computes what it computes with the whole catalog."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import altair as alt
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from landscape import maptext, panels, preflight
from landscape.catalog import Catalog
from landscape.i18n import translator
from landscape.paths import BUNDLED_DATA, REPO
from landscape.reads import TABLES, UndeclaredFigure, reads, reads_of_builder
from landscape.schema import TOUR_LAYERS
from landscape.ui import cache, map_component
from landscape.ui import panels as panel_ui
from landscape.ui import patrols as patrols_ui
from landscape.wildlife import figures, patrols
from landscape.wildlife.figures import WildlifeFilter

CALLS: Counter[str] = Counter()
SNOW_LEOPARD = "Panthera uncia"


@reads("parks")
def park_ids(view: Catalog, test: str) -> list[str]:
    CALLS[f"parks {test}"] += 1
    return list(view.parks["id"])


@reads("observations")
def record_count(view: Catalog, test: str) -> int:
    CALLS[f"records {test}"] += 1
    return len(view.observations)


@reads("deployments")
def camera_count(view: Catalog, test: str) -> int:
    CALLS[f"cameras {test}"] += 1
    return len(view.deployments)


@reads("observations")
def only_snow_leopards(view: Catalog, test: str) -> Catalog:
    CALLS[f"narrow {test}"] += 1
    return view.replace(observations=view.observations[view.observations["species"] == "x"])


@reads("parks")
def park_count(view: Catalog) -> int:
    return len(view.parks)


def undeclared(view: Catalog) -> int:
    return len(view.parks)


@reads_of_builder
def built(build: Any, view: Catalog) -> Any:
    return build(view)


def _view(projects: tuple[str, ...] = (), wild: WildlifeFilter | None = None) -> Catalog:
    return cache.view(BUNDLED_DATA, False, projects, wild)[1]


def test_a_figure_of_the_parks_is_kept_while_only_the_wildlife_filter_changes():
    test = "kept"
    wilds = [
        WildlifeFilter(),
        WildlifeFilter(species=(SNOW_LEOPARD,)),
        WildlifeFilter(parks=("chon-kemin",), start=dt.date(2021, 1, 1)),
    ]
    views = [_view(("transboundary",), wild) for wild in wilds]
    for view in views:
        assert cache.figure(park_ids, view, test) == list(view.parks["id"])
    assert CALLS[f"parks {test}"] == 1


def test_a_figure_of_the_records_is_computed_again_when_the_wildlife_filter_changes():
    test = "again"
    every, leopards = _view(), _view((), WildlifeFilter(species=(SNOW_LEOPARD,)))
    assert len(leopards.observations) < len(every.observations)
    for view in (every, leopards):
        assert cache.figure(record_count, view, test) == len(view.observations)
        # a species filter narrows the records, never the cameras (figures.apply)
        assert cache.figure(camera_count, view, test) == len(view.deployments)
    assert CALLS[f"records {test}"] == 2
    assert CALLS[f"cameras {test}"] == 1


def test_equal_filters_with_lists_in_another_order_share_their_keys():
    cat = cache.shown_catalog(BUNDLED_DATA, False)
    species = tuple(cat.observations["species"].dropna().unique()[:3])
    parks = tuple(cat.parks["id"][:2])
    datasets = tuple(cat.datasets["id"])
    assert len(species) == 3 and len(parks) == 2 and len(datasets) > 1
    one = WildlifeFilter(species=species, parks=parks, datasets=datasets)
    other = WildlifeFilter(species=species[::-1], parks=parks[::-1], datasets=datasets[::-1])
    projects = tuple(cat.projects["id"][:2])
    key, view = cache.view(BUNDLED_DATA, False, projects, one)
    other_key, other_view = cache.view(BUNDLED_DATA, False, projects[::-1], other)
    assert key == other_key and view is other_view
    for fn in (park_ids, record_count, camera_count):
        assert cache.figure_key(fn, (view, "x")) == cache.figure_key(fn, (other_view, "x"))
    # and a filter that keeps other records gets another key
    fewer = WildlifeFilter(species=species[:1], parks=parks, datasets=datasets)
    assert cache.figure_key(record_count, (view, "x")) != cache.figure_key(
        record_count, (_view(projects, fewer), "x")
    )


def test_a_figure_without_a_declaration_is_refused():
    view = _view()
    with pytest.raises(UndeclaredFigure, match="declare the tables it reads"):
        cache.figure(undeclared, view)
    with pytest.raises(UndeclaredFigure, match="declare the tables it reads"):
        cache.figure(built, undeclared, view)  # a wrapper reads what its builder reads
    assert cache.figure(built, park_count, view) == len(view.parks)


def test_a_declaration_names_tables_of_a_catalog():
    with pytest.raises(ValueError, match="not tables of a catalog"):
        reads("records")


def test_a_catalog_the_cache_did_not_hand_out_is_refused():
    view = _view()
    with pytest.raises(cache.FigureKeyError, match="handed out"):
        cache.figure(park_ids, view.replace(parks=view.parks.head(1)), "refused")


def test_a_narrowed_catalog_keeps_the_tables_it_did_not_change_and_their_names():
    # the transboundary project and a filter on its parks keep the same records (folded), not
    # the same projects: the narrowed catalog of the second must carry its own projects
    test = "narrowed"
    project = _view(("transboundary",))
    parks = tuple(project.parks["id"])
    by_project = _view(("transboundary",), WildlifeFilter(species=(SNOW_LEOPARD,)))
    by_parks = _view((), WildlifeFilter(species=(SNOW_LEOPARD,), parks=parks))
    assert len(by_parks.projects) > len(by_project.projects)
    first = cache.figure(only_snow_leopards, by_project, test)
    second = cache.figure(only_snow_leopards, by_parks, test)
    assert CALLS[f"narrow {test}"] == 1
    assert first.projects is by_project.projects and second.projects is by_parks.projects
    assert first.parks is by_project.parks and second.parks is by_parks.parks
    assert second.observations is first.observations and second.observations.empty
    # a figure of a table it left alone shares its key with the view's; of the narrowed one not
    assert cache.figure_key(park_ids, (second, "k")) == cache.figure_key(park_ids, (by_parks, "k"))
    assert cache.figure_key(record_count, (second, "k")) != cache.figure_key(
        record_count, (by_parks, "k")
    )


class Forbidden:
    """A table a figure did not declare: any use of it fails, naming it."""

    def __init__(self, table: str) -> None:
        object.__setattr__(self, "_table", table)

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise AssertionError(f"read {object.__getattribute__(self, '_table')}, not declared")

    __getattr__ = __getitem__ = __len__ = __iter__ = __bool__ = __contains__ = _refuse
    __eq__ = _refuse  # type: ignore[assignment]


class ForbiddenDict(dict):
    """A table of settings (styles, ui) a figure did not declare: isinstance says dict."""

    def __init__(self, table: str) -> None:
        super().__init__()
        self.table = table

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise AssertionError(f"read {self.table}, not declared")

    get = __getitem__ = __contains__ = __iter__ = __len__ = keys = items = values = _refuse


def _guarded(cat: Catalog, tables: tuple[str, ...]) -> Catalog:
    hidden = {
        name: ForbiddenDict(name) if isinstance(getattr(cat, name), dict) else Forbidden(name)
        for name in TABLES
        if name not in tables
    }
    return cat.replace(**hidden)


def _figures(whole: Catalog, view: Catalog) -> list[tuple[Any, tuple[Any, ...]]]:
    t = translator(whole.ui, "en")
    layers = maptext.Layers(TOUR_LAYERS, "grid", "records", True, 0.1)
    only = patrols.patrol_view(view)
    return [
        (panels.project_cards, (view, "en", t)),
        (panels.statements, (view, "en", "slogan")),
        (panels.figures, (view, "en")),
        (panels.timeline, (view, "en", t)),
        (panels.park_facts, (view, "en", t)),
        (panels.species_table, (view, "en", t)),
        (panels.sensitivity_sources, (view, "en")),
        (maptext.describe, (whole, view, layers, "en", t)),
        (
            maptext.describe,
            (whole, view, maptext.Layers(TOUR_LAYERS, "heatmap", "rate", False, 0.05), "en", t),
        ),
        (patrols.patrol_view, (view,)),
        (patrols_ui._synthetic, (view,)),
        (patrols_ui._effort_shown, (only, "en", t)),
        (patrols_ui._months_chart, (only, "en", t, "some")),
        (patrols_ui._species_rows, (only, "en", t)),
        (figures.date_span, (view,)),
        (figures.species_present, (view,)),
        (figures.any_outside, (view,)),
        (figures.shown_datasets, (view,)),
        (figures.totals, (view,)),
        (figures.over_time, (view, "en")),
        (preflight.findings, (view, None, "x", "en", t)),
    ]


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right)
        return True
    if isinstance(left, alt.TopLevelMixin):
        return left.to_dict() == right.to_dict()
    if isinstance(left, Catalog):  # patrol_view: the records it keeps
        return _same(left.observations, right.observations)
    if isinstance(left, tuple) and left and isinstance(left[0], pd.DataFrame):
        return _same(left[0], right[0]) and left[1:] == right[1:]
    return bool(left == right)


@pytest.mark.parametrize("staff", [False, True])
@pytest.mark.parametrize(
    "filters",
    [((), None), (("transboundary",), WildlifeFilter(species=(SNOW_LEOPARD,)))],
    ids=["everything", "a project and a species"],
)
def test_every_figure_reads_only_the_tables_it_declares(staff: bool, filters: tuple) -> None:
    whole = cache.shown_catalog(BUNDLED_DATA, staff)
    view = cache.view(BUNDLED_DATA, staff, *filters)[1]
    for fn, args in _figures(whole, view):
        tables = fn.__reads__
        guarded = tuple(_guarded(a, tables) if isinstance(a, Catalog) else a for a in args)
        assert _same(fn(*guarded), fn(*args)), fn.__qualname__


def _page(monkeypatch: pytest.MonkeyPatch, **params: object) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state[map_component.REPORTED] = True
    return at


@pytest.mark.parametrize("tab", panel_ui.TABS)
def test_every_panel_draws_its_figures_without_an_error(monkeypatch, tab: str) -> None:
    # a section that fails shows a message instead of a traceback: at.exception stays empty
    at = _page(monkeypatch, species=SNOW_LEOPARD)
    at.session_state[panel_ui.OPEN] = tab
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def test_the_tour_and_its_preflight_draw_without_an_error(monkeypatch) -> None:
    at = _page(monkeypatch, mode="present")
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def test_a_links_raw_text_never_lands_in_the_cache_every_session_shares(monkeypatch) -> None:
    marker = "zz-no-such-project-zz"
    at = _page(monkeypatch, project=marker, species=f"{marker} species")
    at.run()
    assert not at.exception
    assert marker not in repr(list(cache._FIGURES.items))
