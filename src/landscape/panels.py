"""What the panels beside the map show, as plain data: cards, rows and tables of text.

The UI layer only lays these out; tests check them without Streamlit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import shapely

from landscape.catalog import Catalog
from landscape.content import (
    accuracy_note,
    by_id,
    cms_status,
    country_name,
    names,
    or_gap,
    red_list_status,
    source_titles,
)
from landscape.formatting import fmt_date, fmt_number, fmt_plain, fmt_range
from landscape.i18n import Translate
from landscape.reads import reads
from landscape.text import tr

# A click within this many degrees of a point counts as a click on it (~5 km).
POINT_PICK_DEG = 0.05


def _events_sorted(events: pd.DataFrame) -> list[dict[str, Any]]:
    rows = events.to_dict("records")
    return sorted(rows, key=lambda e: (e.get("start") is None, e.get("start") or "", e["id"]))


def event_when(event: dict[str, Any], lang: str, t: Translate) -> str:
    """The date range, else the date note, else the gap marker."""
    return (
        fmt_range(event.get("start"), event.get("end"), lang)
        or tr(event, "date_note", lang)
        or t("cop14.date_unknown")
    )


@reads("events", "parks", "projects", "sources")
def project_cards(view: Catalog, lang: str, t: Translate) -> list[dict[str, Any]]:
    """One card per project in the view, with marked gaps for what is not documented."""
    cards = []
    for project in view.projects.to_dict("records"):
        related = view.events[[project["id"] in (refs or []) for refs in view.events["projects"]]]
        park_names = names(view.parks, project["parks"], lang)
        cards.append(
            {
                "id": project["id"],
                "title": tr(project, "title", lang),
                "full_title": tr(project, "full_title", lang),
                "summary": or_gap(tr(project, "summary", lang), t),
                "implementer": or_gap(tr(project, "implementer", lang), t),
                "partners": or_gap(tr(project, "partners", lang), t),
                "period": or_gap(project.get("period"), t),
                "parks": ", ".join(park_names) if park_names else t("projects.no_area"),
                "events": [
                    f"{tr(e, 'title', lang)} ({event_when(e, lang, t)})"
                    for e in _events_sorted(related)
                ],
                "sources": source_titles(view, project["source"], lang),
            }
        )
    return cards


@reads("events", "places", "sources")
def timeline(view: Catalog, lang: str, t: Translate) -> list[dict[str, Any]]:
    """The events of the view in date order (undated last), with Ilbirs' part in each."""
    out = []
    for event in _events_sorted(view.events):
        place = by_id(view.places, event.get("place")) if event.get("place") else None
        out.append(
            {
                "id": event["id"],
                "when": event_when(event, lang, t),
                "dated": event.get("start") is not None,
                "title": tr(event, "title", lang),
                "kind": event_kind(event["kind"], t),
                "organisers": or_gap(tr(event, "organisers", lang), t),
                "role": or_gap(tr(event, "ilbirs_role", lang), t),
                "place": tr(place, "name", lang) if place else t("gap.text"),
                "sources": source_titles(view, event["source"], lang),
            }
        )
    return out


@reads("figures", "sources")
def figures(cat: Catalog, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f["id"],
            "value": f["value"],
            "label": tr(f, "label", lang),
            "sources": source_titles(cat, f["source"], lang),
        }
        for f in cat.figures.to_dict("records")
    ]


@reads("sources", "statements")
def statements(cat: Catalog, lang: str, kind: str) -> list[dict[str, Any]]:
    rows = cat.statements[cat.statements["kind"] == kind].to_dict("records")
    return [
        {
            "id": s["id"],
            "text": tr(s, "text", lang),
            "sources": source_titles(cat, s["source"], lang),
        }
        for s in rows
    ]


