"""load_catalog: every layer of a data directory, checked across layers, with its wildlife,
METT assessments, styles and UI strings. It never raises for bad data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from landscape import geometry, region
from landscape.catalog.checks import (
    check_references,
    check_regions,
    check_tour_focus,
    check_vector_basemaps,
)
from landscape.catalog.layers import load_layer, shown_names
from landscape.catalog.model import Catalog
from landscape.mett import load_mett
from landscape.problems import Problem
from landscape.readers import read_toml
from landscape.schema import LAYERS
from landscape.settings import read_styles
from landscape.text import LANGS
from landscape.wildlife import smart
from landscape.wildlife.model import CATEGORICAL_OBSERVATIONS, categorical
from landscape.wildlife.privacy import unknown_species
from landscape.wildlife.store import FOLDER, Names, assign_parks, load_wildlife


def _read_plain_toml(path: Path, shown: str) -> tuple[dict[str, Any], list[Problem]]:
    if not path.exists():
        return {}, [Problem(shown, "", "warning", "file is missing; defaults are used")]
    doc, problems = read_toml(path, shown)
    return doc or {}, problems


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


# Read when the data directory has no smart-mapping.toml: the stored patrols.csv of each SMART
# dataset always uses the canonical column names.
STORED_MAPPING = smart.Mapping((smart.CANONICAL_SPECIES,), (smart.CANONICAL_COUNT,), {}, "UTC")


def smart_mapping(data_dir: Path) -> tuple[smart.Mapping | None, list[Problem]]:
    """The data directory's SMART mapping, None (with a warning-free result) when it has none."""
    path = data_dir / smart.MAPPING_FILE
    if not path.exists():
        return None, []
    return smart.read_mapping(path, smart.MAPPING_FILE)


def patrol_parks(waypoints: pd.DataFrame, patrols: pd.DataFrame) -> pd.Series:
    """Each patrol's park: the park holding most of its waypoints (None: outside every park)."""
    if patrols.empty:
        return pd.Series([], index=patrols.index, dtype=object)
    inside = waypoints.dropna(subset=["park"])
    if inside.empty:
        return pd.Series([None] * len(patrols), index=patrols.index, dtype=object)
    counts = inside.groupby(["dataset", "patrol", "park"]).size().reset_index(name="n")
    counts = counts.sort_values(["n", "park"], ascending=[False, True])
    best = counts.drop_duplicates(["dataset", "patrol"]).set_index(["dataset", "patrol"])["park"]
    keys = pd.MultiIndex.from_frame(patrols[["dataset", "patrol"]])
    found = best.reindex(keys)
    return pd.Series([None if pd.isna(v) else v for v in found], index=patrols.index, dtype=object)


def _layers(data_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Every layer of LAYERS, checked across layers; the parks with their areas."""
    problems: list[Problem] = []
    layers: dict[str, pd.DataFrame] = {}
    for layer in LAYERS:
        frame, found = load_layer(data_dir, layer)
        layers[layer.name] = frame
        problems += found
    shown = shown_names(data_dir)
    problems += check_regions(layers, shown)
    problems += check_references(layers, shown)
    problems += check_tour_focus(layers)
    problems += check_vector_basemaps(data_dir, layers)
    parks = layers["parks"]
    parks["area_km2"] = [round(geometry.area_km2(g), 2) for g in parks.geometry]
    return layers, problems


def _wildlife(
    data_dir: Path, layers: dict[str, pd.DataFrame]
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The wildlife tables of the Catalog, each record with the park it lies in."""
    parks = layers["parks"]
    mapping, problems = smart_mapping(data_dir)
    wildlife = load_wildlife(
        data_dir,
        Names(layers["species"], mapping or STORED_MAPPING),
        region.landscape(parks, region.STORED_ALLOW),
    )
    problems += list(wildlife.problems)
    for dataset, records in wildlife.observations.groupby("dataset"):
        problems += unknown_species(records, layers["species"], f"{FOLDER}/{dataset}")

    def placed(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(park=assign_parks(frame["lat"], frame["lon"], parks))

    waypoints = placed(wildlife.waypoints)
    tables = {
        "datasets": wildlife.datasets,
        "observations": categorical(placed(wildlife.observations), CATEGORICAL_OBSERVATIONS),
        "deployments": placed(wildlife.deployments),
        "waypoints": waypoints,
        "patrols": wildlife.patrols.assign(park=patrol_parks(waypoints, wildlife.patrols)),
    }
    return tables, problems


def _ui_strings(data_dir: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Each language's UI strings, flat; English's problems, and the others' errors."""
    problems: list[Problem] = []
    ui: dict[str, dict[str, str]] = {}
    for code in LANGS:
        table, found = _read_plain_toml(data_dir / "ui" / f"{code}.toml", f"ui/{code}.toml")
        ui[code] = _flatten(table)
        if code == "en" and not table:  # every other language falls back to English
            found = [
                Problem(
                    "ui/en.toml",
                    "",
                    "error",
                    "missing or unreadable: every label shows as its [key]; restore the file "
                    "from git",
                ),
                *[p for p in found if p.severity == "error"],
            ]
        problems += [p for p in found if code == "en" or p.severity == "error"]
    return ui, problems


def load_catalog(data_dir: Path) -> Catalog:
    """Load and validate every layer of `data_dir`."""
    layers, problems = _layers(data_dir)
    wildlife, found = _wildlife(data_dir, layers)
    problems += found
    parks, sources = set(layers["parks"]["id"]), set(layers["sources"]["id"])
    assessments, found = load_mett(data_dir, parks, sources)
    problems += found
    styles, found = read_styles(data_dir)
    problems += found
    ui, found = _ui_strings(data_dir)
    problems += found
    return Catalog(
        data_dir=data_dir,
        mett=assessments,
        styles=styles,
        ui=ui,
        problems=tuple(problems),
        **wildlife,
        **layers,
    )
