"""Problems found in data files: one type, one format, shared by the CLI and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, said so that the data manager can fix it."""

    path: str
    locator: str
    severity: Severity
    message: str

    def line(self) -> str:
        """`PATH[:LOCATOR]: severity: message`, the CLI contract in DESIGN.md."""
        where = f"{self.path}:{self.locator}" if self.locator else self.path
        return f"{where}: {self.severity}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]
