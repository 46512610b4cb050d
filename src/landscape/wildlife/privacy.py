"""Sensitive species: what a public viewer may receive (Chapman 2020, FACTS.md).

Every species has a sensitivity category: 0 not sensitive, 1 withheld, 2 a 0.1° grid, 3 a
0.01° grid, 4 a 0.001° grid. A public view snaps each record to the centre of the fixed grid
cell that holds it (never a random offset), withholds category 1 positions, cuts times to the
day and says, per record, what was done. A camera deployment that recorded a sensitive species
is generalised to the strictest category among the species it recorded.

This runs on the server, before anything is drawn: the map, tables, charts, downloads and
`summary --public` all receive the output of `public_view`, never the precise frames.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from landscape.wildlife.model import binomial

if TYPE_CHECKING:
    from landscape.catalog import Catalog

NOT_SENSITIVE = 0
WITHHELD = 1
# category -> grid step in degrees
GRID: dict[int, float] = {2: 0.1, 3: 0.01, 4: 0.001}
# Species the data directory does not know yet: protected as "high" (0.1° grid) until the data
# manager adds them to species.toml with their own category. Unknown means unreviewed, and an
# unreviewed species may be threatened.
DEFAULT_SENSITIVITY = 2


def category_of(species: pd.Series, table: pd.DataFrame) -> pd.Series:
    """The sensitivity category of each observation's species (DEFAULT for unknown ones)."""
    known: dict[str, int] = {}
    for name, category in zip(table["scientific_name"], table["sensitivity"], strict=True):
        key = binomial(name)
        if key is not None and category is not None:
            known[key] = int(category)
    return species.map(lambda s: known.get(s, DEFAULT_SENSITIVITY) if s else DEFAULT_SENSITIVITY)


def snap(values: pd.Series, step: float) -> pd.Series:
    """The centre of the fixed grid cell (of `step` degrees, aligned at 0°) holding each value."""
    decimals = max(0, -math.floor(math.log10(step))) + 1
    cells = np.floor(values.to_numpy(dtype="float64") / step)
    return pd.Series(np.round((cells + 0.5) * step, decimals), index=values.index)


def describe(category: int) -> str:
    """What was done to a record of this category, in the words of Darwin Core
    `dataGeneralizations` / `informationWithheld`."""
    if category == WITHHELD:
        return "location withheld (sensitive species, Chapman category 1)"
    if category in GRID:
        return (
            f"coordinates generalised to the centre of a {GRID[category]:g}° grid cell "
            f"(sensitive species, Chapman category {category})"
        )
    return ""


def generalise(frame: pd.DataFrame, categories: pd.Series) -> pd.DataFrame:
    """`frame` (with lat/lon) with every position generalised to its category's grid."""
    out = frame.copy()
    out["sensitivity"] = categories.astype("int64").to_numpy()
    out["generalised"] = [describe(c) for c in out["sensitivity"]]
    for category, step in GRID.items():
        rows = out["sensitivity"] == category
        if rows.any():
            out.loc[rows, "lat"] = snap(out.loc[rows, "lat"], step)
            out.loc[rows, "lon"] = snap(out.loc[rows, "lon"], step)
    hidden = out["sensitivity"] == WITHHELD
    out.loc[hidden, ["lat", "lon"]] = np.nan
    return out


def strictest(categories: pd.Series) -> int:
    """The category that protects most: 1 beats 2 beats 3 beats 4; 0 only if all are 0."""
    sensitive = [int(c) for c in categories if int(c) != NOT_SENSITIVE]
    return min(sensitive) if sensitive else NOT_SENSITIVE


def public_observations(observations: pd.DataFrame, species: pd.DataFrame) -> pd.DataFrame:
    """Observations as a public viewer may receive them."""
    out = generalise(observations, category_of(observations["species"], species))
    out["time"] = out["time"].dt.floor("D")
    return out


def public_deployments(deployments: pd.DataFrame, public_obs: pd.DataFrame) -> pd.DataFrame:
    """Deployments generalised to the strictest category of the species each one recorded."""
    if deployments.empty:
        return generalise(deployments, pd.Series([], dtype="int64"))
    recorded = (
        public_obs.dropna(subset=["deployment"])
        .groupby(["dataset", "deployment"])["sensitivity"]
        .agg(strictest)
    )
    keys = pd.MultiIndex.from_frame(deployments[["dataset", "deployment"]])
    categories = pd.Series(
        recorded.reindex(keys).fillna(NOT_SENSITIVE).astype("int64").to_numpy(),
        index=deployments.index,
    )
    return generalise(deployments, categories)


def public_view(cat: Catalog) -> Catalog:
    """The catalog as a public viewer may receive it: the only way into the public UI."""
    obs = public_observations(cat.observations, cat.species)
    return cat.replace(observations=obs, deployments=public_deployments(cat.deployments, obs))


def staff_view(cat: Catalog) -> Catalog:
    """Precise positions, with the same extra columns as the public view."""
    obs = cat.observations.assign(
        sensitivity=category_of(cat.observations["species"], cat.species).astype("int64"),
        generalised="",
    )
    return cat.replace(observations=obs, deployments=cat.deployments.assign(generalised=""))
