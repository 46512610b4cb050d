"""Darwin Core terms read and kept, the limits, and the small types the readers share."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from landscape.problems import Problem, Severity

MAX_MESSAGES_PER_FIELD = 20  # row problems reported per field before "... and N more rows"

COUNTING = (
    "One record per occurrence row; its individuals are individualCount, an empty "
    "individualCount counting as 1 (a recorded occurrence is at least one animal), and records "
    "with occurrenceStatus 'absent' or individualCount 0, or naming no taxon, are dropped."
)
CORE_ID = "(core id)"  # the archive core's <id> column; no Darwin Core term has this name
WIDTH = "(fields)"  # the key of "wrong number of fields" problems
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


class Report:
    """The problems of one file, with row problems capped per field."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._reported: Counter[str] = Counter()
        self._more: dict[tuple[str, str], tuple[int, Severity]] = {}

    def add(self, path: str, locator: str, severity: Severity, message: str) -> None:
        self.problems.append(Problem(path, locator, severity, message))

    def rows(
        self,
        path: str,
        key: str,
        severity: Severity,
        rows: np.ndarray,
        message: Callable[[int], str],
    ) -> None:
        """One problem per row number in `rows`; message(i) says what is wrong with rows[i].

        Only the first MAX_MESSAGES_PER_FIELD rows of a field (`key`) are formatted; the rest
        are counted for one "... and N more rows" problem.
        """
        room = max(0, MAX_MESSAGES_PER_FIELD - self._reported[key])
        shown = min(room, len(rows))
        for i in range(shown):
            self.add(path, f"row {rows[i]}", severity, message(i))
        self._reported[key] += shown
        if len(rows) > shown:
            count, worst = self._more.get((path, key), (0, "warning"))
            self._more[(path, key)] = (
                count + len(rows) - shown,
                "error" if "error" in (worst, severity) else "warning",
            )

    def finish(self) -> list[Problem]:
        """All problems, each capped field closed by its "... and N more rows" problem."""
        for (path, key), (count, severity) in self._more.items():
            what = f"field '{key}'" if key != WIDTH else "the number of fields"
            self.add(path, key, severity, f"... and {count} more rows with problems in {what}")
        self._more = {}
        return self.problems


def term_name(term: str) -> str:
    """A Darwin Core column name from a header cell or term URI: the last segment."""
    return re.split(r"[/#:]", term.strip())[-1]


def quote(value: object) -> str:
    """A value for a message, quoted and shortened."""
    text = str(value)
    return repr(text if len(text) <= 80 else text[:77] + "...")


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
