"""Detections aggregated to a fixed grid of square cells, for the map.

The public grid is 0.1°, the same grid that generalises high-sensitivity species
(privacy.GRID), so a generalised record falls in the cell that holds its true position.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PUBLIC_STEP = 0.1
STAFF_STEP = 0.02
CELL_COLUMNS = [
    "col",
    "row",
    "west",
    "south",
    "east",
    "north",
    "records",
    "individuals",
    "species",
    "camera_days",
    "rate",
]


def cell_index(values: pd.Series, step: float) -> pd.Series:
    # a tiny nudge keeps cell centres (x.x5) from sliding into the cell below by float error
    return np.floor(values.to_numpy(dtype="float64") / step + 1e-9).astype("int64")


def cells(obs: pd.DataFrame, dep: pd.DataFrame, step: float = PUBLIC_STEP) -> pd.DataFrame:
    """One row per cell holding a record or a camera, ordered by column then row: counts,
    camera-days and detection rate.

    rate = records per 100 camera-days of the cameras in that cell (their `camera_days`, as
    clipped by the filter); None where the cell has no camera effort.

    Counted with numpy (one integer key per cell, then bincount): a pandas groupby of a
    million records over two keys took half a second, mostly checking their order.
    """
    if obs.empty and dep.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    located = obs[["lat", "lon", "count", "species"]].dropna(subset=["lat", "lon"])
    placed = dep[["lat", "lon", "camera_days"]].dropna(subset=["lat", "lon"])
    if located.empty and placed.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    n_obs, n_dep = len(located), len(placed)
    col = np.concatenate([cell_index(located["lon"], step), cell_index(placed["lon"], step)])
    row = np.concatenate([cell_index(located["lat"], step), cell_index(placed["lat"], step)])
    # a number per species, -1 for none (and for cameras): counted, never shown
    species = np.concatenate([pd.factorize(located["species"])[0], np.full(n_dep, -1)])
    key = (col - col.min()) * (int(row.max() - row.min()) + 1) + (row - row.min())
    cell, keys = pd.factorize(key, sort=True)  # sorted keys: column, then row
    count = len(keys)
    records = np.bincount(cell[:n_obs], minlength=count)
    individuals = np.bincount(
        cell[:n_obs], weights=located["count"].to_numpy(dtype="float64"), minlength=count
    )
    days = np.bincount(
        cell[n_obs:], weights=placed["camera_days"].to_numpy(dtype="float64"), minlength=count
    )
    first = np.full(count, -1)
    first[cell[::-1]] = np.arange(len(cell))[::-1]  # a row of each cell, for its indices
    out = pd.DataFrame(
        {
            "col": col[first],
            "row": row[first],
            "records": records.astype("int64"),
            "individuals": individuals.round().astype("int64"),
            "species": _species_per_cell(cell, species, count),
            "camera_days": days,
        }
    )
    return _with_bounds_and_rate(out, step)[CELL_COLUMNS]


def _species_per_cell(cell: np.ndarray, species: np.ndarray, count: int) -> np.ndarray:
    """How many species each of `count` cells holds (`species` is -1 for a camera)."""
    named = species >= 0
    pairs = pd.unique(cell[named] * (int(species.max()) + 1) + species[named])
    kinds = np.bincount(pairs // (int(species.max()) + 1), minlength=count) if len(pairs) else 0
    return np.zeros(count, dtype="int64") + kinds


def _with_bounds_and_rate(out: pd.DataFrame, step: float) -> pd.DataFrame:
    """Each cell's edges, and its records per 100 camera-days (None without cameras)."""
    out["west"] = (out["col"] * step).round(6)
    out["south"] = (out["row"] * step).round(6)
    out["east"] = ((out["col"] + 1) * step).round(6)
    out["north"] = ((out["row"] + 1) * step).round(6)
    rate = out["records"] / out["camera_days"].where(out["camera_days"] > 0) * 100.0
    out["rate"] = rate.round(2).astype(object).where(rate.notna(), None)
    out["camera_days"] = out["camera_days"].round(1)
    return out
