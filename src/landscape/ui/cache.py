"""Cached wrappers around the pure loaders and figures: the only caching in the app.

Three levels, each keyed so that an edit of any data file invalidates it:
- the catalog of the data directory, as loaded and as a public or a staff viewer may see it;
- the view: that catalog narrowed to one visitor's filter (projects and wildlife filter);
- figures of a view: tables, chart data and the rendered map, keyed by the view's key and
  their own arguments.

Catalogs and views are kept with `st.cache_resource`, figures in a small LRU of our own
(`_Figures`): one shared object, never a pickled copy per rerun (a copy of a million
observations costs seconds and gigabytes). Cached objects are shared by every session and
must never be changed in place; figures that are DataFrames are handed out as copies,
because layout code adds columns to them.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from landscape import filters
from landscape.catalog import Catalog, load_catalog
from landscape.mapview.assets import ensure_static
from landscape.paths import signature
from landscape.wildlife import figures as wildlife_figures
from landscape.wildlife.privacy import public_view, staff_view

T = TypeVar("T")
Files = tuple[tuple[str, int, int], ...]
VIEWS = 4  # filtered views kept: at a million records each may hold hundreds of MB
FIGURES = 512  # small aggregates and rendered maps


# The data directory's signature, taken once per script run: a run asks for it a dozen times,
# and with many sessions walking the folder each time was a sixth of the server's time.
_RUN_FILES: dict[int, dict[str, Files]] = {}


def begin_run() -> None:
    """Forget the signatures of this session's previous run (call first in every run)."""
    _RUN_FILES[threading.get_ident()] = {}


def files(directory: Path) -> Files:
    """The signature of `directory` (paths.signature) as this run first saw it."""
    seen = _RUN_FILES.setdefault(threading.get_ident(), {})
    name = str(directory)
    if name not in seen:
        seen[name] = signature(directory)
    return seen[name]


@st.cache_resource(show_spinner=False, max_entries=4)
def _catalog(path: str, files: Files) -> Catalog:
    return load_catalog(Path(path))


def catalog(directory: Path) -> Catalog:
    """The catalog of `directory`, reloaded when any file in it changes."""
    return _catalog(str(directory), files(directory))


def catalog_key(directory: Path) -> str:
    """A name for the whole catalog of `directory` as its files are now (see `figure`)."""
    text = repr((str(directory), files(directory), "whole"))
    return hashlib.sha256(text.encode()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=4)
def _shown(path: str, files: Files, staff: bool) -> Catalog:
    whole = _catalog(path, files)
    return staff_view(whole) if staff else public_view(whole)


def shown_catalog(directory: Path, staff: bool) -> Catalog:
    """What this viewer may receive: generalised positions unless the staff view is unlocked."""
    return _shown(str(directory), files(directory), staff)


def view_key(
    directory: Path,
    staff: bool,
    projects: tuple[str, ...] = (),
    wild: wildlife_figures.WildlifeFilter | None = None,
) -> str:
    """A name for one viewer's view of the data: the files as they are now, the viewer's
    rights and the filter. Equal keys always mean equal views."""
    text = repr((str(directory), files(directory), staff, projects, wild))
    return hashlib.sha256(text.encode()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=VIEWS)
def _view(
    key: str,
    _directory: Path,
    _staff: bool,
    _projects: tuple[str, ...],
    _wild: wildlife_figures.WildlifeFilter | None,
) -> Catalog:
    view = filters.by_projects(shown_catalog(_directory, _staff), list(_projects))
    return wildlife_figures.apply(view, _wild) if _wild is not None else view


def view(
    directory: Path,
    staff: bool,
    projects: tuple[str, ...] = (),
    wild: wildlife_figures.WildlifeFilter | None = None,
) -> tuple[str, Catalog]:
    """The key and the catalog of one viewer's view: `projects` narrows the projects, and
    `wild` (when given) the wildlife data."""
    key = view_key(directory, staff, projects, wild)
    return key, _view(key, directory, staff, projects, wild)


class _Figures:
    """The figures of views, least recently used first out (FIGURES at most). A plain dict
    under a lock: `st.cache_resource` hashed the arguments and inspected the function's
    signature on every lookup, about 1 ms each, and a page looks up some 25 figures a run."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, str, tuple[str, ...]], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str, tuple[str, ...]], make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()  # outside the lock: two sessions may both compute a new figure once
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


_FIGURES = _Figures(FIGURES)


def figure(key: str, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)`, computed once for the view named `key`.

    Every Catalog among `args` must be determined by `key` (the view itself, or the shown
    catalog of the same data and viewer); every other argument is part of the cache key.
    """
    params = tuple(repr(a) for a in args if not isinstance(a, Catalog))
    name = f"{fn.__module__}.{fn.__qualname__}"
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
