"""The citation GBIF asks for, the licences and the list of source datasets."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from landscape.importers.gbif.client import ask, gbif_client
from landscape.importers.gbif.query import (
    ACCEPTED_LICENCES,
    API,
    DATASETS_FILE,
    licence_label,
    plain_text,
)


@dataclass(frozen=True)
class Source:
    """One GBIF dataset the kept records come from."""

    key: str
    records: int
    title: str
    citation: str
    doi: str


def sources(
    records: Sequence[dict[str, Any]], day: str, lookup: Callable[..., Any] | None = None
) -> list[Source]:
    """Each source dataset's own citation (GBIF's registry), most records first."""
    lookup = lookup or gbif_client()[1]
    counts = Counter(str(r.get("datasetKey") or "") for r in records)
    out = []
    for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if not key:
            continue
        answer = ask(lookup, f"look up dataset {key}", uuid=key)
        title = plain_text(answer.get("title")) or plain_text(_first_name(records, key)) or key
        doi = plain_text(answer.get("doi"))
        cited = answer.get("citation")
        text = plain_text(cited.get("text")) if isinstance(cited, dict) else ""
        if not text:
            link = f"https://doi.org/{doi}" if doi else f"https://www.gbif.org/dataset/{key}"
            text = f"{title}. Occurrence dataset {link} accessed via GBIF.org on {day}."
        out.append(Source(key, n, title, " ".join(text.split()), doi))
    return out


def _first_name(records: Sequence[dict[str, Any]], key: str) -> object:
    return next((r.get("datasetName") for r in records if r.get("datasetKey") == key), "")


def citation(day: str, total: int, found: Sequence[Source]) -> str:
    """The citation GBIF asks for: GBIF.org and the date, then each source dataset."""
    each = "; ".join(
        f"{s.citation} ({s.records:,} record{'s' if s.records != 1 else ''})" for s in found
    )
    return (
        f"GBIF.org ({day}) GBIF Occurrence Search {API}: {total:,} records from "
        f"{len(found)} dataset{'s' if len(found) != 1 else ''} (the query is in dataset.toml; "
        f"{DATASETS_FILE} lists each datasetKey with its record count for a GBIF derived "
        f"dataset). Source datasets: {each}"
    )


def licences(records: Sequence[dict[str, Any]], refused: int) -> str:
    counts = Counter(licence_label(r.get("license")) for r in records)
    order = [label for _, label in ACCEPTED_LICENCES]
    shown = ", ".join(
        f"{label} ({counts[label]:,})"
        for label in sorted(counts, key=lambda x: (-counts[x], order.index(x)))
    )
    left = (
        f"; {refused:,} record{'s' if refused != 1 else ''} under another licence or none left out"
        if refused
        else ""
    )
    return f"per record: {shown}{left}"


def datasets_csv(found: Sequence[Source]) -> bytes:
    """datasetKey,count per source dataset: the list GBIF's derived-dataset form takes."""
    buffer = io.StringIO()
    buffer.write("datasetKey,count\n")
    for s in found:
        buffer.write(f"{s.key},{s.records}\n")
    return buffer.getvalue().encode("utf-8")
