"""Server-side figures, measured in this process with Streamlit's AppTest (the script runs
as on the server, without a browser): rerun time after a filter change, the bytes of the map
component's arguments, and the cold load of the catalog against bare reads of its files.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyogrio
from streamlit.testing.v1 import AppTest

from landscape.catalog import load_catalog
from landscape.paths import REPO
from landscape.ui import map_component

APP = REPO / "app.py"
TIMEOUT_S = 900


@contextmanager
def data_env(data: Path) -> Iterator[None]:
    before = os.environ.get("LANDSCAPE_DATA")
    os.environ["LANDSCAPE_DATA"] = str(data)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("LANDSCAPE_DATA", None)
        else:
            os.environ["LANDSCAPE_DATA"] = before


def map_bytes(at: AppTest) -> int:
    """The bytes of the map component's arguments (what the map costs the websocket)."""
    maps = list(at.get("component_instance"))
    return len(maps[0].proto.json_args.encode()) if maps else 0


def _timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the app raised: {at.exception[0].message}")
    return seconds


@dataclass
class Reruns:
    """Seconds per rerun: `new` when the filter's view is computed for the first time,
    `again` when the same filter comes back (served from the cache)."""

    first_s: float = 0.0
    new_s: list[float] = field(default_factory=list)
    again_s: list[float] = field(default_factory=list)
    default_bytes: int = 0
    filtered_bytes: int = 0


def _set(at: AppTest, key: str, value: list[str]) -> None:
    at.multiselect(key=key).set_value(value)


def dashboard_reruns(data: Path, rounds: int) -> Reruns:
    """The dashboard on `data`: the first run (cold: loads and renders everything), then each
    species and each project chosen and cleared, twice over (new, then again)."""
    out = Reruns()
    with data_env(data):
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
        at.session_state[map_component.REPORTED] = True  # the whole page, as once loaded
        out.first_s = _timed_run(at)
        _timed_run(at)
        out.default_bytes = map_bytes(at)
        # the options are shown as "Common name (Scientific name)"; values are the latter
        labels = list(at.multiselect(key="wl_species").options)
        species = [label.split("(")[-1].rstrip(")") for label in labels][:rounds]
        choices = [("wl_species", [s]) for s in species]
        choices += [("project_filter", [p]) for p in _project_ids(data)[:rounds]]
        for again in (False, True):
            for key, value in choices:
                _set(at, key, value)
                seconds = _timed_run(at)
                (out.again_s if again else out.new_s).append(seconds)
                if key == "wl_species" and not out.filtered_bytes:
                    out.filtered_bytes = map_bytes(at)
                _set(at, key, [])
                _timed_run(at)
    return out


def _project_ids(data: Path) -> list[str]:
    doc = tomllib.loads((data / "projects.toml").read_text(encoding="utf-8"))
    return [str(p["id"]) for p in doc.get("project", [])]


def app_reruns(source: str, data: Path, runs: int) -> tuple[list[float], int]:
    """A small app (the floor or the naive baseline): seconds of `runs` reruns, map bytes."""
    with data_env(data):
        at = AppTest.from_string(source, default_timeout=TIMEOUT_S)
        _timed_run(at)
        times = [_timed_run(at) for _ in range(runs)]
        return times, map_bytes(at)


def _bare_read(data: Path) -> None:
    """Every file the catalog reads, read bare: GDAL for vectors, pandas for tables, tomllib
    for TOML; no validation, no joins."""
    for path in sorted(data.rglob("*")):
        if not path.is_file() or "/." in path.as_posix():
            continue
        if path.suffix in {".geojson", ".gpkg", ".shp"}:
            pyogrio.read_dataframe(path)
        elif path.suffix in {".csv", ".txt"}:
            pd.read_csv(path, dtype=str, keep_default_na=False)
        elif path.suffix == ".toml":
            tomllib.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


def loading(data: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds of cold catalog loads and of bare reads of the same files, interleaved."""
    ours, bare = [], []
    for _ in range(runs):
        start = time.perf_counter()
        load_catalog(data)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        _bare_read(data)
        bare.append(time.perf_counter() - start)
    return ours, bare


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