@reads("countries", "parks", "sources")
def park_facts(view: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    """Facts side by side: one column per park, one row per fact, gaps marked."""
    columns: dict[str, list[str]] = {}
    labels = [
        t("popup.country"),
        t("popup.region"),
        t("popup.status"),
        t("popup.established"),
        t("popup.legal_basis"),
        t("popup.area_reported"),
        t("popup.area_computed"),
        t("popup.iucn"),
        t("popup.wdpa"),
        t("popup.geometry_source"),
        t("popup.source"),
    ]
    for park in view.parks.to_dict("records"):
        reported = fmt_number(park.get("area_reported_km2"), 2, lang)
        columns[tr(park, "name", lang)] = [
            country_name(view, park["country"], lang),
            or_gap(tr(park, "region", lang), t),
            or_gap(tr(park, "status", lang), t),
            or_gap(fmt_date(park.get("established"), lang), t),
            or_gap(tr(park, "legal_basis", lang), t),
            or_gap(t("popup.km2", n=reported) if reported else "", t),
            computed_area(park, lang, t),
            or_gap(park.get("iucn_category"), t),
            or_gap(fmt_plain(park.get("wdpa_id")), t),
            "; ".join(source_titles(view, park["geometry_source"], lang)),
            "; ".join(source_titles(view, park["source"], lang)),
        ]
    table = pd.DataFrame(columns, index=pd.Index(labels, name=t("parks.field")))
    if not (view.parks["accuracy"] != "schematic").any():  # no outline gives an area of its own
        table = table.drop(index=t("popup.area_computed"))
    return table


def computed_area(park: dict[str, Any], lang: str, t: Translate) -> str:
    """The area computed from an official outline; a schematic outline was drawn to match the
    reported area, and says so instead of repeating it as if measured."""
    if park["accuracy"] == "schematic":
        return t("popup.area_schematic")
    area = t("popup.km2", n=fmt_number(park["area_km2"], 1, lang))
    return f"{area} ({accuracy_note(park['accuracy'], t)})"


def event_kind(kind: str, t: Translate) -> str:
    """'side event' in the viewer's language."""
    return t(f"cop14.kind_{str(kind).replace(' ', '_')}")


@reads("sources", "species")
def species_table(cat: Catalog, lang: str, t: Translate) -> pd.DataFrame:
    """Names, IUCN, CMS appendix, verification and sensitivity, with sources. The sensitivity
    names who set it (`sensitivity_source`): see `sensitivity_sources`."""
    rows = []
    for sp in cat.species.to_dict("records"):
        sens = sp["sensitivity"]
        value = t("species.sensitivity_value", n=sens) if sens else t("species.sensitivity_none")
        cited = " ".join(f"[{s}]" for s in sp.get("sensitivity_source") or [])
        rows.append(
            {
                t("species.name"): tr(sp, "name", lang),
                t("species.scientific"): sp["scientific_name"],
                t("species.iucn"): red_list_status(sp, lang, t),
                t("species.cms"): cms_status(sp, lang, t),
                t("species.verification"): t("species.not_verified")
                if sp["iucn"] == "not verified"
                else t("species.verified"),
                t("species.sensitivity"): f"{value} {cited}" if cited else value,
                t("species.source"): "; ".join(source_titles(cat, sp["source"], lang)),
            }
        )
    return pd.DataFrame(rows)


@reads("sources", "species")
def sensitivity_sources(cat: Catalog, lang: str) -> list[str]:
    """The sources of the species' location sensitivity, each once, in `lang`: shown under
    the species table, so that a viewer reads who set the categories."""
    cited = [s for ids in cat.species.get("sensitivity_source", []) for s in ids or []]
    return source_titles(cat, dict.fromkeys(cited), lang)


def pick(view: Catalog, lat: float, lon: float) -> tuple[str, str] | None:
    """What a map click at (lat, lon) points at: the nearest place, else the park under it."""
    click = shapely.Point(lon, lat)
    best: tuple[float, str] | None = None
    for place in view.places.to_dict("records"):
        distance = place["geometry"].distance(click)
        if distance <= POINT_PICK_DEG and (best is None or distance < best[0]):
            best = (distance, place["id"])
    if best:
        return ("place", best[1])
    for park in view.parks.to_dict("records"):
        if park["geometry"].covers(click):
            return ("park", park["id"])
    return None


def selection_details(
    view: Catalog, kind: str, rid: str, lang: str, t: Translate
) -> dict[str, Any] | None:
    """Title, facts and related events of a selected park or place."""
    if kind == "park":
        park = by_id(view.parks, rid)
        if park is None:
            return None
        projects = view.projects[[rid in (p or []) for p in view.projects["parks"]]]
        return {
            "title": tr(park, "name", lang),
            "facts": park_facts(view.replace(parks=view.parks[view.parks["id"] == rid]), lang, t),
            "related": [tr(p, "title", lang) for p in projects.to_dict("records")],
        }
    place = by_id(view.places, rid)
    if place is None:
        return None
    here = view.events[view.events["place"] == rid]
    return {
        "title": tr(place, "name", lang),
        "facts": None,
        "description": tr(place, "description", lang),
        "related": [
            f"{row['title']} ({row['when']})"
            for row in timeline(view.replace(events=here), lang, t)
        ],
    }
