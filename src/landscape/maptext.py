"""The map as text: what it shows, for a screen reader and for anyone who cannot read the
map's colours and shapes. Plain data (titles and lines of text); the UI lays it out.

It follows the view the map draws: the parks and places of the chosen projects, the whole
border (the base map's), and the figures of the current wildlife layers as the wildlife panel
computes them (`figures.totals`, `patrols.coverage`) for the filtered view.
"""

from __future__ import annotations

from dataclasses import dataclass

from landscape import geometry, panels
from landscape.catalog import Catalog
from landscape.content import accuracy_note, country_name
from landscape.formatting import fmt_int, fmt_number, fmt_step
from landscape.i18n import Translate
from landscape.reads import reads
from landscape.text import tr
from landscape.wildlife import figures, patrols


@dataclass(frozen=True)
class Section:
    """One kind of thing on the map: its name and one line per item."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Layers:
    """What the map draws now: its layer names (schema.TOUR_LAYERS), how the records are
    shown (`mode`: grid, heatmap or clusters; `measure`: what colours the grid), whether
    patrol coverage is switched on, and the grid step in degrees."""

    names: tuple[str, ...]
    mode: str
    measure: str
    patrols: bool
    step: float


def _parks(view: Catalog, lang: str, t: Translate) -> Section:
    items = tuple(
        t(
            "maptext.park",
            name=tr(park, "name", lang),
            country=country_name(view, park["country"], lang),
            accuracy=accuracy_note(park["accuracy"], t),
        )
        for park in view.parks.to_dict("records")
    )
    return Section(t("map.parks"), items)


def _border(cat: Catalog, lang: str, t: Translate) -> Section:
    """The state border and the shared ridge, as the base map draws them (whole catalog)."""
    items = [
        t("maptext.line", name=tr(row, "name", lang), note=t("map.border_note"))
        for row in cat.border.to_dict("records")
    ]
    if not geometry.shared_ridge(cat.border, cat.parks).is_empty:
        items.append(t("maptext.line", name=t("map.ridge"), note=t("map.ridge_note")))
    return Section(t("map.border"), tuple(items))


def _places(view: Catalog, lang: str, t: Translate) -> Section:
    items = []
    for place in view.places.to_dict("records"):
        details = panels.selection_details(view, "place", place["id"], lang, t) or {}
        events = details.get("related") or []
        name = tr(place, "name", lang)
        items.append(t("maptext.line", name=name, note="; ".join(events)) if events else name)
    return Section(t("map.places"), tuple(items))


def _records(
    view: Catalog, totals: figures.Totals, layers: Layers, lang: str, t: Translate
) -> list[str]:
    """The detections layer: how many records of how many species, shown how; how many of them
    are generalised or have no position."""
    if not totals.records:
        return [t("wildlife.nothing_chosen")]
    measure = t(f"wildlife.by_{layers.measure}")
    shown = t(f"maptext.shown_{layers.mode}", step=fmt_step(layers.step, lang), measure=measure)
    items = [
        t(
            "maptext.records",
            records=fmt_int(totals.records, lang),
            species=fmt_int(totals.species, lang),
            shown=shown,
        )
    ]
    if totals.generalised:
        items.append(t("maptext.generalised", n=fmt_int(totals.generalised, lang)))
    unmapped = int(view.observations["lat"].isna().sum())
    if unmapped:
        items.append(t("maptext.unmapped", n=fmt_int(unmapped, lang)))
    return items


def _patrols(view: Catalog, layers: Layers, lang: str, t: Translate) -> str:
    """The patrol coverage layer: switched off, nothing chosen, or how many cells it covers."""
    if not layers.patrols:
        return t("maptext.patrols_off")
    if view.patrols.empty:
        return t("patrols.nothing_chosen")
    cells = patrols.coverage(view.waypoints, layers.step)
    return t(
        "maptext.patrols",
        cells=fmt_int(len(cells), lang),
        patrols=fmt_int(len(view.patrols), lang),
        step=fmt_step(layers.step, lang),
    )


def _wildlife(view: Catalog, whole: Catalog, layers: Layers, lang: str, t: Translate) -> Section:
    """The key figures of the wildlife layers on the map (empty without wildlife data)."""
    items: list[str] = []
    if whole.datasets.empty:
        return Section(t("maptext.wildlife"), ())
    if figures.synthetic_shown(view):
        items.append(t("wildlife.synthetic_banner"))
    totals = figures.totals(view)
    if "detections" in layers.names:
        items += _records(view, totals, layers, lang, t)
    if "cameras" in layers.names and not view.deployments.empty:
        items.append(
            t(
                "maptext.cameras",
                n=fmt_int(len(view.deployments), lang),
                days=fmt_number(totals.camera_days, 0, lang),
            )
        )
    if "patrols" in layers.names and not whole.patrols.empty:
        items.append(_patrols(view, layers, lang, t))
    return Section(t("maptext.wildlife"), tuple(items))


@reads(
    "border",
    "countries",
    "datasets",
    "deployments",
    "events",
    "observations",
    "parks",
    "patrols",
    "places",
    "sources",
    "waypoints",
)
def describe(
    whole: Catalog, view: Catalog, layers: Layers, lang: str, t: Translate
) -> list[Section]:
    """What the map of `view` shows, section by section (empty sections left out). `whole`
    is the viewer's shown catalog, of which the base map draws the border."""
    sections = []
    if "parks" in layers.names:
        sections.append(_parks(view, lang, t))
    sections.append(_border(whole, lang, t))
    if "places" in layers.names:
        sections.append(_places(view, lang, t))
    sections.append(_wildlife(view, whole, layers, lang, t))
    return [s for s in sections if s.items]
