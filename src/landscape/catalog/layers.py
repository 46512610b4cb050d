"""One layer of a data directory read, reprojected and validated against schema.py."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape.problems import Problem
from landscape.readers import find_vector, read_toml_table, read_vector, rel
from landscape.schema import LAYERS, Layer
from landscape.text import LANGS
from landscape.validate import clean_geometries, clean_records


def _columns(layer: Layer) -> list[str]:
    cols: list[str] = []
    for f in layer.fields:
        cols += [f"{f.name}_{c}" for c in LANGS] if f.kind == "text" else [f.name]
    return cols


def empty_layer(layer: Layer) -> pd.DataFrame:
    """An empty frame with the layer's columns, so that code downstream needs no special case."""
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in _columns(layer)})
    if layer.is_vector:
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    return frame


def load_layer(data_dir: Path, layer: Layer) -> tuple[pd.DataFrame, list[Problem]]:
    """Read, reproject and validate one layer."""
    if not layer.is_vector:
        shown = layer.file
        rows, problems = read_toml_table(data_dir / layer.file, layer.table, shown)
        if rows is None:
            return empty_layer(layer), problems
        kept, _, found = clean_records(layer, rows, shown, noun=f"[[{layer.table}]] #")
        frame = (
            pd.DataFrame(kept, columns=_columns(layer), dtype=object)
            if kept
            else empty_layer(layer)
        )
        return _blanks_as_none(frame), problems + found

    path, problems = find_vector(data_dir, layer.file)
    if path is None:
        missing_is_fine = layer.optional and not list(data_dir.glob(layer.file + ".*"))
        return empty_layer(layer), [] if missing_is_fine else problems
    shown = rel(path, data_dir)
    raw, found = read_vector(path, shown)
    problems += found
    if raw is None:
        return empty_layer(layer), problems
    shaped, found = clean_geometries(layer, raw, shown)
    problems += found
    if shaped is None:
        return empty_layer(layer), problems
    attributes = shaped.drop(columns=shaped.geometry.name).to_dict("records")
    kept, positions, found = clean_records(layer, attributes, shown, noun="feature")
    problems += found
    if not kept:
        return empty_layer(layer), problems
    frame = gpd.GeoDataFrame(
        pd.DataFrame(kept, dtype=object),
        geometry=shaped.geometry.iloc[positions].values,
        crs="EPSG:4326",
    )
    return _blanks_as_none(frame), problems


def _blanks_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Cleaned values keep their Python types; pandas' NaN never stands in for a blank."""
    for column in frame.columns:
        if column != "geometry":
            frame[column] = pd.Series(
                [
                    None if v is None or (isinstance(v, float) and v != v) else v
                    for v in frame[column]
                ],
                index=frame.index,
                dtype=object,
            )
    return frame


def shown_name(layer: Layer) -> str:
    return layer.file if not layer.is_vector else f"{layer.file}.*"


def shown_names(data_dir: Path) -> dict[str, str]:
    """Each layer's file as problems name it: parks.geojson, not the pattern parks.*."""
    out: dict[str, str] = {}
    for layer in LAYERS:
        path = find_vector(data_dir, layer.file)[0] if layer.is_vector else None
        out[layer.name] = rel(path, data_dir) if path is not None else shown_name(layer)
    return out
