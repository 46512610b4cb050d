"""Sensitive species: what a public viewer may receive (Chapman 2020, FACTS.md).

Every species has a sensitivity category: 0 not sensitive, 1 withheld, 2 a 0.1° grid, 3 a
0.01° grid, 4 a 0.001° grid. A public view snaps each record to the centre of the fixed grid
cell that holds it (never a random offset), withholds category 1 positions, cuts times to the
day and says, per record, what was done. A camera deployment that recorded a sensitive species
is generalised to the strictest category among the species it recorded.

Ranger patrols are protected whatever the species: the public view keeps patrol positions only
as 0.1° cells (PATROL_GRID), their times as days, and no patrol, leg or waypoint id.

This runs on the server, before anything is drawn: the map, tables, charts, downloads, the
exported HTML and `summary --public` all receive the output of `public_view`, never the
precise frames.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from landscape.formatting import fmt_step
from landscape.problems import Problem
from landscape.wildlife.formats import PATROL_KINDS
from landscape.wildlife.grid import cell_index
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


def known_sensitivity(table: pd.DataFrame) -> dict[str, int]:
    """Binomial -> sensitivity category, for every species in species.toml."""
    known: dict[str, int] = {}
    for name, category in zip(table["scientific_name"], table["sensitivity"], strict=True):
        key = binomial(name)
        if key is not None and category is not None:
            known[key] = int(category)
    return known


def category_of(species: pd.Series, table: pd.DataFrame) -> pd.Series:
    """The sensitivity category of each observation's species (DEFAULT for unknown ones)."""
    known = known_sensitivity(table)
    return species.map(lambda s: known.get(s, DEFAULT_SENSITIVITY) if s else DEFAULT_SENSITIVITY)


def unknown_species(observations: pd.DataFrame, table: pd.DataFrame, where: str) -> list[Problem]:
    """One warning per recorded species that species.toml does not list."""
    known = known_sensitivity(table)
    counts = observations["species"].dropna().value_counts()
    return [
        Problem(
            where,
            str(name),
            "warning",
            f"species not in species.toml ({n} record(s)); accepted with the default "
            f"sensitivity {DEFAULT_SENSITIVITY} (0.1° grid in the public view); add a "
            "[[species]] entry to set its names, status and sensitivity",
        )
        for name, n in sorted(counts.items())
        if name not in known
    ]


def snap(values: pd.Series, step: float) -> pd.Series:
    """The centre of the fixed grid cell (of `step` degrees, aligned at 0°) holding each value."""
    decimals = max(0, -math.floor(math.log10(step))) + 1
    cells = cell_index(values, step)  # the grid's own cells, so both agree on every edge
    return pd.Series(np.round((cells + 0.5) * step, decimals), index=values.index)


