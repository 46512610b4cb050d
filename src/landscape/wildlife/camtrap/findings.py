"""The parts of a package as read (resources, tables) and the problems found in them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.problems import RowProblems, Severity
from landscape.wildlife.camtrap.schema import MISSING_VALUES


@dataclass(frozen=True)
class Resource:
    """A table named in datapackage.json: where it is and what marks a missing value."""

    name: str
    path: Path
    shown: str  # the path used in problems
    missing_values: tuple[str, ...] = MISSING_VALUES


@dataclass
class Table:
    """One table as read: text values (missing values as NaN) and the parsed typed columns."""

    resource: Resource
    raw: pd.DataFrame  # every cell as written (a 0.1.x table: renamed and converted to 1.0)
    values: pd.DataFrame  # the checked and used columns as text, NaN where a value is missing
    typed: dict[str, pd.Series] = field(default_factory=dict)  # numbers, times (NaN/NaT if bad)
    complete: bool = True  # every required column the dashboard uses is present
    written: dict[str, str] = field(default_factory=dict)  # 1.0 name -> the file's 0.1.x name
    missing: list[str] = field(default_factory=list)  # required columns the dashboard uses

    def label(self, name: str) -> str:
        """A field as the file names it."""
        return self.written.get(name, name)


Message = Callable[[int], str]  # the message for the row at a position


def flag(
    findings: RowProblems,
    name: str,
    mask: pd.Series | np.ndarray,
    message: Message,
    severity: Severity = "error",
) -> None:
    """A problem in field `name` for every data row where `mask` holds; message(position) words
    it (position 0 is the first data row, "row 2")."""
    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    findings.rows(name, positions + 2, lambda i: message(int(positions[i])), severity)
