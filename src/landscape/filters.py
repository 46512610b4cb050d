"""Filters: a Catalog goes in, a Catalog of the same shape comes out, so filters chain."""

from __future__ import annotations

from collections.abc import Iterable

from landscape.catalog import Catalog


def split_known(cat: Catalog, requested: Iterable[str]) -> tuple[list[str], list[str]]:
    """Requested project ids split into known (in catalog order) and unknown (as given)."""
    wanted = [str(r) for r in requested]
    known = [pid for pid in cat.projects["id"] if pid in wanted]
    unknown = [r for r in dict.fromkeys(wanted) if r not in set(cat.projects["id"])]
    return known, unknown


def by_projects(cat: Catalog, project_ids: Iterable[str]) -> Catalog:
    """What belongs to the chosen projects; everything when none is chosen.

    Parks: those the projects name. Events: those of the projects, plus context events that
    belong to no project (COP14 itself). Places: those where a kept event happens.
    Wildlife: records, cameras, patrol waypoints and patrols inside the kept parks.
    """
    chosen = set(project_ids)
    if not chosen:
        return cat
    projects = cat.projects[cat.projects["id"].isin(chosen)]
    park_ids = {pid for parks in projects["parks"] for pid in parks}
    events = cat.events[[not refs or bool(chosen & set(refs)) for refs in cat.events["projects"]]]
    place_ids = set(events["place"].dropna())
    return cat.replace(
        projects=projects,
        parks=cat.parks[cat.parks["id"].isin(park_ids)],
        events=events,
        places=cat.places[cat.places["id"].isin(place_ids)],
        observations=cat.observations[cat.observations["park"].isin(park_ids)],
        deployments=cat.deployments[cat.deployments["park"].isin(park_ids)],
        waypoints=cat.waypoints[cat.waypoints["park"].isin(park_ids)],
        patrols=cat.patrols[cat.patrols["park"].isin(park_ids)],
    )
