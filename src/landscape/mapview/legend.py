"""The legend's content: one row per park, then border, ridge, places and wildlife."""

from __future__ import annotations

from landscape import geometry
from landscape.catalog import Catalog
from landscape.content import accuracy_note, source_titles
from landscape.i18n import Translate
from landscape.mapview.groups import park_style, ridge_note
from landscape.mapview.palette import paint
from landscape.mapview.wildlife import legend_rows
from landscape.text import esc, tr


def legend_html(cat: Catalog, lang: str, t: Translate) -> str:
    """The legend as escaped HTML: one row per park, then border, ridge and places. Rows of
    what a filter can hide carry `data-legend`; the view's frame (FrameScript) shows only the
    rows of what it shows."""
    rows = []
    for park in cat.parks.to_dict("records"):
        style = park_style(cat, park["country"])
        note = accuracy_note(park["accuracy"], t)
        source = "; ".join(source_titles(cat, park["geometry_source"], lang))
        rows.append(
            f'<div class="row" data-legend="park:{esc(park["id"])}" title="{esc(source)}">'
            f'<span class="swatch" style="background:{style["fillColor"]};border:2.5px solid '
            f'{style["color"]}"></span>'
            f"<span>{esc(tr(park, 'name', lang))}<br><small>{esc(note)}</small></span></div>"
        )
    styles = cat.styles
    rows.append(
        f'<div class="row"><span class="line" style="border-top:2px dashed '
        f'{paint(styles, "border", "color")}"></span><span>{esc(t("map.border"))}<br>'
        f"<small>{esc(t('map.border_note'))}</small></span></div>"
    )
    if not geometry.shared_ridge(cat.border, cat.parks).is_empty:
        rows.append(
            f'<div class="row"><span class="line" style="border-top:5px solid '
            f'{paint(styles, "ridge", "color")}"></span><span>{esc(t("map.ridge"))}<br>'
            f"<small>{esc(ridge_note(cat, t))}</small></span></div>"
        )
    rows.append(
        f'<div class="row" data-legend="places"><span class="swatch" style="border-radius:50%;'
        f"width:14px;flex:0 0 14px;background:{paint(styles, 'place', 'fill')};border:2px solid "
        f'{paint(styles, "place", "color")}"></span><span>{esc(t("map.places"))}'
        f"<br><small>{esc(t('map.place_note'))}</small></span></div>"
    )
    rows += legend_rows(cat, t)
    return (
        f"<details open><summary><b>{esc(t('map.legend_title'))}</b></summary>"
        f"{''.join(rows)}</details>"
    )
