"""Wildlife figures: filters, the species table, detections over time, effort and the relative
abundance index. Pure functions on the catalog's observation and deployment frames.

Definitions (also in the README):
- a record is one counted observation (Camtrap DP: an event-level observation, or one event
  built from media-level rows; Darwin Core: one occurrence);
- individuals is the sum of the records' counts;
- camera-days is the time each camera was deployed, clipped to the chosen dates, in days;
- RAI (relative abundance index) = camera-trap records / camera-days × 100.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

import pandas as pd

from landscape.catalog import Catalog
from landscape.content import cms_status, red_list_status
from landscape.i18n import translator
from landscape.mapview.palette import paints
from landscape.memo import per_table
from landscape.reads import reads
from landscape.text import tr_by_id, tr_column
from landscape.wildlife.grid import cell_index
from landscape.wildlife.model import binomial
from landscape.wildlife.privacy import PATROL_NOTE, WITHHELD

OUTSIDE = "outside"  # the park key of records outside every park


@dataclass(frozen=True)
class WildlifeFilter:
    """What the visitor chose; an empty tuple or None means "all"."""

    species: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    parks: tuple[str, ...] = ()  # park ids, or OUTSIDE
    datasets: tuple[str, ...] = ()


def _utc(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


@reads("datasets", "deployments", "observations", "patrols")
def shown_datasets(view: Catalog) -> pd.DataFrame:
    """The datasets that any shown record, camera or patrol comes from."""
    frames = (view.observations, view.deployments, view.patrols)
    shown = {d for frame in frames for d in frame["dataset"].unique()}
    return view.datasets[view.datasets["id"].isin(shown)]


def synthetic_shown(view: Catalog) -> bool:
    """Whether anything shown comes from a synthetic dataset (the screen must say so)."""
    return bool(shown_datasets(view)["synthetic"].any())


def synthetic_share(datasets: pd.DataFrame) -> str:
    """ "all" when every one of `datasets` is synthetic, "some" when some are, else "none":
    what a figure made of them must say about itself."""
    flags = datasets["synthetic"].astype(bool)
    if flags.empty or not flags.any():
        return "none"
    return "all" if flags.all() else "some"


def synthetic_cells(view: Catalog, cells: pd.DataFrame) -> dict[tuple[int, int], str]:
    """(col, row) of each grid cell (grid.cells) holding synthetic records or cameras ->
    "all" (nothing else in it) or "some": what the cell's tooltip must say."""
    if cells.empty:
        return {}
    share = synthetic_share(shown_datasets(view))
    if share == "none":
        return {}
    keys = zip(cells["col"].astype(int), cells["row"].astype(int), strict=True)
    if share == "all":
        return dict.fromkeys(keys, "all")
    step = round(float(cells["east"].iloc[0] - cells["west"].iloc[0]), 6)
    ids = set(view.datasets.loc[view.datasets["synthetic"].astype(bool), "id"].astype(str))
    columns = ["dataset", "lat", "lon"]
    frames = [view.observations[columns], view.deployments[columns]]
    placed = pd.concat([f.astype({"dataset": str}) for f in frames], ignore_index=True)
    placed = placed.dropna(subset=["lat", "lon"])
    keyed = pd.DataFrame(
        {
            "col": cell_index(placed["lon"], step),
            "row": cell_index(placed["lat"], step),
            "flag": placed["dataset"].isin(ids).to_numpy(),
        }
    )
    found = keyed.groupby(["col", "row"])["flag"].agg(["any", "all"])
    return {
        (int(c), int(r)): "all" if every else "some"
        for (c, r), some, every in zip(found.index, found["any"], found["all"], strict=True)
        if some
    }


def synthetic_records(view: Catalog) -> pd.Series:
    """Whether each record of the view comes from a synthetic dataset."""
    ids = set(view.datasets.loc[view.datasets["synthetic"].astype(bool), "id"].astype(str))
    return view.observations["dataset"].isin(ids).astype(bool)


@dataclass(frozen=True)
class Totals:
    """The headline figures of a view."""

    records: int
    individuals: int
    species: int
    camera_days: float
    generalised: int  # records whose position is generalised for this viewer
    without_position: int  # records without coordinates, other than withheld ones
    patrol_generalised: int = 0  # of `generalised`: ranger patrol records on the patrol grid


