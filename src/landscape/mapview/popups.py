"""Popup and tooltip HTML for map features. Every piece of data text goes through esc()."""

from __future__ import annotations

from typing import Any

from landscape.catalog import Catalog
from landscape.content import accuracy_note, country_name, source_titles
from landscape.formatting import fmt_date, fmt_number, fmt_plain, fmt_range
from landscape.i18n import Translate
from landscape.text import esc, is_blank, tr


def _table(rows: list[tuple[str, str]]) -> str:
    """Label/value rows; both parts must already be escaped."""
    body = "".join(
        f'<tr><th style="text-align:left;padding-right:8px;vertical-align:top">{label}</th>'
        f"<td>{value}</td></tr>"
        for label, value in rows
    )
    return f'<table style="font-size:13px">{body}</table>'


def _gap(value: Any, t: Translate) -> str:
    if is_blank(value):
        return f'<i class="gap">{esc(t("gap.text"))}</i>'
    return esc(value)


def _list(items: list[str]) -> str:
    return "<br>".join(esc(item) for item in items)


def park_popup(park: dict[str, Any], cat: Catalog, lang: str, t: Translate) -> str:
    """Name, accuracy note and the park's facts with their sources."""
    established = fmt_date(park.get("established"), lang)
    basis = tr(park, "legal_basis", lang)
    if established and basis:
        established = f"{established} ({basis})"
    reported = park.get("area_reported_km2")
    rows = [
        (esc(t("popup.country")), esc(country_name(cat, park["country"], lang))),
        (esc(t("popup.region")), _gap(tr(park, "region", lang), t)),
        (esc(t("popup.status")), _gap(tr(park, "status", lang), t)),
        (esc(t("popup.established")), _gap(established, t)),
        (
            esc(t("popup.area_reported")),
            _gap(f"{fmt_number(reported, 2, lang)} km²" if fmt_number(reported) else "", t),
        ),
        *computed_area_row(park, lang, t),
        (esc(t("popup.iucn")), _gap(park.get("iucn_category"), t)),
        (esc(t("popup.wdpa")), _gap(fmt_plain(park.get("wdpa_id")), t)),
        (esc(t("popup.source")), _list(source_titles(cat, park["source"], lang))),
        (esc(t("popup.geometry_source")), _list(source_titles(cat, park["geometry_source"], lang))),
    ]
    note = esc(accuracy_note(park["accuracy"], t))
    return (
        f'<div style="min-width:260px;max-width:360px"><b style="font-size:15px">'
        f"{esc(tr(park, 'name', lang))}</b><br><i>{note}</i>{_table(rows)}</div>"
    )


def computed_area_row(park: dict[str, Any], lang: str, t: Translate) -> list[tuple[str, str]]:
    """The area computed from the outline, for an official outline only: a schematic one was
    drawn to match the reported area, so its computed area would only repeat that figure."""
    if park.get("accuracy") == "schematic":
        return []
    return [(esc(t("popup.area_computed")), esc(f"{fmt_number(park['area_km2'], 1, lang)} km²"))]


def park_tooltip(park: dict[str, Any], lang: str, t: Translate) -> str:
    note = esc(accuracy_note(park["accuracy"], t))
    return f"<b>{esc(tr(park, 'name', lang))}</b><br><i>{note}</i>"


def place_popup(place: dict[str, Any], cat: Catalog, lang: str, t: Translate) -> str:
    """The place, its accuracy, and the (filtered) events held there."""
    events = cat.events[cat.events["place"] == place["id"]]
    items = []
    for event in events.sort_values("start", na_position="last").to_dict("records"):
        when = fmt_range(event.get("start"), event.get("end"), lang) or tr(event, "date_note", lang)
        items.append(f"<li><b>{esc(tr(event, 'title', lang))}</b><br>{_gap(when, t)}</li>")
    listing = (
        f"<ul style='padding-left:16px;margin:4px 0'>{''.join(items)}</ul>"
        if items
        else (f"<i>{esc(t('popup.no_events'))}</i>")
    )
    accuracy = esc(accuracy_note(place["accuracy"], t))
    return (
        f'<div style="min-width:240px;max-width:360px"><b style="font-size:15px">'
        f"{esc(tr(place, 'name', lang))}</b> <i>({accuracy})</i>"
        f"<p style='margin:4px 0'>{esc(tr(place, 'description', lang))}</p>"
        f"<b>{esc(t('popup.events_here'))}</b>{listing}"
        f"<small>{esc(t('popup.source'))}: "
        f"{_list(source_titles(cat, place['source'], lang))}</small>"
        "</div>"
    )


def place_tooltip(place: dict[str, Any], cat: Catalog, lang: str, t: Translate) -> str:
    count = int((cat.events["place"] == place["id"]).sum())
    title = esc(tr(place, "name", lang))
    return f"<b>{title}</b> · {esc(t('popup.events_here'))}: {count}"
