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


def _keyed(frame: pd.DataFrame, step: float, **values: object) -> pd.DataFrame:
    """The located rows of `frame` as cell indices plus the given per-row values."""
    return pd.DataFrame(
        {"col": cell_index(frame["lon"], step), "row": cell_index(frame["lat"], step), **values}
    )


def cells(obs: pd.DataFrame, dep: pd.DataFrame, step: float = PUBLIC_STEP) -> pd.DataFrame:
    """One row per cell holding a record or a camera: counts, camera-days and detection rate.

    rate = records per 100 camera-days of the cameras in that cell (their `camera_days`, as
    clipped by the filter); None where the cell has no camera effort.
    """
    located = obs[["lat", "lon", "count", "species"]].dropna(subset=["lat", "lon"])
    placed = dep[["lat", "lon", "camera_days"]].dropna(subset=["lat", "lon"])
    parts = []
    if not located.empty:
        parts.append(
            _keyed(
                located,
                step,
                records=1,
                individuals=located["count"].to_numpy(dtype="int64"),
                species=located["species"].fillna("").to_numpy(),
                camera_days=0.0,
            )
        )
    if not placed.empty:
        parts.append(
            _keyed(
                placed,
                step,
                records=0,
                individuals=0,
                species="",
                camera_days=placed["camera_days"].to_numpy(dtype="float64"),
            )
        )
    if not parts:
        return pd.DataFrame(columns=CELL_COLUMNS)
    both = pd.concat(parts, ignore_index=True)
    grouped = both.groupby(["col", "row"])
    out = grouped.agg(
        records=("records", "sum"),
        individuals=("individuals", "sum"),
        camera_days=("camera_days", "sum"),
    )
    named = both[both["species"] != ""]
    out["species"] = named.groupby(["col", "row"])["species"].nunique()
    out["species"] = out["species"].fillna(0).astype("int64")
    out = out.reset_index()
    out["west"] = (out["col"] * step).round(6)
    out["south"] = (out["row"] * step).round(6)
    out["east"] = ((out["col"] + 1) * step).round(6)
    out["north"] = ((out["row"] + 1) * step).round(6)
    rate = out["records"] / out["camera_days"].where(out["camera_days"] > 0) * 100.0
    out["rate"] = rate.round(2).astype(object).where(rate.notna(), None)
    out["camera_days"] = out["camera_days"].round(1)
    return out[CELL_COLUMNS]
