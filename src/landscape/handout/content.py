"""The text of a handout as plain data: facts with their sources, notes, the area to map.

Tests check this layer without pixels; `page.render` lays it out.
"""

from __future__ import annotations

import re
from typing import Any

import shapely

from landscape import geometry, panels
from landscape.catalog import Catalog
from landscape.content import accuracy_note, by_id, country_name, or_gap, source_titles
from landscape.handout.area import box, inside, reach, touching
from landscape.handout.model import FORMATS, KINDS, Bounds, Fact, Handout, Kind
from landscape.i18n import Translate
from landscape.text import LANGS, tr

Row = tuple[str, str, list[str]]  # label, value, the source ids it cites


def content(cat: Catalog, kind: Kind, item_id: str, lang: str, t: Translate) -> Handout:
    """The handout of park or project `item_id` in `lang`; KeyError for an unknown id."""
    if kind == "park":
        return _park_handout(cat, _record(cat.parks, kind, item_id), lang, t)
    if kind == "project":
        return _project_handout(cat, _record(cat.projects, kind, item_id), lang, t)
    raise ValueError(f"unknown handout kind {kind!r}; known kinds: {', '.join(KINDS)}")


def filename(kind: str, item_id: str, lang: str, fmt: str) -> str:
    """'handout-park-chon-kemin-ru.pdf': only [a-z0-9-] from the id, known kind/lang/format."""
    if kind not in KINDS or lang not in LANGS or fmt not in FORMATS:
        raise ValueError(f"unknown kind, language or format: {kind!r}, {lang!r}, {fmt!r}")
    slug = re.sub(r"[^a-z0-9]+", "-", str(item_id).lower()).strip("-")[:64] or "item"
    return f"handout-{kind}-{slug}-{lang}.{fmt}"


def _record(frame: Any, kind: str, item_id: str) -> dict[str, Any]:
    """The record with this id, or a KeyError that names the kind, the id and the known ids."""
    record = by_id(frame, item_id) if not frame.empty else None
    if record is None:
        known = ", ".join(sorted(str(i) for i in frame["id"])) or "none"
        raise KeyError(f"unknown {kind} id {item_id!r}; known {kind} ids: {known}")
    return record


def _fact(label: str, value: str, ids: list[str], t: Translate) -> Fact:
    """A fact row citing '[WDPA; PD]'; a gap cites nothing, an uncited value says so."""
    if value == t("gap.text"):
        return (label, value, "")
    return (label, value, f"[{'; '.join(ids)}]" if ids else t("gap.text"))


def _park_handout(cat: Catalog, park: dict[str, Any], lang: str, t: Translate) -> Handout:
    """Facts of one park (as panels.park_facts gives them), mapped around its outline."""
    table = panels.park_facts(cat.replace(parks=cat.parks[cat.parks["id"] == park["id"]]), lang, t)
    skip = {t("popup.geometry_source"), t("popup.source")}
    cited, drawn = list(park["source"] or []), list(park["geometry_source"] or [])
    own = {t("popup.area_computed"): drawn}
    rows = [(t("handout.setting"), or_gap(tr(park, "setting", lang), t), cited)]
    rows += [
        (str(label), str(value), own.get(str(label), cited))
        for label, value in table.iloc[:, 0].items()
        if label not in skip
    ]
    rows.append((t("handout.outline"), accuracy_note(park["accuracy"], t), drawn))
    projects = cat.projects[[park["id"] in (p or []) for p in cat.projects["parks"]]]
    if not projects.empty:
        titles = "; ".join(tr(p, "title", lang) for p in projects.to_dict("records"))
        ids = list(dict.fromkeys(s for refs in projects["source"] for s in refs or []))
        rows.append((t("handout.projects"), titles, ids))
    bounds = box([park["geometry"]])
    places = [p["id"] for p in cat.places.to_dict("records") if inside(p["geometry"], bounds)]
    country = country_name(cat, park["country"], lang)
    subtitle = " · ".join(s for s in (tr(park, "status", lang), country) if s)
    head = ("park", park["id"], tr(park, "name", lang), subtitle)
    return _finish(cat, head, rows, bounds, [park["id"]], places, lang, t)


