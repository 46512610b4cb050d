"""`landscape summary --json`: what the data directory holds, as plain JSON-ready data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landscape.catalog import Catalog
from landscape.problems import errors, warnings
from landscape.text import tr
from landscape.wildlife.privacy import public_view, staff_view


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _parks(cat: Catalog) -> list[dict[str, Any]]:
    return [
        {
            "id": p["id"],
            "name": tr(p, "name"),
            "country": p["country"],
            "area_km2": round(float(p["area_km2"]), 2),
            # a schematic outline is drawn to match the reported area: not a measurement
            "area_basis": "drawn to match area_reported_km2 (schematic outline)"
            if p["accuracy"] == "schematic"
            else "computed from the outline",
            "area_reported_km2": p["area_reported_km2"],
            "source": list(p["source"]),
            "geometry_source": list(p["geometry_source"]),
            "accuracy": p["accuracy"],
        }
        for p in cat.parks.to_dict("records")
    ]


def _places(cat: Catalog) -> list[dict[str, Any]]:
    return [
        {
            "id": p["id"],
            "name": tr(p, "name"),
            "lat": round(p["geometry"].y, 4),
            "lon": round(p["geometry"].x, 4),
            "accuracy": p["accuracy"],
            "source": list(p["source"]),
        }
        for p in cat.places.to_dict("records")
    ]


def _projects(cat: Catalog) -> list[dict[str, Any]]:
    return [
        {
            "id": p["id"],
            "title": tr(p, "title"),
            "parks": list(p["parks"]),
            "source": list(p["source"]),
        }
        for p in cat.projects.to_dict("records")
    ]


def _events(cat: Catalog) -> list[dict[str, Any]]:
    return [
        {
            "id": e["id"],
            "title": tr(e, "title"),
            "kind": e["kind"],
            "start": _date(e["start"]),
            "end": _date(e["end"]),
            "place": e["place"],
            "projects": list(e["projects"]),
            "source": list(e["source"]),
        }
        for e in cat.events.to_dict("records")
    ]


def summarize(cat: Catalog, public: bool = False) -> dict[str, Any]:
    """Counts and the main records. With `public`, wildlife is what a public viewer receives:
    positions of sensitive species and of ranger patrols generalised, and no patrol id,
    exactly as the public dashboard does it."""
    shown = public_view(cat) if public else staff_view(cat)
    parks, places, projects, events = _parks(cat), _places(cat), _projects(cat), _events(cat)
    return {
        "data_dir": str(cat.data_dir),
        "public": public,
        "counts": {
            "parks": len(parks),
            "places": len(places),
            "projects": len(projects),
            "events": len(events),
            "species": len(cat.species),
            "sources": len(cat.sources),
        },
        "parks": parks,
        "places": places,
        "projects": projects,
        "events": events,
        "observations": observations(shown),
        "patrols": patrols(shown),
        "mett": [
            {k: _plain(a[k]) for k in ("park", "year", "total_pct", "organisation", "source")}
            for a in cat.mett.assessments.to_dict("records")
        ],
        "problems": {
            "errors": len(errors(list(cat.problems))),
            "warnings": len(warnings(list(cat.problems))),
        },
    }


def _plain(value: Any) -> Any:
    """A JSON-ready scalar (numpy numbers become Python ones)."""
    return value.item() if hasattr(value, "item") else value


def _synthetic_ids(cat: Catalog) -> set[str]:
    return set(cat.datasets.loc[cat.datasets["synthetic"].astype(bool), "id"].astype(str))


def patrols(cat: Catalog) -> dict[str, Any]:
    """Patrol effort per dataset: never a waypoint, a track or a person. `synthetic` says
    whether generated data is among them (overall and per dataset)."""
    out = {}
    synthetic = _synthetic_ids(cat)
    for dataset, own in cat.patrols.groupby("dataset"):
        distance = own["distance_km"].sum(min_count=1)
        out[str(dataset)] = {
            "synthetic": str(dataset) in synthetic,
            "patrols": len(own),
            "patrol_days": int(own["days"].sum()),
            "distance_km": None if distance != distance else round(float(distance), 1),
            "waypoints": int((cat.waypoints["dataset"] == dataset).sum()),
            "first_day": own["start"].min().date().isoformat(),
            "last_day": own["end"].max().date().isoformat(),
        }
    return {
        "patrols": len(cat.patrols),
        "synthetic": any(entry["synthetic"] for entry in out.values()),
        "by_source": out,
    }


def _tally(frame: Any) -> dict[str, int]:
    return {"records": len(frame), "individuals": int(frame["count"].sum())}


def observations(cat: Catalog) -> dict[str, Any]:
    """Records and individuals per species and per source, and where the cameras stood. Each
    species says whether generated (synthetic) records are among its counts, and how many."""
    obs = cat.observations
    synthetic = _synthetic_ids(cat)
    by_species = {}
    for name, group in obs.dropna(subset=["species"]).groupby("species", observed=True):
        generated = int(group["dataset"].astype(str).isin(synthetic).sum())
        by_species[str(name)] = {
            **_tally(group),
            "synthetic": generated > 0,
            "synthetic_records": generated,
        }
    by_source = {}
    for row in cat.datasets.to_dict("records"):
        own = obs[obs["dataset"] == row["id"]]
        by_source[row["id"]] = {
            **_tally(own),
            "without_coordinates": int(own["lat"].isna().sum()),
            "kind": row["kind"],
            "title": row["title"],
            "citation": row["citation"],
            "licence": row["licence"],
            "synthetic": bool(row["synthetic"]),
        }
    deployments = [
        {
            "id": d["deployment"],
            "dataset": d["dataset"],
            "lat": None if d["lat"] != d["lat"] else float(d["lat"]),
            "lon": None if d["lon"] != d["lon"] else float(d["lon"]),
            "park": d["park"],
            "generalised": d["generalised"] or None,
        }
        for d in cat.deployments.to_dict("records")
    ]
    return {
        **_tally(obs),
        "by_species": dict(sorted(by_species.items())),
        "by_source": by_source,
        "without_coordinates": int(obs["lat"].isna().sum()),
        "generalised": int((obs["generalised"] != "").sum()),
        "deployments": deployments,
    }