@reads("deployments", "observations")
def totals(view: Catalog) -> Totals:
    obs = view.observations
    withheld = int((obs["sensitivity"] == WITHHELD).sum())
    return Totals(
        records=len(obs),
        individuals=int(obs["count"].sum()),
        species=int(obs["species"].nunique()),
        camera_days=float(view.deployments["camera_days"].sum()),
        generalised=int((obs["generalised"] != "").sum()),
        without_position=int(obs["lat"].isna().sum()) - withheld,
        patrol_generalised=int((obs["generalised"] == PATROL_NOTE).sum()),
    )


@reads("observations")
def species_present(cat: Catalog) -> list[str]:
    """The species of the catalog's records, sorted."""
    return sorted(cat.observations["species"].dropna().unique())


@reads("deployments", "observations")
def any_outside(cat: Catalog) -> bool:
    """Whether any record or camera lies outside every park."""
    return bool(cat.observations["park"].isna().any() or cat.deployments["park"].isna().any())


@reads("deployments", "observations", "patrols")
def date_span(cat: Catalog) -> tuple[dt.date, dt.date] | None:
    """The first and last day with a record, a deployment or a patrol."""
    times = pd.concat(
        [
            cat.observations["time"],
            cat.deployments["start"],
            cat.deployments["end"],
            cat.patrols["start"],
            cat.patrols["end"],
        ]
    ).dropna()
    if times.empty:
        return None
    return times.min().date(), times.max().date()


def park_key(frame: pd.DataFrame) -> pd.Series:
    """Each row's park id, OUTSIDE where it is in none (the park column may be categories:
    see model.CATEGORICAL_OBSERVATIONS)."""
    park = frame["park"]
    if isinstance(park.dtype, pd.CategoricalDtype) and OUTSIDE not in park.cat.categories:
        park = park.cat.add_categories([OUTSIDE])
    return park.fillna(OUTSIDE)


def apply(cat: Catalog, f: WildlifeFilter) -> Catalog:
    """The catalog with observations and deployments narrowed to the filter, and each
    deployment's `camera_days` clipped to the filter's dates (done here, once per view)."""
    obs, dep, way, pat = cat.observations, cat.deployments, cat.waypoints, cat.patrols
    if f.datasets:
        obs = obs[obs["dataset"].isin(f.datasets)]
        dep = dep[dep["dataset"].isin(f.datasets)]
        way = way[way["dataset"].isin(f.datasets)]
        pat = pat[pat["dataset"].isin(f.datasets)]
    if f.parks:
        keys = set(f.parks)
        obs = obs[park_key(obs).isin(keys)]
        dep = dep[park_key(dep).isin(keys)]
        way = way[park_key(way).isin(keys)]
        pat = pat[park_key(pat).isin(keys)]
    if f.species:
        obs = obs[obs["species"].isin(f.species)]
    if f.start is not None:
        obs = obs[obs["time"] >= _utc(f.start)]
        dep = dep[dep["end"] >= _utc(f.start)]
        way = way[way["time"] >= _utc(f.start)]
    if f.end is not None:
        after = _utc(f.end + dt.timedelta(days=1))
        obs = obs[obs["time"] < after]
        dep = dep[dep["start"] < after]
        way = way[way["time"] < after]
    if f.start is not None or f.end is not None:
        dep = dep.assign(camera_days=camera_days(dep, f))
        pat = clip_patrols(pat, f.start, f.end)
    return cat.replace(observations=obs, deployments=dep, waypoints=way, patrols=pat)


