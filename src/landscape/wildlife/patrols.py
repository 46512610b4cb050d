"""Patrol figures from SMART data: effort per park and month, observations per 100
patrol-days, and coverage aggregated to a grid. Pure functions on the catalog's frames.

Definitions (also in the README):
- a patrol counts in the park holding most of its waypoints, and in the month it started;
- patrol-days are the calendar days from a patrol's first to its last day, both included,
  clipped to the chosen dates, and each day counts in its own month;
- distance is the sum of straight lines between the successive waypoints of each leg: a lower
  bound of the distance patrolled, unknown when the export has no legs;
- observations are the SMART records with a species; per 100 patrol-days = observations /
  patrol-days × 100;
- coverage: per grid cell, the patrols that recorded a waypoint in it and those waypoints.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landscape.catalog import Catalog
from landscape.memo import per_table
from landscape.reads import reads
from landscape.wildlife.figures import park_key, park_names, species_names
from landscape.wildlife.formats import PATROL_KINDS
from landscape.wildlife.grid import cell_index

EFFORT_COLUMNS = ["park", "patrols", "patrol_days", "distance_km", "observations", "per_100"]
MONTH_COLUMNS = ["park", "month", "patrols", "patrol_days", "observations"]
COVERAGE_COLUMNS = ["west", "south", "east", "north", "patrols", "waypoints"]


def patrol_observations(view: Catalog) -> pd.DataFrame:
    """The view's records that come from SMART datasets (each names a species, known to
    species.toml or not)."""
    smart = view.datasets.loc[view.datasets["kind"].isin(PATROL_KINDS), "id"]
    obs = view.observations
    return obs[obs["dataset"].isin(set(smart))]


@reads("datasets", "observations")
def patrol_view(view: Catalog) -> Catalog:
    """The view with only its patrol records: what the patrol figures need, once (a view may
    hold a million camera-trap records that every figure would otherwise sift again)."""
    return view.replace(observations=patrol_observations(view))


def has_patrols(view: Catalog) -> bool:
    return not view.patrols.empty


def _park_key(frame: pd.DataFrame) -> pd.Series:
    return park_key(frame).astype("str")  # plain text, if the park column is categories


def effort(view: Catalog, lang: str, outside: str) -> pd.DataFrame:
    """Per park: patrols, patrol-days, distance (km, None if unknown), observations and
    observations per 100 patrol-days."""
    pat = view.patrols
    if pat.empty:
        return pd.DataFrame(columns=EFFORT_COLUMNS)
    obs = patrol_observations(view)
    grouped = pat.assign(key=_park_key(pat)).groupby("key")
    out = pd.DataFrame(
        {
            "patrols": grouped.size(),
            "patrol_days": grouped["days"].sum(),
            # min_count: a park whose patrols all lack legs has an unknown distance, not 0 km
            "distance_km": grouped["distance_km"].sum(min_count=1),
        }
    )
    out["observations"] = obs.assign(key=_park_key(obs)).groupby("key").size()
    out["observations"] = out["observations"].fillna(0).astype("int64")
    days = out["patrol_days"].where(out["patrol_days"] > 0)
    out["per_100"] = (out["observations"] / days * 100.0).round(1)
    out["distance_km"] = out["distance_km"].round(1)
    names = park_names(view, lang, outside)
    out = out.reset_index(names="park")
    out["park"] = out["park"].map(lambda p: names.get(p, p))
    out["patrol_days"] = out["patrol_days"].astype("int64")
    return out[EFFORT_COLUMNS]


def _days(patrols: pd.DataFrame) -> pd.DataFrame:
    """One row per patrol and calendar day: park key, day."""
    counts = patrols["days"].fillna(0).clip(lower=0).astype("int64").to_numpy()
    starts = np.repeat(patrols["start"].to_numpy(), counts)
    offsets = np.concatenate([np.arange(n) for n in counts]) if counts.sum() else np.array([])
    day = pd.to_datetime(starts) + pd.to_timedelta(offsets, unit="D")
    return pd.DataFrame({"key": np.repeat(_park_key(patrols).to_numpy(), counts), "day": day})


def _month(times: pd.Series) -> pd.Series:
    return times.dt.tz_convert(None).dt.to_period("M").dt.to_timestamp()


@per_table  # a species filter leaves the patrols as they are
def _patrols_by_month(pat: pd.DataFrame) -> pd.DataFrame:
    """Per park key and month: patrol-days and patrols started."""
    days = _days(pat)
    per_day = days.assign(month=_month(days["day"])).groupby(["key", "month"]).size()
    started = pat.assign(key=_park_key(pat), month=_month(pat["start"]))
    out = pd.DataFrame({"patrol_days": per_day})
    out["patrols"] = started.groupby(["key", "month"]).size()
    return out


def by_month(view: Catalog, lang: str, outside: str) -> pd.DataFrame:
    """Per park and month: patrols started, patrol-days and observations."""
    pat = view.patrols
    if pat.empty:
        return pd.DataFrame(columns=MONTH_COLUMNS)
    out = _patrols_by_month(pat)
    obs = patrol_observations(view).dropna(subset=["time"])
    seen = obs.assign(key=_park_key(obs), month=_month(obs["time"]))
    out["observations"] = seen.groupby(["key", "month"]).size()
    out = out.fillna(0).astype("int64").reset_index(names=["park", "month"])
    names = park_names(view, lang, outside)
    out["park"] = out["park"].map(lambda p: names.get(p, p))
    return out.sort_values(["month", "park"], ignore_index=True)[MONTH_COLUMNS]


def per_species(view: Catalog, lang: str, outside: str) -> pd.DataFrame:
    """Observations per 100 patrol-days, per species and park."""
    columns = ["species", "park", "observations", "patrol_days", "per_100"]
    obs, pat = patrol_observations(view), view.patrols
    if obs.empty or pat.empty:
        return pd.DataFrame(columns=columns)
    days = pat.assign(key=_park_key(pat)).groupby("key")["days"].sum()
    # a species species.toml does not know yet keeps the name the export gave it
    species = obs["species"].astype("str").fillna(obs["scientific_name"].astype("str"))
    named = obs.assign(species=species, key=_park_key(obs))
    out = named.groupby(["species", "key"]).size()
    out = out.reset_index(name="observations").rename(columns={"key": "park"})
    out["patrol_days"] = out["park"].map(days).fillna(0.0)
    out = out[out["patrol_days"] > 0]
    out["per_100"] = (out["observations"] / out["patrol_days"] * 100.0).round(1)
    out["patrol_days"] = out["patrol_days"].astype("int64")
    species = species_names(view, lang)
    parks = park_names(view, lang, outside)
    out["species"] = out["species"].map(lambda s: species.get(s, s))
    out["park"] = out["park"].map(lambda p: parks.get(p, p))
    return out.sort_values(["park", "per_100"], ascending=[True, False], ignore_index=True)[columns]


def coverage(waypoints: pd.DataFrame, step: float) -> pd.DataFrame:
    """Per grid cell of `step` degrees: distinct patrols with a waypoint there, and waypoints."""
    located = waypoints.dropna(subset=["lat", "lon"])
    if located.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    keyed = pd.DataFrame(
        {
            "col": cell_index(located["lon"], step),
            "row": cell_index(located["lat"], step),
            "patrol": located["dataset"].astype(str) + "/" + located["patrol"].astype(str),
        }
    )
    grouped = keyed.groupby(["col", "row"])
    out = pd.DataFrame({"patrols": grouped["patrol"].nunique(), "waypoints": grouped.size()})
    out = out.reset_index()
    out["west"] = (out["col"] * step).round(6)
    out["south"] = (out["row"] * step).round(6)
    out["east"] = ((out["col"] + 1) * step).round(6)
    out["north"] = ((out["row"] + 1) * step).round(6)
    return out[COVERAGE_COLUMNS]
