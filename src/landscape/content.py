"""Readable facts from the catalog, shared by the map popups, the panels and the CLI.

Everything returns plain text (not HTML); callers escape it for where it goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.text import DEFAULT_LANG, is_blank, tr


def by_id(frame: pd.DataFrame, rid: Any) -> dict[str, Any] | None:
    """One record as a dict, or None."""
    hit = frame[frame["id"] == rid]
    return None if hit.empty else hit.iloc[0].to_dict()


def or_gap(value: Any, t: Translate) -> str:
    """The value as text, or the marked gap for an undocumented fact."""
    return t("gap.text") if is_blank(value) else str(value)


def country_name(cat: Catalog, code: Any, lang: str) -> str:
    """The country's name from the basemap countries layer, else its code."""
    record = by_id(cat.countries, code)
    return tr(record, "name", lang) if record else str(code or "")


def source_titles(cat: Catalog, ids: Iterable[str], lang: str = DEFAULT_LANG) -> list[str]:
    """'[KG] Chon-Kemin park page ... (open.kg)' for each cited source id, in `lang`."""
    out = []
    for sid in ids or []:
        record = by_id(cat.sources, sid)
        if record is None:
            out.append(f"[{sid}]")
            continue
        known = (tr(record, "publisher", lang), record.get("year"))
        extra = ", ".join(str(x) for x in known if not is_blank(x) and x)
        out.append(f"[{sid}] {tr(record, 'title', lang)}" + (f" ({extra})" if extra else ""))
    return out


def source_entries(sources: pd.DataFrame, lang: str, gap: str) -> list[dict[str, Any]]:
    """Every source as the sources list shows it, in `lang`: id, title, publisher, year and
    link, where an unknown year or link is `gap` (the marked gap's text) and `gaps` names
    them, so that a viewer who follows "[KG]" sees what is missing."""
    out = []
    for record in sources.to_dict("records"):
        year, url = record.get("year"), record.get("url")
        gaps = [name for name, value in (("year", year), ("url", url)) if not value]
        out.append(
            {
                "id": str(record["id"]),
                "title": tr(record, "title", lang),
                "publisher": tr(record, "publisher", lang),
                "year": gap if "year" in gaps else str(int(year)),
                "url": gap if "url" in gaps else str(url),
                "gaps": gaps,
            }
        )
    return out


def red_list_status(species: Mapping[str, Any], lang: str, t: Translate) -> str:
    """'VU (since 2017)', 'not verified' in `lang`: the Red List category with its note."""
    code = str(species.get("iucn") or "")
    text = t("species.iucn_not_verified") if code == "not verified" else code
    note = tr(species, "iucn_note", lang)
    return f"{text} ({note})" if note and text else text


def cms_status(species: Mapping[str, Any], lang: str, t: Translate) -> str:
    """'I (since 1985)', 'not listed' in `lang`: the CMS Appendix with its note."""
    code = str(species.get("cms_appendix") or "")
    if code == "not listed":
        text = t("species.cms_not_listed")
    elif code == "I and II":
        text = t("species.cms_both")
    else:
        text = code
    note = tr(species, "cms_note", lang)
    return f"{text} ({note})" if note and text else text


def accuracy_note(accuracy: str, t: Translate) -> str:
    """What an outline's accuracy means for the viewer."""
    if accuracy == "schematic":
        return t("map.schematic")
    if accuracy == "official":
        return t("map.official")
    return t("map.accuracy", accuracy=t(f"accuracy.{accuracy}"))


def names(frame: pd.DataFrame, ids: Iterable[str], lang: str, field: str = "name") -> list[str]:
    """Display names of records by id, in the order given, skipping unknown ids."""
    out = []
    for rid in ids or []:
        record = by_id(frame, rid)
        if record is not None:
            out.append(tr(record, field, lang))
    return out