def describe(category: int) -> str:
    """What was done to a record of this category, in the words of Darwin Core
    `dataGeneralizations` / `informationWithheld`."""
    if category == WITHHELD:
        return "location withheld (Chapman category 1: a sensitive species at this place)"
    if category in GRID:
        return (
            f"coordinates generalised to the centre of a {GRID[category]:g}° grid cell "
            f"(Chapman category {category}: a sensitive species at this place)"
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


def note_keys() -> dict[str, tuple[str, int | None, float]]:
    """Each note `generalise` and `generalise_patrols` write (English, as Darwin Core keeps it)
    -> the UI catalog key that says it in a visitor's language, its category and grid step."""
    out: dict[str, tuple[str, int | None, float]] = {
        describe(WITHHELD): ("wildlife.generalised_withheld", WITHHELD, 0.0)
    }
    for category, step in GRID.items():
        out[describe(category)] = ("wildlife.generalised_grid", category, step)
    out[PATROL_NOTE] = ("wildlife.generalised_patrol", None, PATROL_GRID)
    return out


def translated_notes(notes: pd.Series, lang: str, t: Callable[..., str]) -> pd.Series:
    """`notes` (the `generalised` column) in the visitor's language; a note the dashboard did
    not write (a publisher's own) is kept as published, and an empty one stays empty."""
    words = {
        note: t(key, category=category or "", step=fmt_step(step, lang))
        for note, (key, category, step) in note_keys().items()
    }
    return notes.map(lambda note: words.get(note, note))


def strictest(categories: pd.Series) -> int:
    """The category that protects most: 1 beats 2 beats 3 beats 4; 0 only if all are 0."""
    sensitive = [int(c) for c in categories if int(c) != NOT_SENSITIVE]
    return min(sensitive) if sensitive else NOT_SENSITIVE


def _stricter(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise strictest of two category series (0 = not sensitive loses to any)."""
    big = 99
    left, right = a.replace(NOT_SENSITIVE, big), b.replace(NOT_SENSITIVE, big)
    return left.where(left <= right, right).replace(big, NOT_SENSITIVE).astype("int64")


def _sites(frame: pd.DataFrame) -> pd.MultiIndex:
    """Each row's place: its exact position (5 decimals, about 1 m). Rows without one share
    a placeholder that no real place matches."""
    lat = frame["lat"].round(5).fillna(999.0)
    lon = frame["lon"].round(5).fillna(999.0)
    return pd.MultiIndex.from_arrays([lat.to_numpy(), lon.to_numpy()], names=["lat", "lon"])


def _per_site(obs: pd.DataFrame, own: pd.Series) -> pd.Series:
    """The strictest category recorded at each place."""
    keyed = pd.Series(own.to_numpy(), index=_sites(obs))
    return keyed.groupby(level=["lat", "lon"]).agg(strictest)


def _lookup(per_site: pd.Series, frame: pd.DataFrame) -> pd.Series:
    """per_site's value at each row's place; 0 where nothing was recorded."""
    found = per_site.reindex(_sites(frame))
    return pd.Series(found.fillna(NOT_SENSITIVE).astype("int64").to_numpy(), index=frame.index)


# Ranger patrols: every position a patrol recorded (its waypoints, and the observations made
# at them) traces where rangers walk, the information poachers want. The public view keeps
# only the 0.1° cell each lies in (the cell's centre) and the day; it drops the ids that
# would tie rows to one patrol (patrol, leg and waypoint ids, the ranger station), so no
# track can be rebuilt from any public output. The patrol coverage layer, the patrol figures
# and the records download are made from these. Patrols keep an opaque number per dataset,
# so coverage can still count distinct patrols per cell.
PATROL_GRID = 0.1
PATROL_NOTE = (
    f"coordinates generalised to the centre of a {PATROL_GRID:g}° grid cell "
    "(ranger patrol observation: patrol positions are public only as grid cells)"
)


def _patrol_numbers(patrols: pd.DataFrame, waypoints: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(dataset, patrol id) -> an opaque number ("1", "2", ...) within its dataset, in the
    order of the patrols' first day; ties in the order of a hash, never of the ids."""
    keys = pd.concat(
        [patrols[["dataset", "patrol"]], waypoints[["dataset", "patrol"]]], ignore_index=True
    ).astype(str)
    keys = keys.drop_duplicates(ignore_index=True)
    first = patrols.astype({"dataset": str, "patrol": str}).groupby(["dataset", "patrol"])["start"]
    starts = first.min()
    keys["start"] = [
        starts.get((d, p), pd.NaT) for d, p in zip(keys["dataset"], keys["patrol"], strict=True)
    ]
    keys["tie"] = pd.util.hash_pandas_object(keys[["dataset", "patrol"]], index=False).to_numpy()
    keys = keys.sort_values(["dataset", "start", "tie"], na_position="last", ignore_index=True)
    keys["number"] = keys.groupby("dataset").cumcount() + 1
    return {
        (d, p): str(n)
        for d, p, n in zip(keys["dataset"], keys["patrol"], keys["number"], strict=True)
    }


def _renumber(frame: pd.DataFrame, numbers: dict[tuple[str, str], str]) -> pd.Series:
    pairs = zip(frame["dataset"].astype(str), frame["patrol"].astype(str), strict=True)
    return pd.Series([numbers[pair] for pair in pairs], index=frame.index, dtype=object)


def coarse_waypoints(waypoints: pd.DataFrame, numbers: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Waypoints with positions snapped to the centre of their PATROL_GRID cell, times to the
    day, the patrol named by its opaque number and no leg or waypoint id: no ranger's track
    can be rebuilt from them."""
    out = waypoints.copy()
    out["lat"] = snap(out["lat"], PATROL_GRID)
    out["lon"] = snap(out["lon"], PATROL_GRID)
    out["time"] = out["time"].dt.floor("D")
    out["patrol"] = _renumber(out, numbers)
    out["leg"] = None
    out["waypoint"] = None
    return out


def coarse_patrols(patrols: pd.DataFrame, numbers: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Patrols named by their opaque number, without their ranger station (dates are days)."""
    out = patrols.copy()
    out["patrol"] = _renumber(out, numbers)
    out["station"] = None
    return out


def patrol_rows(obs: pd.DataFrame, datasets: pd.DataFrame) -> np.ndarray:
    """Which observations come from ranger patrols (SMART datasets)."""
    smart = set(datasets.loc[datasets["kind"].isin(PATROL_KINDS), "id"].astype(str))
    return obs["dataset"].isin(smart).to_numpy(dtype=bool)


def coarse_patrol_records(
    public: pd.DataFrame, precise: pd.DataFrame, patrol: np.ndarray
) -> pd.DataFrame:
    """`public` (the generalised records) with every patrol record at the centre of its
    PATROL_GRID cell or coarser (withheld stays withheld), a record id that names no patrol
    or waypoint, and the patrol records in an order that follows no patrol's route (by day,
    place and species)."""
    if not patrol.any():
        return public
    out = public  # a fresh frame of public_view's, changed here before anyone sees it
    rows = out.index[patrol]
    shown = out.loc[rows, "sensitivity"] != WITHHELD
    placed = rows[shown.to_numpy()]
    out.loc[placed, "lat"] = snap(precise.loc[placed, "lat"], PATROL_GRID)
    out.loc[placed, "lon"] = snap(precise.loc[placed, "lon"], PATROL_GRID)
    out.loc[placed, "generalised"] = PATROL_NOTE
    # the patrol records among themselves: sorted so that their order says nothing of a route
    own = out.loc[rows]
    order = own.assign(_species=own["species"].astype(str)).sort_values(
        ["dataset", "time", "lat", "lon", "_species", "count"], kind="stable"
    )
    positions = np.flatnonzero(patrol)
    taken = out.index.get_indexer(order.index)
    arrangement = np.arange(len(out))
    arrangement[positions] = taken
    out = out.iloc[arrangement]
    out.index = public.index
    numbers = out.loc[rows].groupby("dataset", observed=True).cumcount() + 1
    out["record_id"] = out["record_id"].astype(object)
    out.loc[rows, "record_id"] = [f"patrol-record-{n}" for n in numbers]
    return out


def public_view(cat: Catalog) -> Catalog:
    """The catalog as a public viewer may receive it: the only way into the public UI.

    A place (a camera station, whatever its deployments) where a sensitive species was
    recorded is generalised to that species' grid, and so is every record made there: a wolf
    photo must not reveal where the snow leopard camera stands. This is Wildlife Insights'
    rule, applied per exact position so that a station's other years are covered too.
    Records made on ranger patrols are generalised to the patrol grid (PATROL_GRID) or
    coarser, whatever their species, and lose every id that ties them to a patrol.
    """
    obs, dep = cat.observations, cat.deployments
    own = category_of(obs["species"], cat.species).astype("int64")
    per_site = _per_site(obs, own)
    public_obs = generalise(obs, _stricter(own, _lookup(per_site, obs)))
    public_obs["time"] = public_obs["time"].dt.floor("D")
    public_obs = coarse_patrol_records(public_obs, obs, patrol_rows(obs, cat.datasets))
    numbers = _patrol_numbers(cat.patrols, cat.waypoints)
    return cat.replace(
        observations=public_obs,
        deployments=generalise(dep, _lookup(per_site, dep)),
        waypoints=coarse_waypoints(cat.waypoints, numbers),
        patrols=coarse_patrols(cat.patrols, numbers),
    )


def staff_view(cat: Catalog) -> Catalog:
    """Precise positions, with the same extra columns as the public view."""
    obs = cat.observations.assign(
        sensitivity=category_of(cat.observations["species"], cat.species).astype("int64"),
        generalised="",
    )
    return cat.replace(
        observations=obs,
        deployments=cat.deployments.assign(sensitivity=NOT_SENSITIVE, generalised=""),
    )
