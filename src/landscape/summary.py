"""`landscape summary --json`: what the data directory holds, as plain JSON-ready data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landscape.catalog import Catalog
from landscape.problems import errors, warnings
from landscape.text import tr


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def summarize(cat: Catalog, public: bool = False) -> dict[str, Any]:
    """Counts and the main records. `public` gives what a public viewer may see; today that is
    everything, as no layer yet holds sensitive locations (observations come later)."""
    parks = [
        {
            "id": p["id"],
            "name": tr(p, "name"),
            "country": p["country"],
            "area_km2": round(float(p["area_km2"]), 2),
            "area_reported_km2": p["area_reported_km2"],
            "source": list(p["source"]),
            "geometry_source": list(p["geometry_source"]),
            "accuracy": p["accuracy"],
        }
        for p in cat.parks.to_dict("records")
    ]
    places = [
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
    projects = [
        {
            "id": p["id"],
            "title": tr(p, "title"),
            "parks": list(p["parks"]),
            "source": list(p["source"]),
        }
        for p in cat.projects.to_dict("records")
    ]
    events = [
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
        "problems": {
            "errors": len(errors(list(cat.problems))),
            "warnings": len(warnings(list(cat.problems))),
        },
    }
