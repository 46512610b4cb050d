"""Cached wrappers around the pure loaders: the only caching in the app."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from landscape.catalog import Catalog, load_catalog
from landscape.mapview.assets import ensure_static
from landscape.paths import signature
from landscape.wildlife.privacy import public_view, staff_view


@st.cache_data(show_spinner=False, max_entries=4)
def _catalog(path: str, files: tuple[tuple[str, int, int], ...]) -> Catalog:
    return load_catalog(Path(path))


def catalog(directory: Path) -> Catalog:
    """The catalog of `directory`, reloaded when any file in it changes."""
    return _catalog(str(directory), signature(directory))


@st.cache_data(show_spinner=False, max_entries=4)
def _public(path: str, files: tuple[tuple[str, int, int], ...]) -> Catalog:
    return public_view(_catalog(path, files))


@st.cache_data(show_spinner=False, max_entries=2)
def _staff(path: str, files: tuple[tuple[str, int, int], ...]) -> Catalog:
    return staff_view(_catalog(path, files))


def shown_catalog(directory: Path, staff: bool) -> Catalog:
    """What this viewer may receive: generalised positions unless the staff view is unlocked."""
    files = signature(directory)
    return _staff(str(directory), files) if staff else _public(str(directory), files)


@st.cache_resource(show_spinner=False)
def static_assets() -> Path:
    """Copy the map's JS/CSS into static/ once per server process."""
    return ensure_static()