def clip_patrols(patrols: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    """Patrols overlapping [start, end], their first and last day (and so their patrol-days)
    clipped to it, as camera-days are."""
    out = patrols
    if start is not None:
        out = out[out["end"] >= _utc(start)]
        out = out.assign(start=out["start"].clip(lower=_utc(start)))
    if end is not None:
        out = out[out["start"] <= _utc(end)]
        out = out.assign(end=out["end"].clip(upper=_utc(end)))
    return out.assign(days=((out["end"] - out["start"]).dt.days + 1).astype("float64"))


def camera_days(dep: pd.DataFrame, f: WildlifeFilter) -> pd.Series:
    """Each deployment's days, clipped to the filter's dates."""
    if dep.empty:
        return pd.Series(dtype="float64")
    start, end = dep["start"], dep["end"]
    if f.start is not None:
        start = start.clip(lower=_utc(f.start))
    if f.end is not None:
        end = end.clip(upper=_utc(f.end + dt.timedelta(days=1)))
    return ((end - start).dt.total_seconds() / 86400.0).clip(lower=0.0)


def park_names(cat: Catalog, lang: str, outside: str) -> dict[str, str]:
    """Park id -> its name in `lang` (English fallback), as `tr` gives it; `outside` for
    records outside every park. Column by column: every figure asks for these."""
    return _names_of(cat.parks, lang, outside)


def _names_of(parks: pd.DataFrame, lang: str, outside: str) -> dict[str, str]:
    return {**tr_by_id(parks, "name", lang), OUTSIDE: outside}


def species_names(cat: Catalog, lang: str) -> dict[str, str]:
    """Binomial -> the species' name in `lang` (English fallback), for species.toml entries."""
    out: dict[str, str] = {}
    species = cat.species
    names = tr_column(species, "name", lang)
    for scientific, name in zip(species["scientific_name"], names, strict=True):
        key = binomial(scientific)
        if key:
            out[key] = name or key
    return out


def species_table(view: Catalog, whole: Catalog, lang: str, outside: str) -> pd.DataFrame:
    """One row per species recorded in `view`: status, records, individuals, parks seen in."""
    # only the columns used, before any copy: a view may hold a million records
    obs = view.observations[["species", "park", "count"]].dropna(subset=["species"])
    columns = ["species", "name", "iucn", "cms", "records", "individuals", "parks", "known"]
    if obs.empty:
        return pd.DataFrame(columns=columns)
    status = _status(whole, lang)
    names = park_names(whole, lang, outside)
    frame = obs.assign(park=park_key(obs))
    grouped = frame.groupby("species")  # column by column: a view may hold a million records
    records, individuals = grouped.size(), grouped["count"].sum()
    seen = frame[["species", "park"]].drop_duplicates()
    parks: dict[str, set[str]] = {}
    for species, park in zip(seen["species"], seen["park"], strict=True):
        parks.setdefault(str(species), set()).add(str(park))
    rows = []
    for key in records.index:
        name, iucn, cms = status.get(key, ("", "", ""))
        rows.append(
            {
                "species": str(key),
                "name": name,
                "iucn": iucn,
                "cms": cms,
                "records": int(records[key]),
                "individuals": int(individuals[key]),
                "parks": ", ".join(names.get(p, p) for p in sorted(parks[str(key)])),
                "known": key in status,
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["records", "species"], ascending=[False, True], ignore_index=True)


def _status(whole: Catalog, lang: str) -> dict[str, tuple[str, str, str]]:
    """Binomial -> name in `lang`, IUCN category and CMS appendix (with their notes, in
    `lang`), for the species species.toml knows."""
    sp = whole.species
    t = translator(whole.ui, lang)
    keys = [binomial(s) for s in sp["scientific_name"]]
    names = tr_column(sp, "name", lang)
    records = sp.to_dict("records")
    iucn = [red_list_status(r, lang, t) for r in records]
    cms = [cms_status(r, lang, t) for r in records]
    rows = zip(names, iucn, cms, strict=True)
    return dict(zip(keys, rows, strict=True))


def species_colour(cat: Catalog, key: str) -> str:
    """The chart colour of a species (binomial), from styles.toml's [chart] species (Vega's
    tableau10), each species keeping its own colour whatever the language and the filter
    (keyed by the binomial, never by the shown name): species.toml's order gives the first
    colours, so the landscape's species never share one; any other name gets a colour from
    a hash of it, the same every time."""
    palette = paints(cat.styles, "chart", "species")
    known = [b for b in (binomial(s) for s in cat.species["scientific_name"]) if b]
    if key in known:
        return palette[known.index(key) % len(palette)]
    return palette[zlib.crc32(key.encode("utf-8")) % len(palette)]


@reads("observations", "species")
def over_time(view: Catalog, lang: str) -> tuple[pd.DataFrame, str]:
    """Records per period and species for the chart, and the period: "year" when the records
    span more than two years, else "month". Periods without records are left out. `key` is
    the species' binomial (its colour), `species` its name in `lang`."""
    obs = view.observations[["time", "species"]].dropna()
    if obs.empty:
        return pd.DataFrame(columns=["period", "species", "key", "records"]), "month"
    times = obs["time"].dt.tz_convert(None)
    unit = "year" if (times.max() - times.min()).days > 731 else "month"
    period = times.dt.to_period("Y" if unit == "year" else "M").dt.to_timestamp()
    names = species_names(view, lang)
    counted = obs.assign(period=period).groupby(["period", "species"], observed=True).size()
    frame = counted.reset_index(name="records").astype({"species": "str"})
    # names on the counts, not on every record (a million lookups otherwise)
    frame["key"] = frame["species"]
    frame["species"] = frame["species"].map(lambda s: names.get(s, s))
    frame = frame.groupby(["period", "species", "key"], as_index=False)["records"].sum()
    return frame, unit


def effort(view: Catalog, lang: str, outside: str) -> pd.DataFrame:
    """Camera-trap effort per park: cameras (deployments) and camera-days."""
    return _camera_effort(view.deployments, view.parks, lang, outside)


@per_table  # a species filter leaves the cameras as they are
def _camera_effort(dep: pd.DataFrame, parks: pd.DataFrame, lang: str, outside: str) -> pd.DataFrame:
    if dep.empty:
        return pd.DataFrame(columns=["park", "deployments", "camera_days"])
    names = _names_of(parks, lang, outside)
    frame = dep.assign(park=dep["park"].fillna(OUTSIDE))
    out = frame.groupby("park").agg(
        deployments=("deployment", "size"), camera_days=("camera_days", "sum")
    )
    out = out.reset_index()
    out["park"] = out["park"].map(lambda p: names.get(p, p))
    out["camera_days"] = out["camera_days"].round(1)
    return out


def rai(view: Catalog, lang: str, outside: str) -> pd.DataFrame:
    """Detections per 100 camera-days, per species and park (camera-trap records only)."""
    obs = view.observations[["deployment", "species", "park"]].dropna(
        subset=["deployment", "species"]
    )
    dep = view.deployments
    columns = ["species", "park", "detections", "camera_days", "rai"]
    if obs.empty or dep.empty:
        return pd.DataFrame(columns=columns)
    days = dep.assign(park=dep["park"].fillna(OUTSIDE)).groupby("park")["camera_days"].sum()
    counts = (
        obs.assign(park=park_key(obs))
        .groupby(["species", "park"])
        .size()
        .reset_index(name="detections")
        .astype({"species": "str", "park": "str"})  # plain text again, if categories
    )
    counts["camera_days"] = counts["park"].map(days).fillna(0.0)
    counts = counts[counts["camera_days"] > 0]
    counts["rai"] = (counts["detections"] / counts["camera_days"] * 100.0).round(2)
    counts["camera_days"] = counts["camera_days"].round(1)
    species = species_names(view, lang)
    parks = park_names(view, lang, outside)
    counts["species"] = counts["species"].map(lambda s: species.get(s, s))
    counts["park"] = counts["park"].map(lambda p: parks.get(p, p))
    return counts[columns].reset_index(drop=True)


def comparison(rai_table: pd.DataFrame, park_labels: list[str], rai_label: str) -> pd.DataFrame:
    """Parks side by side: one row per species; per park its records and its RAI."""
    columns = ["species"]
    for park in park_labels:
        columns += [park, f"{park} · {rai_label}"]
    if rai_table.empty:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({"species": sorted(set(rai_table["species"]))})
    for park in park_labels:
        own = rai_table[rai_table["park"] == park].set_index("species")
        out[park] = out["species"].map(own["detections"]).fillna(0).astype("int64")
        out[f"{park} · {rai_label}"] = out["species"].map(own["rai"]).fillna(0.0)
    return out[columns]
