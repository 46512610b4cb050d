"""Cached wrappers around the pure loaders and figures: the only caching in the app.

Three levels, each keyed so that an edit of any data file invalidates it:
- the catalog of the data directory, as loaded and as a public or a staff viewer may see it;
- the view: that catalog narrowed to one visitor's filter (projects and wildlife filter);
- figures: tables, chart data and rendered maps of the catalogs they are given.

A figure's key is mechanical (`figure`): its function's name, its other arguments' text, and
for each catalog it gets the keys of exactly the tables it declares it reads
(`landscape.reads`). Every catalog this module hands out knows its name (`name_of`), and a
table's key is that of the data files, the viewer's rights and the parts of the filter that
narrow that table (`reads.NARROWED_BY`), lists sorted: computed from a few small values, never
from the rows. So a figure of the parks is kept while only the wildlife filter changes, and
two filters that keep the same records share the figures of the records.

All are kept in LRUs of our own (`memo.LRU`), keyed by text this module computes once per
run: one shared object, never a pickled copy per rerun (a copy of a million observations
costs seconds and gigabytes). `st.cache_resource` hashed the arguments (the directory's whole
file signature among them) and inspected the function on every lookup, and kept four views,
so with twenty sessions every rerun filtered the catalog again (a profile of the server).

Cached objects are shared by every session and must never be changed in place; figures that
are DataFrames are handed out as copies, because layout code adds columns to them.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import threading
import types
import weakref
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from landscape import filters, reads
from landscape.catalog import Catalog, load_catalog
from landscape.mapview.assets import ensure_static
from landscape.memo import LRU
from landscape.paths import signature
from landscape.reads import NO_PARK as NO_PARK
from landscape.reads import FigureKeyError as FigureKeyError
from landscape.wildlife import figures as wildlife_figures
from landscape.wildlife.privacy import public_view, staff_view

T = TypeVar("T")
Files = tuple[tuple[str, int, int], ...]
CATALOGS = 4  # data directories (tests and benchmarks use several in one process)
# Filtered views kept: as many as their records, cameras, waypoints and patrols allow. A view
# of a million records holds a few hundred MB, so at that size about four stay (as before);
# on the bundled data all twenty sessions of the load benchmark keep theirs.
VIEWS = 64
VIEW_ROWS = 4_000_000
FIGURES = 512  # small aggregates and rendered maps


# The data directory's signature, taken once per script run: a run asks for it a dozen times,
# and with many sessions walking the folder each time was a sixth of the server's time.
_RUN_FILES: dict[int, dict[str, Files]] = {}
_RUN_KEYS: dict[int, dict[Hashable, str]] = {}


def begin_run() -> None:
    """Forget the signatures of this session's previous run (call first in every run)."""
    _RUN_FILES[threading.get_ident()] = {}
    _RUN_KEYS[threading.get_ident()] = {}


def files(directory: Path) -> Files:
    """The signature of `directory` (paths.signature) as this run first saw it."""
    seen = _RUN_FILES.setdefault(threading.get_ident(), {})
    name = str(directory)
    if name not in seen:
        seen[name] = signature(directory)
    return seen[name]


def _run_key(memo: Hashable, make: Callable[[], str]) -> str:
    """`make()`, computed once per run for `memo`."""
    seen = _RUN_KEYS.setdefault(threading.get_ident(), {})
    if memo not in seen:
        seen[memo] = make()
    return seen[memo]


_CATALOGS = LRU(CATALOGS)  # each data directory's catalog as loaded
_SHOWN = LRU(2 * CATALOGS)  # ... and as a public or a staff viewer may see it
_VIEWS = LRU(VIEWS, weigh=lambda view: view.rows(), budget=VIEW_ROWS)
_FIGURES = LRU(FIGURES)


