"""The parts of a package as read (resources, tables) and the problems found in them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.problems import Problem, Severity
from landscape.wildlife.camtrap.schema import CAP, MISSING_VALUES


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
Group = tuple[np.ndarray, Message, Severity]  # rows of one field with one kind of problem


@dataclass
class Findings:
    """The problems of one file, row problems grouped by field so that each field is capped."""

    where: str
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, list[Group]] = field(default_factory=dict)

    def whole(self, locator: str, message: str, severity: Severity = "error") -> None:
        """A problem of the whole file or of a whole column."""
        self.problems.append(Problem(self.where, locator, severity, message))

    def add(
        self,
        name: str,
        mask: pd.Series | np.ndarray,
        message: Message,
        severity: Severity = "error",
    ) -> None:
        """A problem for every row where `mask` holds, in field `name`."""
        self.add_rows(name, np.flatnonzero(np.asarray(mask, dtype=bool)), message, severity)

    def add_rows(
        self, name: str, positions: np.ndarray, message: Message, severity: Severity = "error"
    ) -> None:
        """A problem for every row at `positions` (0 is the first data row), in field `name`."""
        if positions.size:
            self.rows.setdefault(name, []).append((positions, message, severity))

    def result(self) -> list[Problem]:
        out = list(self.problems)
        for name, groups in self.rows.items():
            out += _capped(self.where, name, groups)
        return out


def _capped(where: str, name: str, groups: list[Group]) -> list[Problem]:
    """The first CAP row problems of one field, in row order, and a summary of the rest."""
    positions = np.concatenate([g[0] for g in groups])
    which = np.concatenate([np.full(len(g[0]), k) for k, g in enumerate(groups)])
    order = np.lexsort((which, positions))
    out = [
        Problem(
            where,
            f"row {positions[i] + 2}",
            groups[which[i]][2],
            groups[which[i]][1](int(positions[i])),
        )
        for i in order[:CAP]
    ]
    rest = order[CAP:]
    if rest.size:
        same = "with the same problem" if len(groups) == 1 else "with problems in this field"
        prefix = f"field {name!r}: " if name else ""
        kinds = {groups[k][2] for k in set(which[rest].tolist())}
        worst: Severity = "error" if "error" in kinds else "warning"
        out.append(Problem(where, name, worst, f"{prefix}... and {rest.size} more rows {same}"))
    return out
