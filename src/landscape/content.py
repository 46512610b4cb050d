"""Readable facts from the catalog, shared by the map popups, the panels and the CLI.

Everything returns plain text (not HTML); callers escape it for where it goes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from landscape.catalog import Catalog
from landscape.i18n import Translate
from landscape.text import is_blank, tr


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


def source_titles(cat: Catalog, ids: Iterable[str]) -> list[str]:
    """'[KG] Chon-Kemin park page ... (open.kg)' for each cited source id."""
    out = []
    for sid in ids or []:
        record = by_id(cat.sources, sid)
        if record is None:
            out.append(f"[{sid}]")
            continue
        extra = ", ".join(
            str(x) for x in (record.get("publisher"), record.get("year")) if not is_blank(x) and x
        )
        out.append(f"[{sid}] {record['title']}" + (f" ({extra})" if extra else ""))
    return out


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
