"""The dataset's metadata: eml.xml first, else what the records' own columns say."""

from __future__ import annotations

import pandas as pd

from landscape.wildlife.dwc.terms import COUNTING, Eml
from landscape.wildlife.model import (
    DatasetMeta,
)


def _distinct(frame: pd.DataFrame, name: str) -> list[str]:
    """The distinct non-empty values of a column, in order of first appearance."""
    if name not in frame:
        return []
    values = frame[name]
    return [str(v) for v in pd.unique(values[values.ne("")])]


def _listed(values: list[str], most: int = 3) -> str:
    """Values joined with "; ", at most `most` of them, then "and N more"."""
    text = "; ".join(values[:most])
    return f"{text} and {len(values) - most} more" if len(values) > most else text


def _by_frequency(frame: pd.DataFrame, name: str) -> list[str]:
    """Distinct non-empty values, most frequent first (ties: first appearance first)."""
    if name not in frame:
        return []
    values = frame[name]
    counts = values[values.ne("")].value_counts(sort=False)
    return [str(v) for v, _ in sorted(counts.items(), key=lambda item: -item[1])]


def dataset_meta(frame: pd.DataFrame, eml: Eml, file_name: str) -> DatasetMeta:
    """The dataset's metadata: eml.xml first, else what the records' own columns say."""
    names = _listed(_distinct(frame, "datasetName"))
    institutions = _listed(_distinct(frame, "institutionCode"))
    citations = _distinct(frame, "bibliographicCitation")
    licences = _by_frequency(frame, "license")
    keys, ids = _distinct(frame, "datasetKey"), _distinct(frame, "datasetID")
    head = names
    if institutions:
        head = f"{names} ({institutions})" if names else institutions
    fallback = f"{head}, occurrence file {file_name}" if head else f"occurrence file {file_name}"
    return DatasetMeta(
        kind="dwc",
        title=eml.title or names or file_name,
        citation=eml.citation or _listed(citations) or fallback,
        licence=eml.licence or ("per record: " + ", ".join(licences) if licences else ""),
        url="",
        name=keys[0] if len(keys) == 1 else ids[0] if len(ids) == 1 else "",
        coordinate_precision=None,
        counting=COUNTING,
    )
