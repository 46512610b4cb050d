"""The normalised deployments and observations, one record per animal event."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.wildlife.camtrap.findings import Table
from landscape.wildlife.camtrap.schema import BASIS
from landscape.wildlife.model import (
    DEPLOYMENT_COLUMNS,
    OBSERVATION_COLUMNS,
    binomial,
    empty_deployments,
    empty_observations,
)

# --- normalisation -----------------------------------------------------------------------------


def _conform(frame: pd.DataFrame, template: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the template's columns and dtypes; None for missing text."""
    out = pd.DataFrame(index=frame.index)
    for column in template.columns:
        dtype = template[column].dtype
        values = frame[column] if column in frame else pd.Series(None, index=frame.index)
        if pd.api.types.is_object_dtype(dtype):
            values = values.astype(object)
            values = values.where(values.notna(), None)
        out[column] = values.astype(dtype)
    return out.reset_index(drop=True)


def _column(values: pd.DataFrame, name: str) -> pd.Series:
    """A text column, all NaN when the table lacks it."""
    if name in values:
        return values[name]
    return pd.Series(np.nan, index=values.index, dtype=object)


def deployments_frame(table: Table | None) -> pd.DataFrame:
    """The deployments in DEPLOYMENT_COLUMNS (empty when the table is unusable)."""
    if table is None or not table.complete:
        return empty_deployments()
    values, typed = table.values, table.typed
    start, end = typed["deploymentStart"], typed["deploymentEnd"]
    frame = pd.DataFrame(
        {
            "dataset": "",
            "deployment": values["deploymentID"],
            "location": _column(values, "locationName").fillna(_column(values, "locationID")),
            "lat": typed["latitude"],
            "lon": typed["longitude"],
            "start": start,
            "end": end,
            "camera_days": (end - start).dt.total_seconds() / 86400,
        }
    )
    return _conform(frame[list(DEPLOYMENT_COLUMNS)], empty_deployments())


def observations_frame(
    table: Table | None, deployments: pd.DataFrame, precision: float | None
) -> pd.DataFrame:
    """The counted animal records in OBSERVATION_COLUMNS (see COUNTING)."""
    if table is None or not table.complete:
        return empty_observations()
    values, typed = table.values, table.typed
    count = typed.get("count", pd.Series(np.nan, index=values.index))
    rows = pd.DataFrame(
        {
            "record_id": values["observationID"],
            "event": _column(values, "eventID"),
            "level": values["observationLevel"],
            "scientific_name": _column(values, "scientificName"),
            "time": typed["eventStart"],
            "deployment": values["deploymentID"],
            "image": _column(values, "mediaID").fillna(values["observationID"]),
            "count": count.where(count >= 1).fillna(1).clip(upper=2**53).astype("int64"),
        }
    )[values["observationType"].eq("animal")]
    events = rows["level"].eq("event")
    records = rows[events] if events.any() else _merge_media(rows)
    located = deployments.drop_duplicates("deployment").set_index("deployment")
    names = records["scientific_name"]
    frame = records.assign(
        dataset="",
        species=names.map({n: binomial(n) for n in names.dropna().unique()}),
        lat=records["deployment"].map(located["lat"]),
        lon=records["deployment"].map(located["lon"]),
        basis=BASIS,
        country=None,
        licence=None,
        withheld=None
        if precision is None
        else f"coordinates rounded to {precision:g}° by the publisher",
    )
    return _conform(frame[list(OBSERVATION_COLUMNS)], empty_observations())


def _merge_media(rows: pd.DataFrame) -> pd.DataFrame:
    """Media-level records merged per (deployment, event, species): the largest number of the
    species seen on one image (the sum over that image's observations, which may split the
    animals by sex or life stage), at the earliest time. Rows without an eventID stay one
    record each."""
    single = rows[rows["event"].isna()]
    grouped = rows[rows["event"].notna()]
    if grouped.empty:
        return single
    grouped = grouped.assign(name=grouped["scientific_name"].fillna(""))
    keys = ["deployment", "event", "name"]
    per_image = (
        grouped.groupby([*keys, "image"], sort=False, dropna=False)
        .agg(
            count=("count", "sum"),
            time=("time", "min"),
            scientific_name=("scientific_name", "first"),
        )
        .reset_index()
    )
    merged = (
        per_image.groupby(keys, sort=False, dropna=False)
        .agg(
            count=("count", "max"),
            time=("time", "min"),
            scientific_name=("scientific_name", "first"),
        )
        .reset_index()
    )
    merged["record_id"] = merged["event"].astype(str) + ":" + merged["name"].astype(str)
    clash = merged["record_id"].duplicated(keep=False)  # one eventID in two deployments
    merged.loc[clash, "record_id"] = (
        merged.loc[clash, "deployment"].astype(str) + ":" + merged.loc[clash, "record_id"]
    )
    out = pd.concat([single, merged], ignore_index=True)
    return out.assign(record_id=_unique(out["record_id"]))


def _unique(ids: pd.Series) -> pd.Series:
    """The ids, each repeat of an earlier one given a suffix "~2", "~3"... that is not taken:
    an observationID kept as a record id may equal a merged "eventID:scientificName"."""
    repeated = ids.duplicated(keep="first") & ids.notna()
    if not repeated.any():
        return ids
    taken = set(ids.astype(str))
    out = ids.astype(object).copy()
    for position in np.flatnonzero(repeated.to_numpy()):
        base, number = str(ids.iat[position]), 2
        while f"{base}~{number}" in taken:
            number += 1
        out.iat[position] = f"{base}~{number}"
        taken.add(out.iat[position])
    return out