def _project_handout(cat: Catalog, project: dict[str, Any], lang: str, t: Translate) -> Handout:
    """Facts of one project (as panels.project_cards gives them) and its related events."""
    one = cat.replace(projects=cat.projects[cat.projects["id"] == project["id"]])
    card = panels.project_cards(one, lang, t)[0]
    cited = list(project["source"] or [])
    rows = [
        (t("handout.summary"), card["summary"], cited),
        (t("projects.implementer"), card["implementer"], cited),
        (t("projects.partners"), card["partners"], cited),
        (t("projects.period"), card["period"], cited),
        (t("projects.parks"), card["parks"], cited),
    ]
    related = cat.events[[project["id"] in (refs or []) for refs in cat.events["projects"]]]
    place_ids: list[str] = []
    for row in panels.timeline(cat.replace(events=related), lang, t):
        event = by_id(related, row["id"]) or {}
        text = f"{row['title']} ({row['place']}; {row['when']})"
        rows.append((t("handout.event"), text, list(event.get("source") or [])))
        if event.get("place") and event["place"] not in place_ids:
            place_ids.append(event["place"])
    park_ids = [p for p in project["parks"] or [] if p in set(cat.parks["id"])]
    bounds = _project_bounds(cat, park_ids, place_ids)
    title, full = tr(project, "title", lang), tr(project, "full_title", lang)
    head = ("project", project["id"], title, full if full != title else "")
    return _finish(cat, head, rows, bounds, park_ids, place_ids, lang, t)


def _finish(
    cat: Catalog,
    head: tuple[str, str, str, str],
    rows: list[Row],
    bounds: Bounds,
    park_ids: list[str],
    place_ids: list[str],
    lang: str,
    t: Translate,
) -> Handout:
    """Cite each fact, list the sources (the facts' first, then the map's layers), add notes."""
    facts = [_fact(label, value, ids, t) for label, value, ids in rows]
    cited = [s for (_, _, ids), fact in zip(rows, facts, strict=True) if fact[2] for s in ids]
    kind, item_id, title, subtitle = head
    return Handout(
        kind=kind,
        item_id=item_id,
        title=title,
        subtitle=subtitle,
        facts=facts,
        sources=source_titles(
            cat, dict.fromkeys(cited + _map_sources(cat, bounds, place_ids)), lang
        ),
        notes=_notes(cat, bounds, place_ids, lang, t),
        bounds=bounds,
        park_ids=park_ids,
        place_ids=place_ids,
    )


def _project_bounds(cat: Catalog, park_ids: list[str], place_ids: list[str]) -> Bounds:
    """Around the project's parks, else its event places, else the whole landscape."""
    parks = cat.parks[cat.parks["id"].isin(park_ids)]
    if not parks.empty:
        return box(list(parks.geometry))
    places = cat.places[cat.places["id"].isin(place_ids)]
    if not places.empty:
        return box(list(places.geometry))
    (south, west), (north, east) = geometry.bounds_of(cat.parks, cat.border)
    return box([shapely.box(west, south, east, north)])


def _map_sources(cat: Catalog, bounds: Bounds, place_ids: list[str]) -> list[str]:
    """Source ids of what the map draws: outlines, border, countries, lakes, rivers, towns,
    places."""
    ids: list[str] = []
    for frame, column in (
        (cat.parks, "geometry_source"),
        (cat.border, "source"),
        (cat.countries, "source"),
        (cat.lakes, "source"),
        (cat.rivers, "source"),
        (cat.towns, "source"),
    ):
        for record in touching(frame, reach(bounds)):
            ids += list(record.get(column) or [])
    for place in cat.places[cat.places["id"].isin(place_ids)].to_dict("records"):
        if inside(place["geometry"], bounds):
            ids += list(place.get("geometry_source") or [])
    return ids


def _notes(
    cat: Catalog, bounds: Bounds, place_ids: list[str], lang: str, t: Translate
) -> list[str]:
    """The map's caveats: vector drawing, outline accuracy, place accuracy, places off the map."""
    notes = [t("handout.map_note")]
    for park in touching(cat.parks, reach(bounds)):
        if park["accuracy"] != "official":
            notes.append(f"{tr(park, 'name', lang)}: {accuracy_note(park['accuracy'], t)}")
    places = cat.places[cat.places["id"].isin(place_ids)].to_dict("records")
    shown = [p for p in places if inside(p["geometry"], bounds)]
    for accuracy in dict.fromkeys(p["accuracy"] for p in shown):
        note = t("map.place_note") if accuracy == "city-level" else accuracy_note(accuracy, t)
        notes.append(f"{t('map.places')}: {note}")
    away = [tr(p, "name", lang) for p in places if p not in shown]
    if away:
        notes.append(t("handout.outside", names=", ".join(away)))
    return notes