def _text_key(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class ViewName:
    """What a catalog handed out here is: the data, the viewer (None: as loaded, before the
    privacy rules) and the filter, canonical."""

    directory: Path
    staff: bool | None
    filter: reads.Filter = dataclasses.field(default_factory=reads.Filter)

    def key(self, table: str) -> str:
        """The key of one table: the files, the viewer and the parts of the filter that narrow
        that table (reads.NARROWED_BY), once per run."""
        return _run_key((self, table), lambda: self._key(table))

    def _key(self, table: str) -> str:
        narrowing = reads.NARROWED_BY.get(table, ())
        listed: tuple[str, ...] = ()
        if "parks" in narrowing and self.filter.projects and self.staff is not None:
            # the projects' parks, in catalog order (filters.by_projects), from their kept view
            projects = view(self.directory, self.staff, self.filter.projects)[1]
            listed = tuple(projects.parks["id"])
        by_part = reads.parts(self.filter, listed)
        narrowed = tuple(by_part[part] for part in narrowing)
        return _text_key(str(self.directory), files(self.directory), self.staff, table, narrowed)


@dataclasses.dataclass(frozen=True, eq=False)
class NarrowedName:
    """A catalog a figure made of another (`base`): the tables it changed are named by that
    figure's key, the others keep their names."""

    base: ViewName | NarrowedName
    changed: dict[str, str]

    def key(self, table: str) -> str:
        return self.changed[table] if table in self.changed else self.base.key(table)


Name = ViewName | NarrowedName
_NAMES: dict[int, tuple[weakref.ref[Catalog], Name]] = {}


def _named(cat: Catalog, name: Name) -> Catalog:
    """`cat`, known from now on as `name` (the first name it got: every one is right)."""
    if name_of(cat) is None:
        ident = id(cat)
        _NAMES[ident] = (weakref.ref(cat), name)
        weakref.finalize(cat, _NAMES.pop, ident, None)
    return cat


def name_of(cat: Catalog) -> Name | None:
    """The name of a catalog this module handed out (None for any other)."""
    found = _NAMES.get(id(cat))
    return found[1] if found is not None and found[0]() is cat else None


def catalog(directory: Path) -> Catalog:
    """The catalog of `directory`, reloaded when any file in it changes."""
    whole = _CATALOGS.get(catalog_key(directory), lambda: load_catalog(directory))
    return _named(whole, ViewName(directory, None))


def catalog_key(directory: Path) -> str:
    """A name for the whole catalog of `directory` as its files are now."""
    return _run_key(
        ("whole", str(directory)), lambda: _text_key(str(directory), files(directory), "whole")
    )


def shown_catalog(directory: Path, staff: bool) -> Catalog:
    """What this viewer may receive: generalised positions unless the staff view is unlocked."""

    def make() -> Catalog:
        whole = catalog(directory)
        return staff_view(whole) if staff else public_view(whole)

    return _named(_SHOWN.get((catalog_key(directory), staff), make), ViewName(directory, staff))


def view_key(
    directory: Path,
    staff: bool,
    projects: tuple[str, ...] = (),
    wild: wildlife_figures.WildlifeFilter | None = None,
) -> str:
    """A name for one viewer's view of the data: the files as they are now, the viewer's
    rights and the filter, its lists sorted. Equal keys always mean equal views, and equal
    filters get equal keys whatever the order of their lists."""
    return _text_key(str(directory), files(directory), staff, reads.canonical(projects, wild))


def view(
    directory: Path,
    staff: bool,
    projects: tuple[str, ...] = (),
    wild: wildlife_figures.WildlifeFilter | None = None,
) -> tuple[str, Catalog]:
    """The key and the catalog of one viewer's view: `projects` narrows the projects, and
    `wild` (when given) the wildlife data."""
    chosen = reads.canonical(projects, wild)

    def make() -> Catalog:
        if wild is None or chosen == reads.Filter(projects=chosen.projects):
            return filters.by_projects(shown_catalog(directory, staff), list(chosen.projects))
        # narrowed from the projects' own view, kept and shared by every wildlife filter
        return wildlife_figures.apply(view(directory, staff, chosen.projects)[1], wild)

    key = view_key(directory, staff, projects, wild)
    return key, _named(_VIEWS.get(key, make), ViewName(directory, staff, chosen))


def _function_name(fn: Callable[..., Any]) -> str:
    """A function's key: module and qualified name. A lambda or a function defined inside
    another has no name that says what it computes (two of them could share a key, or one
    could get a new key every run), so it is refused."""
    qualname = getattr(fn, "__qualname__", "")
    if not qualname or "<lambda>" in qualname or "<locals>" in qualname:
        raise FigureKeyError(f"{fn!r}: a figure needs a module-level function, not a lambda")
    return f"{fn.__module__}.{qualname}"


def param_key(value: Any) -> str:
    """One argument of a figure as text for its key. Functions by their name; sets sorted (their
    order means nothing); tables and arrays refused: their text is cut short, so two different
    ones could share a key (pass the view, a Catalog, which `figure` names, or plain values)."""
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index | np.ndarray | Catalog):
        raise FigureKeyError(f"a {type(value).__name__} cannot key a figure")
    if isinstance(value, functools.partial):
        raise FigureKeyError(f"{value!r}: pass the function and its arguments to the figure")
    if isinstance(value, types.MethodType):  # the same method of another object is another
        return f"{_function_name(value.__func__)} of {param_key(value.__self__)}"
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType):
        return _function_name(value)
    if isinstance(value, set | frozenset):
        return repr(sorted(value, key=repr))
    return repr(value)


