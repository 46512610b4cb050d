"""Darwin Core terms read and kept, the limits, and the small types the readers share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landscape.problems import ROW_CAP

MAX_MESSAGES_PER_FIELD = ROW_CAP  # row problems reported per field before "... and N more rows"

COUNTING = (
    "One record per occurrence row; its individuals are individualCount, an empty "
    "individualCount counting as 1 (a recorded occurrence is at least one animal), and records "
    "with occurrenceStatus 'absent' or individualCount 0, or naming no taxon, are dropped."
)
CORE_ID = "(core id)"  # the archive core's <id> column; no Darwin Core term has this name
WANTED = (
    "occurrenceID",
    "gbifID",
    "scientificName",
    "species",
    "decimalLatitude",
    "decimalLongitude",
    "eventDate",
    "year",
    "month",
    "day",
    "individualCount",
    "occurrenceStatus",
    "basisOfRecord",
    "countryCode",
    "license",
    "informationWithheld",
    "dataGeneralizations",
    "coordinateUncertaintyInMeters",
    "datasetName",
    "datasetKey",
    "datasetID",
    "institutionCode",
    "bibliographicCitation",
)
# Terms kept per record as the source gives them, beside the normalised columns, and written
# back after them: GBIF asks users to keep gbifID and datasetKey to cite what they use, and
# coordinateUncertaintyInMeters says how coarse a position already is (a generalised one).
KEPT_TERMS = ("gbifID", "datasetKey", "coordinateUncertaintyInMeters")


@dataclass(frozen=True)
class Layout:
    """How to cut one text file into records and which column holds which term."""

    delimiter: str = ","
    quotechar: str | None = '"'  # None: no quote handling
    skip: int = 0  # header records before the data (the first one names the columns)
    terms: dict[str, int] | None = None  # term -> index (an archive); None: from the header
    defaults: dict[str, str] = field(default_factory=dict)  # term -> value for empty fields


@dataclass(frozen=True)
class Eml:
    """What an archive's eml.xml says of the dataset as a whole."""

    title: str = ""
    citation: str = ""
    licence: str = ""


def term_name(term: str) -> str:
    """A Darwin Core column name from a header cell or term URI: the last segment."""
    return re.split(r"[/#:]", term.strip())[-1]


Flag = Callable[[str, "pd.Series | np.ndarray", Callable[[int], str]], None]


def to_numbers(values: pd.Series) -> pd.Series:
    """Numbers of text values as float64 (Python's float syntax, surrounding spaces allowed,
    "_" not); NaN where empty or not a number."""
    text = values.to_numpy(dtype=object)
    text = np.where((text == "") | values.str.contains("_", regex=False).to_numpy(), "nan", text)
    try:
        numbers = text.astype("float64")
    except (ValueError, TypeError):  # some value is not a number: convert one by one
        numbers = np.fromiter((_float(v) for v in text), dtype="float64", count=len(text))
    return pd.Series(numbers, index=values.index)


def _float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return float("nan")
