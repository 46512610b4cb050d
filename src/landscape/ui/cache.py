"""Cached wrappers around the pure loaders and figures: the only caching in the app.

Three levels, each keyed so that an edit of any data file invalidates it:
- the catalog of the data directory, as loaded and as a public or a staff viewer may see it;
- the view: that catalog narrowed to one visitor's filter (projects and wildlife filter);
- figures of a view: tables, chart data and the rendered map, keyed by the view's key and
  their own arguments.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from landscape import filters
from landscape.catalog import Catalog, load_catalog
from landscape.mapview.assets import ensure_static
from landscape.memo import LRU
from landscape.paths import signature
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
NO_PARK = "\x00no park"  # a park filter that keeps nothing (an empty one keeps everything)


# The data directory's signature, taken once per script run: a run asks for it a dozen times,
# and with many sessions walking the folder each time was a sixth of the server's time.
_RUN_FILES: dict[int, dict[str, Files]] = {}
_RUN_KEYS: dict[int, dict[str, str]] = {}


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


_CATALOGS = LRU(CATALOGS)  # each data directory's catalog as loaded
_SHOWN = LRU(2 * CATALOGS)  # ... and as a public or a staff viewer may see it
_VIEWS = LRU(VIEWS, weigh=lambda view: view.rows(), budget=VIEW_ROWS)
_FIGURES = LRU(FIGURES)


def _text_key(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def catalog(directory: Path) -> Catalog:
    """The catalog of `directory`, reloaded when any file in it changes."""
    return _CATALOGS.get(catalog_key(directory), lambda: load_catalog(directory))


def catalog_key(directory: Path) -> str:
    """A name for the whole catalog of `directory` as its files are now (see `figure`)."""
    seen = _RUN_KEYS.setdefault(threading.get_ident(), {})
    name = str(directory)
    if name not in seen:
        seen[name] = _text_key(name, files(directory), "whole")
    return seen[name]


def shown_catalog(directory: Path, staff: bool) -> Catalog:
    """What this viewer may receive: generalised positions unless the staff view is unlocked."""

    def make() -> Catalog:
        whole = catalog(directory)
        return staff_view(whole) if staff else public_view(whole)

    return _SHOWN.get((catalog_key(directory), staff), make)


def view_key(
    directory: Path,
    staff: bool,
    projects: tuple[str, ...] = (),
    wild: wildlife_figures.WildlifeFilter | None = None,
) -> str:
    """A name for one viewer's view of the data: the files as they are now, the viewer's
    rights and the filter. Equal keys always mean equal views."""
    return _text_key(str(directory), files(directory), staff, projects, wild)


def view(
    directory: Path,
    staff: bool,
    projects: tuple[str, ...] = (),
    wild: wildlife_figures.WildlifeFilter | None = None,
) -> tuple[str, Catalog]:
    """The key and the catalog of one viewer's view: `projects` narrows the projects, and
    `wild` (when given) the wildlife data."""

    def make() -> Catalog:
        if wild is None:
            return filters.by_projects(shown_catalog(directory, staff), list(projects))
        # narrowed from the projects' own view, kept and shared by every wildlife filter
        return wildlife_figures.apply(view(directory, staff, projects)[1], wild)

    key = view_key(directory, staff, projects, wild)
    return key, _VIEWS.get(key, make)


def wildlife_key(
    directory: Path,
    staff: bool,
    projects: tuple[str, ...],
    wild: wildlife_figures.WildlifeFilter,
) -> str:
    """A name for the wildlife part of a view: its wildlife tables (records, cameras,
    waypoints, patrols) and its parks. Two filters get the same name whenever those are equal,
    so figures keyed by it are computed once for both: choosing a project whose parks hold all
    the chosen wildlife (the transboundary project and a park filter, say) computes nothing
    again. Figures keyed by it may read only those tables, the parks, datasets and species.

    A project keeps the wildlife inside its parks (filters.by_projects) just as a park filter
    naming those parks does (figures.apply): neither keeps what lies outside every park. So
    the two fold into one set of parks; the view's list of parks is part of the name too.
    """
    # the projects' parks, in catalog order (filters.by_projects), from their kept view
    listed = tuple(view(directory, staff, projects)[1].parks["id"])
    if projects:
        kept = tuple(sorted(p for p in listed if not wild.parks or p in wild.parks))
        parks = kept or (NO_PARK,)
    else:
        parks = tuple(sorted(wild.parks))  # () keeps everything, outside the parks too
    folded = dataclasses.replace(
        wild,
        parks=parks,
        species=tuple(sorted(wild.species)),
        datasets=tuple(sorted(wild.datasets)),
    )
    return _text_key(str(directory), files(directory), staff, "wildlife", folded, listed)


class FigureKeyError(TypeError):
    """An argument that cannot be part of a figure's cache key."""


def _named(fn: Callable[..., Any]) -> str:
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
    ones could share a key (pass the view, a Catalog, which `key` names, or plain values)."""
    if isinstance(value, pd.DataFrame | pd.Series | pd.Index | np.ndarray):
        raise FigureKeyError(f"a {type(value).__name__} cannot key a figure")
    if isinstance(value, functools.partial):
        raise FigureKeyError(f"{value!r}: pass the function and its arguments to the figure")
    if isinstance(value, types.MethodType):  # the same method of another object is another
        return f"{_named(value.__func__)} of {param_key(value.__self__)}"
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType):
        return _named(value)
    if isinstance(value, set | frozenset):
        return repr(sorted(value, key=repr))
    return repr(value)


def figure(key: str, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)`, computed once for the view named `key`.

    Every Catalog among `args` must be determined by `key` (the view itself, or the shown
    catalog of the same data and viewer); every other argument is part of the cache key
    (`param_key`), and `fn` must be a module-level function.
    """
    params = tuple(param_key(a) for a in args if not isinstance(a, Catalog))
    name = _named(fn)
    result = _FIGURES.get((key, name, params), lambda: fn(*args))
    return result.copy() if isinstance(result, pd.DataFrame) else result


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