def _catalog_key(cat: Catalog, tables: tuple[str, ...]) -> tuple[str, ...]:
    name = name_of(cat)
    if name is None:
        raise FigureKeyError(
            "a figure's catalog must be one ui.cache handed out (catalog, shown_catalog, view "
            "or a figure's), which knows its name; to narrow one, make that a figure too"
        )
    return (str(cat.data_dir), *(name.key(table) for table in tables))


def figure_key(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The key of `fn(*args)`: the function's name, and each argument's key; a catalog's is
    the keys of the tables `fn` declares it reads (reads.declared)."""
    name = _function_name(fn)
    plain = [None if isinstance(a, Catalog) else param_key(a) for a in args]
    tables = reads.declared(fn, args)
    return name, tuple(
        _catalog_key(a, tables) if isinstance(a, Catalog) else text
        for a, text in zip(args, plain, strict=True)
    )


@dataclasses.dataclass(frozen=True)
class _Narrowed:
    """A figure's catalog, kept as the tables it changed in the one catalog it was given."""

    changed: dict[str, Any]
    names: dict[str, str]


def _kept(result: Any, args: tuple[Any, ...], key: Hashable) -> Any:
    """What the cache keeps of a result: a catalog (a view narrowed further) as the tables it
    changed, since those alone are determined by the key; the others are its argument's."""
    if not isinstance(result, Catalog):
        return result
    given = [a for a in args if isinstance(a, Catalog)]
    if len(given) != 1:
        raise FigureKeyError("a figure that makes a catalog narrows the one catalog it is given")
    changed = {
        table: getattr(result, table)
        for table in reads.TABLES
        if getattr(result, table) is not getattr(given[0], table)
    }
    return _Narrowed(changed, {table: _text_key(key, table) for table in changed})


def _handed_out(kept: Any, args: tuple[Any, ...]) -> Any:
    if isinstance(kept, pd.DataFrame):
        return kept.copy()
    if isinstance(kept, _Narrowed):
        (given,) = (a for a in args if isinstance(a, Catalog))
        base = name_of(given)
        assert base is not None  # figure_key named it
        return _named(given.replace(**kept.changed), NarrowedName(base, kept.names))
    return kept


def figure(fn: Callable[..., T], /, *args: Any) -> T:
    """`fn(*args)`, computed once per key (`figure_key`); `fn` must be a module-level function
    that declares the tables it reads (landscape.reads), and every catalog among `args` one
    this module handed out. A DataFrame comes out as a copy; a catalog (a view narrowed
    further) as its argument with the tables the figure changed."""
    key = figure_key(fn, args)
    kept = _FIGURES.get(key, lambda: _kept(fn(*args), args, key))
    return _handed_out(kept, args)


# Python's collector runs after every 700 new container objects; a rerun allocates hundreds of
# thousands (pandas, folium, protobuf), so it ran ~13 times a run, each time walking what had
# survived: 0.38 s of the rerun benchmark (384 collections). 20,000 gives 0.06 s (10).
COLLECTOR_THRESHOLDS = (20_000, 20, 20)


@st.cache_resource(show_spinner=False)
def tune_collector() -> tuple[int, int, int]:
    """Set the collector's thresholds once per server process."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    return gc.get_threshold()


@st.cache_resource(show_spinner=False)
def static_assets() -> Path:
    """Copy the map's JS/CSS into static/vendor once per server process."""
    return ensure_static()
